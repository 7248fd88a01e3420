"""Unified social credit codes (GB 32100): 18 characters, mod-31 check character."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.checksums import resident_id_shape_ok, uscc_checksum_ok, uscc_shape_ok
from privacy.detect.entities import CN_USCC
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import (
    NOT_ALNUM_AFTER,
    NOT_ALNUM_BEFORE,
    BohaiRecognizer,
    register,
)
from privacy.detect.spans import Span

_ALPHABET = "[0-9A-HJ-NP-RTUW-Y]"
_USCC = re.compile(
    NOT_ALNUM_BEFORE + _ALPHABET + r"{2}[0-9]{6}" + _ALPHABET + r"{10}" + NOT_ALNUM_AFTER,
    re.IGNORECASE,
)

SCORE_CHECKED = 0.95
SCORE_BAD_CHECK = 0.45
CONTEXT_BOOST = 0.35


@register
class CnUsccRecognizer(BohaiRecognizer):
    """Company / institution credit codes; wrong check characters still reported, scored lower."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_USCC,)
    PREFILTER: ClassVar[str | None] = r"(?i)[0-9a-z]{2}[0-9]{6}[0-9a-z]{10}"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "信用代码",
        "社会信用",
        "统一代码",
        "税号",
        "纳税人识别号",
        "营业执照",
        "USCC",
        "credit code",
        "tax id",
    )
    CONTEXT_BEFORE: ClassVar[int] = 20

    def find(self, norm: NormalizedText) -> list[Span]:
        """Codes with a plausible authority and region; the check character sets the score."""
        out: list[Span] = []
        for m in _USCC.finditer(norm.text):
            code = m.group().upper()
            if not uscc_shape_ok(code):
                continue
            context = self.has_context(norm, *m.span())
            if code.isdigit() and resident_id_shape_ok(code) and not context:
                continue  # an all-digit code shaped like a resident ID: leave it to that recognizer
            if uscc_checksum_ok(code):
                score = SCORE_CHECKED
            elif code.isdigit() and not context:
                continue  # 18 plain digits failing the check: an order or serial number
            else:
                score = SCORE_BAD_CHECK + (CONTEXT_BOOST if context else 0)
            out.append(self.span(norm, m.start(), m.end(), CN_USCC, score))
        return out
