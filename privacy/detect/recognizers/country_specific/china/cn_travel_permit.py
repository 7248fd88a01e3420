"""Mainland / Hong Kong / Macau / Taiwan travel permits: C, H, M and T prefixed numbers."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import CN_TRAVEL_PERMIT
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import (
    NOT_ALNUM_AFTER,
    NOT_ALNUM_BEFORE,
    BohaiRecognizer,
    register,
)
from privacy.detect.spans import Span

# 往来港澳通行证 C + 8 digits (or C + letter + 7), 港澳居民来往内地通行证 H/M + 8 (+2) digits,
# 往来台湾通行证 T + 8 digits.
_PERMIT = re.compile(
    NOT_ALNUM_BEFORE
    + r"(?:C[0-9]{8}|C[A-HJ-NP-Z][0-9]{7}|[HM][0-9]{8}(?:[0-9]{2})?|T[0-9]{8})"
    + NOT_ALNUM_AFTER,
    re.IGNORECASE,
)

SCORE_SHAPE = 0.6
CONTEXT_BOOST = 0.35


@register
class CnTravelPermitRecognizer(BohaiRecognizer):
    """Travel permits between the mainland and Hong Kong, Macau or Taiwan."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_TRAVEL_PERMIT,)
    PREFILTER: ClassVar[str | None] = r"(?i)[CHMT][A-Z]?[0-9]{7}"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "通行证",
        "回乡证",
        "台胞证",
        "港澳",
        "台湾",
        "permit",
        "home return",
        "证件号",
    )
    CONTEXT_BEFORE: ClassVar[int] = 20

    def find(self, norm: NormalizedText) -> list[Span]:
        """Permit-shaped numbers, scored up next to 通行证/回乡证/台胞证/permit."""
        out: list[Span] = []
        for m in _PERMIT.finditer(norm.text):
            score = SCORE_SHAPE + (CONTEXT_BOOST if self.has_context(norm, *m.span()) else 0)
            out.append(self.span(norm, m.start(), m.end(), CN_TRAVEL_PERMIT, score))
        return out
