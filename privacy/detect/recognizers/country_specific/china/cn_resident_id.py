"""Mainland resident identity card numbers (GB 11643): 18 digits with MOD 11-2 check, or 15 legacy.

Recall first: a well-shaped number (real province code, real birth date) is reported even
when its check character is wrong or it is written with odd spacing, because typos are
common and a leaked ID costs far more than a masked harmless number. Only a correct check
character earns the high score.
"""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.checksums import resident_id_checksum_ok, resident_id_shape_ok
from privacy.detect.entities import CN_RESIDENT_ID
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import (
    NOT_DIGIT_AFTER,
    NOT_DIGIT_BEFORE,
    SEP,
    BohaiRecognizer,
    digits_only,
    register,
)
from privacy.detect.spans import Span

_ID18 = re.compile(
    NOT_DIGIT_BEFORE
    + r"[1-9][0-9](?:"
    + SEP
    + r"[0-9]){15}"
    + SEP
    + r"[0-9Xx]"
    + r"(?![0-9A-Za-z])"
)
_ID15 = re.compile(NOT_DIGIT_BEFORE + r"[1-9][0-9](?:" + SEP + r"[0-9]){13}" + NOT_DIGIT_AFTER)

SCORE_CHECKED = 0.95
SCORE_BAD_CHECK = 0.6
SCORE_LEGACY = 0.5
CONTEXT_BOOST = 0.3


@register
class CnResidentIdRecognizer(BohaiRecognizer):
    """18-digit (checked) and 15-digit (legacy) resident ID numbers."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_RESIDENT_ID,)
    PREFILTER: ClassVar[str | None] = r"[0-9](?:[ \-]{0,2}[0-9]){13}"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "身份证",
        "身份号",
        "证件号",
        "公民身份",
        "居民身份",
        "ID card",
        "ID No",
        "identity",
        "resident id",
        "SFZ",
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Validate each 18/15-digit candidate's region and birth date, then score its check."""
        out: list[Span] = []
        taken: list[tuple[int, int]] = []
        for m in _ID18.finditer(norm.text):
            digits = digits_only(m.group())
            if not resident_id_shape_ok(digits):
                continue
            if resident_id_checksum_ok(digits):
                score = SCORE_CHECKED
            else:
                score = SCORE_BAD_CHECK + (
                    CONTEXT_BOOST if self.has_context(norm, *m.span()) else 0
                )
            out.append(self.span(norm, m.start(), m.end(), CN_RESIDENT_ID, score))
            taken.append(m.span())
        for m in _ID15.finditer(norm.text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            digits = digits_only(m.group())
            if not resident_id_shape_ok(digits):
                continue
            score = SCORE_LEGACY + (CONTEXT_BOOST if self.has_context(norm, *m.span()) else 0)
            out.append(self.span(norm, m.start(), m.end(), CN_RESIDENT_ID, score))
        return out
