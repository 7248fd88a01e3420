"""US Social Security numbers with the SSA's validity rules: no area 000, 666 or 900-999, no
group 00, no serial 0000 (078-05-1120 is valid by these rules and is found)."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import US_SSN
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

_SSN = re.compile(r"(?<![0-9\-])([0-9]{3})([ \-]?)([0-9]{2})\2([0-9]{4})(?![0-9\-])")
SCORE_DASHED = 0.85
SCORE_BARE_CUED = 0.75
CONTEXT_BOOST = 0.1


def valid_ssn(area: str, group: str, serial: str) -> bool:
    """The SSA's structural rules (the numbers never issued)."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


@register
class UsSocialSecurityRecognizer(BohaiRecognizer):
    """NNN-NN-NNNN (or with spaces); nine bare digits only right after an SSN cue."""

    ENTITIES: ClassVar[tuple[str, ...]] = (US_SSN,)
    PREFILTER: ClassVar[str | None] = r"[0-9]{3}[ \-]?[0-9]{2}[ \-]?[0-9]{4}"
    CONTEXT: ClassVar[tuple[str, ...]] = ("ssn", "social security", "social sec", "ss#", "ss #")
    CONTEXT_BEFORE: ClassVar[int] = 24

    def find(self, norm: NormalizedText) -> list[Span]:
        """Valid SSNs, scored by layout and cue."""
        out: list[Span] = []
        for m in _SSN.finditer(norm.text):
            area, sep, group, serial = m.groups()
            if not valid_ssn(area, group, serial):
                continue
            cued = self.has_context(norm, m.start(), m.end())
            if not sep and not cued:
                continue
            score = SCORE_DASHED if sep else SCORE_BARE_CUED
            if cued:
                score += CONTEXT_BOOST
            out.append(self.span(norm, m.start(), m.end(), US_SSN, score))
        return out
