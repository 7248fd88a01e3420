"""Chinese passports: E12345678, EA1234567, G12345678; D/S/P forms only beside 护照/passport."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import CN_PASSPORT
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import (
    NOT_ALNUM_AFTER,
    NOT_ALNUM_BEFORE,
    BohaiRecognizer,
    register,
)
from privacy.detect.spans import Span

_ORDINARY = re.compile(
    NOT_ALNUM_BEFORE + r"(?:E[0-9]{8}|E[A-HJ-NP-Z][0-9]{7}|G[0-9]{8})" + NOT_ALNUM_AFTER,
    re.IGNORECASE,
)
# Diplomatic / service / public-affairs passports: too close to part numbers without a cue.
_OFFICIAL = re.compile(NOT_ALNUM_BEFORE + r"(?:[DSP]E?[0-9]{7}|SE[0-9]{7})" + NOT_ALNUM_AFTER)

SCORE_ORDINARY = 0.7
SCORE_OFFICIAL = 0.6
CONTEXT_BOOST = 0.25


@register
class CnPassportRecognizer(BohaiRecognizer):
    """Passports of the People's Republic of China."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_PASSPORT,)
    PREFILTER: ClassVar[str | None] = r"(?i)[EGDSP][A-Z]?[0-9]{7}"
    CONTEXT: ClassVar[tuple[str, ...]] = ("护照", "passport", "证件号", "PP No", "出境")
    CONTEXT_BEFORE: ClassVar[int] = 20

    def find(self, norm: NormalizedText) -> list[Span]:
        """Ordinary passports by shape (boosted by cues); official ones only with a cue."""
        out: list[Span] = []
        for m in _ORDINARY.finditer(norm.text):
            context = self.has_context(norm, *m.span())
            score = SCORE_ORDINARY + (CONTEXT_BOOST if context else 0)
            out.append(self.span(norm, m.start(), m.end(), CN_PASSPORT, score))
        for m in _OFFICIAL.finditer(norm.text):
            if self.has_context(norm, *m.span()):
                out.append(self.span(norm, m.start(), m.end(), CN_PASSPORT, SCORE_OFFICIAL))
        return out


def is_cn_passport(value: str) -> bool:
    """True when `value` has a mainland passport's shape (this recognizer's to report)."""
    return bool(_ORDINARY.fullmatch(value) or _OFFICIAL.fullmatch(value))
