"""Which sentences of a Chinese text the LAC model reads: those where the rules are unsure.

LAC costs about 0.1 ms per character (the rules a fraction of that), so it reads a sentence
only when it can change the answer: a rule reading below CERTAIN lies in it, or no rule reading
does and it holds Chinese words (names the rules passed over: nicknames, foreign names).
Sentences whose names all came with a role cue (患者王芳, 操作工李强) keep the rules' answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.zh.names_shape import NameHit

# A rule reading at or above this (cue-led names score 0.85+) needs no second opinion.
CERTAIN = 0.85
_PIECE = re.compile(r"[^。！？；!?;\n]{1,160}[。！？；!?;\n]?")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def unsure_pieces(text: str, hits: Sequence[NameHit]) -> list[tuple[int, int]]:
    """[start, end) of the sentences LAC should read."""
    out: list[tuple[int, int]] = []
    for m in _PIECE.finditer(text):
        lo, hi = m.span()
        inside = [h for h in hits if h.start < hi and lo < h.end]
        if inside:
            if any(h.score < CERTAIN for h in inside):
                out.append((lo, hi))
            continue
        if _HAN_RUN.search(text, lo, hi):
            out.append((lo, hi))
    return out
