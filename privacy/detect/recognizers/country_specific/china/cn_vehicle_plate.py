"""Mainland vehicle plates: 辽B12345, 京A·12345, and 8-character new-energy plates 辽B·D12345."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import CN_VEHICLE_PLATE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import NOT_ALNUM_AFTER, BohaiRecognizer, register
from privacy.detect.spans import Span

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_L = "[A-HJ-NP-Z]"
_LD = "[A-HJ-NP-Z0-9]"
_PLATE = re.compile(
    "[" + PROVINCES + "]" + _L + r"[·.\- ]?"
    r"(?:(?P<nev>[DF]"
    + _LD
    + r"[0-9]{4}|[0-9]{5}[DF])|(?P<reg>"
    + _LD
    + r"{4}["
    + "0-9A-HJ-NP-Z"
    + "挂学警港澳领试超"
    + r"]))"
    + NOT_ALNUM_AFTER,
    re.IGNORECASE,
)

SCORE_NEW_ENERGY = 0.85
SCORE_REGULAR = 0.8
SCORE_LETTER_HEAVY = 0.5
CONTEXT_BOOST = 0.15


@register
class CnVehiclePlateRecognizer(BohaiRecognizer):
    """Licence plates; a serial with more than two letters is unusual and scores lower."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_VEHICLE_PLATE,)
    PREFILTER: ClassVar[str | None] = "[" + PROVINCES + "](?i)[a-z]"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "车牌",
        "牌照",
        "号牌",
        "车号",
        "车辆",
        "货车",
        "罐车",
        "槽车",
        "轿车",
        "驾驶",
        "plate",
        "vehicle",
        "truck",
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Plates with a province abbreviation, an authority letter and a 5-6 character serial."""
        out: list[Span] = []
        for m in _PLATE.finditer(norm.text):
            if m.group("nev"):
                score = SCORE_NEW_ENERGY
            else:
                letters = sum(ch.isalpha() and ch.isascii() for ch in m.group("reg"))
                score = SCORE_REGULAR if letters <= 2 else SCORE_LETTER_HEAVY
            if self.has_context(norm, *m.span()):
                score += CONTEXT_BOOST
            out.append(self.span(norm, m.start(), m.end(), CN_VEHICLE_PLATE, score))
        return out
