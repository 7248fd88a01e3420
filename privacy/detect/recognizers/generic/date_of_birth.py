"""Dates of birth: a date right after 出生日期/生日/DOB/born, in Chinese, ISO or English form."""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from privacy.detect.entities import DATE_OF_BIRTH
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_LABEL = (
    r"(?:出生日期|出生年月日|出生年月|出生时间|出生于|出生|生日|生于|DOB|D\.O\.B\.?|Date of Birth"
    r"|Birth ?date|Birthday|born(?: on| in)?)"
)
_DATE = (
    r"(?P<date>"
    r"(?P<y1>(?:19|20)[0-9]{2})\s*年\s*(?P<m1>[0-9]{1,2})\s*月(?:\s*(?P<d1>[0-9]{1,2})\s*[日号]?)?"
    r"|(?P<y2>(?:19|20)[0-9]{2})[-/.](?P<m2>[0-9]{1,2})[-/.](?P<d2>[0-9]{1,2})"
    r"|(?P<y3>(?:19|20)[0-9]{2})(?P<m3>[0-9]{2})(?P<d3>[0-9]{2})(?![0-9])"
    r"|(?P<a4>[0-9]{1,2})[/.\-](?P<b4>[0-9]{1,2})[/.\-](?P<y4>(?:19|20)[0-9]{2})"
    r"|(?P<mn5>"
    + _MONTH_RE
    + r")\.?\s+(?P<d5>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y5>(?:19|20)[0-9]{2})"
    r"|(?P<d6>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<mn6>"
    + _MONTH_RE
    + r")\.?,?\s+(?P<y6>(?:19|20)[0-9]{2})"
    r")"
)
_DOB = re.compile(_LABEL + r"\s*(?:[:：]|为|是|is|was)?\s*(?:on\s+)?" + _DATE, re.IGNORECASE)

SCORE_DOB = 0.9
SCORE_PARTIAL = 0.75


def _real(year: int, month: int, day: int | None) -> bool:
    """True for a calendar date (or year-month) between 1900 and today."""
    try:
        born = date(year, month, day or 1)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= date.today()


def _parts(m: re.Match[str]) -> tuple[int, int, int | None] | None:
    """(year, month, day) of whichever date form matched; day None for 年-月 only."""
    g = m.groupdict()
    if g["y1"]:
        return int(g["y1"]), int(g["m1"]), int(g["d1"]) if g["d1"] else None
    if g["y2"]:
        return int(g["y2"]), int(g["m2"]), int(g["d2"])
    if g["y3"]:
        return int(g["y3"]), int(g["m3"]), int(g["d3"])
    if g["y4"]:
        a, b = int(g["a4"]), int(g["b4"])
        # US month/day first unless the first part cannot be a month.
        return (int(g["y4"]), b, a) if a > 12 else (int(g["y4"]), a, b)
    if g["y5"]:
        return int(g["y5"]), _MONTHS[g["mn5"].lower()], int(g["d5"])
    if g["y6"]:
        return int(g["y6"]), _MONTHS[g["mn6"].lower()], int(g["d6"])
    return None


@register
class DateOfBirthRecognizer(BohaiRecognizer):
    """Only dates introduced as a birth date: other dates are not personal on their own."""

    ENTITIES: ClassVar[tuple[str, ...]] = (DATE_OF_BIRTH,)
    PREFILTER: ClassVar[str | None] = r"(?i)出生|生日|生于|dob|d\.o\.b|birth|born"

    def find(self, norm: NormalizedText) -> list[Span]:
        """The date after each birth label, when it is a real past date."""
        out: list[Span] = []
        for m in _DOB.finditer(norm.text):
            parts = _parts(m)
            if parts is None or not _real(*parts):
                continue
            score = SCORE_DOB if parts[2] is not None else SCORE_PARTIAL
            out.append(self.span(norm, *m.span("date"), DATE_OF_BIRTH, score))
        return out
