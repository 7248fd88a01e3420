"""Which sentences of a Chinese text the LAC model reads: those where the rules are unsure.

LAC costs about 0.1 ms per character (the rules a fraction of that), so it reads a sentence
only when it can change the answer: a rule reading below CERTAIN lies in it, or no rule reading
does and it holds Chinese words (names the rules passed over: nicknames, foreign names), or its
rule readings are all certain but another word in it reads like a name (郭庆祥收藏的吴冠中作品:
吴冠中 is a name in the dictionary; 陈木胜导演、古天乐主演). Sentences whose names all came
with a role cue and hold no other name-like word (患者王芳来诊) keep the rules' answer.

LEAN reads less (default 1; bench/pii_speed.py --lean 0|2). At 1 a lone character the
dictionary tags as a name (鲁 of a plate 鲁B..., 周 of 一周) is no
name-like word: 0 changed spans on every corpus of bench/pii_span_diff.py, ~30% more scanner
texts per CPU-second on bench/pii_speed.py's notes (LAC reads 40% fewer characters); checked
again with every name and address rule of this round merged: 0 changed spans. At 2, also, a
sentence without any rule reading (handed over as `open`) is read only when the name CRF
proposes a name in it (CLUENER test name recall 0.906 -> 0.865, precision 0.717 -> 0.776).
"""

from __future__ import annotations

import bisect
import itertools
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
# The lean gate's level (module switch): 1 changed no span on any guard corpus; 2 does.
LEAN = 1


def unsure_pieces(text: str, hits: Sequence[NameHit], lean: bool = False) -> list[tuple[int, int]]:
    """[start, end) of the sentences LAC should read (with `lean`: see gated_pieces)."""
    unsure, open_ = gated_pieces(text, hits, lean)
    return sorted(unsure + open_)


def gated_pieces(
    text: str, hits: Sequence[NameHit], lean: bool = False
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Sentences LAC reads: (those with a rule reading to check, those without any reading);
    with `lean`, lone characters are not name-like words (the second list is the same)."""
    out: list[tuple[int, int]] = []
    open_: list[tuple[int, int]] = []
    name_like: list[Token] | None = None
    like_starts: list[int] = []
    # Hits by start with the furthest end so far, so each piece looks at its own hits only (a
    # 1 MB field has ~10^4 pieces and as many hits: testing every pair was quadratic).
    by_start = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in by_start]
    reach = list(itertools.accumulate((h.end for h in by_start), max))
    for m in _PIECE.finditer(text):
        lo, hi = m.span()
        first = bisect.bisect_right(reach, lo)  # by_start[first:] end after lo
        inside = [h for h in by_start[first : bisect.bisect_left(starts, hi)] if lo < h.end]
        if inside:
            if any(h.score < CERTAIN for h in inside):
                out.append((lo, hi))
                continue
            if name_like is None:
                name_like = [
                    t
                    for t in tokenize_cached(text)
                    if _name_like(t) and not (lean and t.end - t.start < 2)
                ]
                like_starts = [t.start for t in name_like]
            piece = name_like[
                bisect.bisect_left(like_starts, lo) : bisect.bisect_left(like_starts, hi)
            ]
            if any(
                t.end <= hi and not any(h.start < t.end and t.start < h.end for h in inside)
                for t in piece
            ):
                out.append((lo, hi))
            continue
        if _HAN_RUN.search(text, lo, hi):
            open_.append((lo, hi))
    return out, open_


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
