"""Re-split words jieba's HMM glued across a name's edge (对丽泽, 从朗塞顿赛, 富力湾建), so the
place rules see the name alone; dictionary words are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from privacy.detect.zh.segment import Token, is_cjk

# Prepositions and conjunctions the HMM glues to the start of the next unknown name (not 于 or
# 向: they are surnames too, 于丽娟).
LEADING = frozenset("在从到去对且和与投往让给把被至及或")
# Verbs and particles it glues to the end of an unknown name.
TRAILING = frozenset("建在是的了到经上和与也都就")
MIN_WORD = 3  # a split must leave a name of two characters or more


def resplit(tokens: Sequence[Token]) -> list[Token]:
    """Tokens with a function character split off each unknown (HMM-made) word's edges."""
    out: list[Token] = []
    for tok in tokens:
        if tok.tag is not None or len(tok.word) < MIN_WORD or not is_cjk(tok.word):
            out.append(tok)
            continue
        word, start, end = tok.word, tok.start, tok.end
        head = tail = None
        if word[0] in LEADING:
            head = Token(word[0], start, start + 1, "p")
            word, start = word[1:], start + 1
        if len(word) >= MIN_WORD and word[-1] in TRAILING:
            tail = Token(word[-1], end - 1, end, "u")
            word, end = word[:-1], end - 1
        out.extend(t for t in (head, Token(word, start, end, None), tail) if t is not None)
    return out
