"""Postal codes after a cue (邮编：116001, 邮政编码 110000, ZIP 02139): finer than a state."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import POSTAL_CODE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

# HIPAA Safe Harbor counts ZIP codes as identifiers; a Chinese postal code names a delivery area
# inside a county. Six bare digits are lab values, AIS codes or serials, so only a cue makes one.
_ZH = re.compile(
    r"(?:邮政编码|邮编|邮码)\s*(?:[:=]|是|为)?\s*(?P<code>[0-8][0-9]{2} ?[0-9]{3})(?![0-9])"
)
_EN = re.compile(
    r"(?<![A-Za-z])(?:zip(?:\s*code)?|post(?:al)?\s*code)\s*(?:[:=#]|is)?\s*"
    r"(?P<code>[0-9]{5}(?:-[0-9]{4})?)(?![0-9\-])",
    re.IGNORECASE,
)
SCORE = 0.85


@register
class PostalCodeRecognizer(BohaiRecognizer):
    """A 6-digit Chinese postal code after 邮编/邮政编码, or a US ZIP after ZIP/postal code."""

    ENTITIES: ClassVar[tuple[str, ...]] = (POSTAL_CODE,)
    PREFILTER: ClassVar[str | None] = r"(?i)邮政编码|邮编|邮码|zip|post"

    def find(self, norm: NormalizedText) -> list[Span]:
        """Each cued code (the cue itself stays in the text)."""
        spans = [m.span("code") for rx in (_ZH, _EN) for m in rx.finditer(norm.text)]
        return [self.span(norm, start, end, POSTAL_CODE, SCORE) for start, end in sorted(spans)]
