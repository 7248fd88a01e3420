"""Which sentences of a Chinese text the LAC model reads: those where the rules are unsure.

LAC costs about 0.1 ms per character (the rules a fraction of that), so it reads a sentence
only when it can change the answer: a rule reading below CERTAIN lies in it, or no rule reading
does and it holds Chinese words (names the rules passed over: nicknames, foreign names), or its
rule readings are all certain but another word in it reads like a name (郭庆祥收藏的吴冠中作品:
吴冠中 is a name in the dictionary; 陈木胜导演、古天乐主演). Sentences whose names all came
with a role cue and hold no other name-like word (患者王芳来诊) keep the rules' answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.zh.names_shape import SURNAMES_STRONG, NameHit
from privacy.detect.zh.segment import Token, tokenize_cached, word_frequency

# A rule reading at or above this (cue-led names score 0.85+) needs no second opinion.
CERTAIN = 0.85
_PIECE = re.compile(r"[^。！？；!?;\n]{1,160}[。！？；!?;\n]?")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_HAN_WORD = re.compile(r"[\u3400-\u9fff]+")
# Dictionary tags of a person's name (jieba): such a word beside the certain names is read.
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})


def unsure_pieces(text: str, hits: Sequence[NameHit]) -> list[tuple[int, int]]:
    """[start, end) of the sentences LAC should read."""
    out: list[tuple[int, int]] = []
    name_like: list[Token] | None = None
    for m in _PIECE.finditer(text):
        lo, hi = m.span()
        inside = [h for h in hits if h.start < hi and lo < h.end]
        if inside:
            if any(h.score < CERTAIN for h in inside):
                out.append((lo, hi))
                continue
            if name_like is None:
                name_like = [t for t in tokenize_cached(text) if _name_like(t)]
            if any(
                lo <= t.start
                and t.end <= hi
                and not any(h.start < t.end and t.start < h.end for h in inside)
                for t in name_like
            ):
                out.append((lo, hi))
            continue
        if _HAN_RUN.search(text, lo, hi):
            out.append((lo, hi))
    return out


def _name_like(token: Token) -> bool:
    """A word the dictionary lists as a person's name, or an unlisted 2-3 character Chinese word
    led by a common surname (the segmenter's guess at a new word: 杨洲, 寿柏年)."""
    if token.tag in _NAME_TAGS:
        return True
    word = token.word
    return (
        2 <= len(word) <= 3
        and word[0] in SURNAMES_STRONG
        and _HAN_WORD.fullmatch(word) is not None
        and not word_frequency(word)
    )
