"""QQ numbers (QQ号123456789, 扣扣：10001): an account number names a person as a phone does."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import SOCIAL_HANDLE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

# Tencent assigns QQ numbers from 10000 up: 5 to 11 digits, never a leading 0. Only after a cue
# (QQ, 扣扣, 企鹅号, with a label and a separator), since a bare number of that length is anything.
_CUED = re.compile(
    r"(?:(?<![A-Za-z])qq|扣扣|企鹅号)(?:号码|账号|帐号|号|群|\s*(?:no\.?|number|id))?"
    r"\s*(?:[:=：]|是|为)?\s*(?P<id>[1-9]\d{4,10})(?!\d)",
    re.IGNORECASE,
)
SCORE = 0.85


@register
class QQNumberRecognizer(BohaiRecognizer):
    """A QQ number right after a QQ / 扣扣 / 企鹅号 cue."""

    ENTITIES: ClassVar[tuple[str, ...]] = (SOCIAL_HANDLE,)
    PREFILTER: ClassVar[str | None] = r"(?i)qq|扣扣|企鹅号"

    def find(self, norm: NormalizedText) -> list[Span]:
        """Each cued QQ number once."""
        return [
            self.span(norm, *m.span("id"), SOCIAL_HANDLE, SCORE) for m in _CUED.finditer(norm.text)
        ]
