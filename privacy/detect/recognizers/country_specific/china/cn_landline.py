"""Mainland landlines with an area code: 0411-8888 6666, (0411)88886666, +86 411 8888 6666."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import CN_LANDLINE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import NOT_DIGIT_AFTER, BohaiRecognizer, register
from privacy.detect.spans import Span

# Area codes: 010 and 02X are three digits, all others 0 + three digits (first not 0/1/2).
_AREA = r"(?:010|02[0-9]|0[3-9][0-9]{2})"
_AREA_INTL = r"(?:10|2[0-9]|[3-9][0-9]{2})"
_LOCAL = r"[2-9][0-9]{2,3}[ \-]?[0-9]{4}"
_EXT = r"(?:(?:转|ext\.?|x|-)[ ]?[0-9]{1,5})?"
_LANDLINE = re.compile(
    r"(?<![0-9+])(?:"
    r"\(" + _AREA + r"\)[ ]?" + r"|" + _AREA + r"[ \-]{0,2}"
    r"|(?:\+|00)86[ \-]?(?:\(0\))?" + _AREA_INTL + r"[ \-]{0,2}"
    r")" + _LOCAL + NOT_DIGIT_AFTER + _EXT,
    re.IGNORECASE,
)

SCORE_SEPARATED = 0.7
SCORE_RUN_ON = 0.5
CONTEXT_BOOST = 0.25


@register
class CnLandlineRecognizer(BohaiRecognizer):
    """Fixed-line numbers that carry an area code (a bare 8-digit local number is too ambiguous)."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_LANDLINE,)
    # "+86 411 ..." drops the trunk 0: the prefilter admits it after 86 (it cut it before).
    PREFILTER: ClassVar[str | None] = (
        r"(?:0[0-9]{2,3}\)?|86[ \-]?(?:\(0\))?[1-9][0-9]{1,2})"
        r"[ \-]{0,2}[2-9][0-9]{2,3}[ \-]?[0-9]{4}"
    )
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "电话",
        "座机",
        "固话",
        "传真",
        "联系",
        "总机",
        "值班室",
        "tel",
        "phone",
        "fax",
        "landline",
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Numbers with a valid area code and 7-8 digit local part, scored by layout and context."""
        out: list[Span] = []
        for m in _LANDLINE.finditer(norm.text):
            raw = m.group()
            separated = bool(re.match(r"\(|\+|00|0[0-9]{2,3}[ \-]", raw))
            score = SCORE_SEPARATED if separated else SCORE_RUN_ON
            if self.has_context(norm, *m.span()):
                score += CONTEXT_BOOST
            out.append(self.span(norm, m.start(), m.end(), CN_LANDLINE, score))
        return out
