"""Month-and-day dates written the English way (10/02/2026, 2026-11-20, November 12, 2026, Nov 12,
12 Nov 2026, the 3rd of March).

Safe Harbor removes every element of a date but the year; a note's text must not undo the shift
of its date column. A year alone, a month and year, fractions (1/2 tab, 2/3 of patients), blood
pressures (120/80), scores (3/5), suture sizes (4-0), versions and times carry no month-and-day
and never match. Chinese dates are TreatmentDateRecognizer's.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from privacy.detect.entities import DATE
from privacy.detect.normalize import HAN, NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()
_MONTHS = {name.lower(): i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTHS |= {name[:3].lower(): i + 1 for i, name in enumerate(_MONTH_NAMES)} | {"sept": 9}
# A month name capitalized or upper-case, so "may 5" (may take 5) is no date; only an
# abbreviation takes a dot ("Nov. 12"; "on 9th of October." ends the sentence).
_FULL = sorted(_MONTH_NAMES, key=len, reverse=True)
_SHORT = ["Sept"] + sorted({n[:3] for n in _MONTH_NAMES} - set(_MONTH_NAMES))
_MONTH = (
    r"(?P<{g}>(?:"
    + "|".join(f"{w}|{w.upper()}" for w in _FULL)
    + r")(?![A-Za-z])|(?:"
    + "|".join(f"{w}|{w.upper()}" for w in _SHORT)
    + r")(?![A-Za-z])\.?)"
)
_DAY = r"(?P<{g}>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9]|[.:][0-9]|\s*(?:%|mg|ml|mm|cm|kg|g\b))"
_YEAR = r"(?P<{g}>(?:1[89]|20)[0-9]{{2}})(?![0-9])"
_NAMED = re.compile(
    # November 12, 2026 / Nov. 12th / NOV 12 2026
    _MONTH.format(g="m1")
    + r"\s+"
    + _DAY.format(g="d1")
    + r"(?:(?:,\s*|\s+)"
    + _YEAR.format(g="y1")
    + r")?"
    # 12 Nov 2026 / the 3rd of March / 12th November, 2026
    + r"|(?<![0-9A-Za-z.,/])"
    + _DAY.format(g="d2").replace(r"(?![0-9]|", r"(?![0-9]|\s+[0-9]|")
    + r"\s*(?:of\s+)?"
    + _MONTH.format(g="m2")
    + r"(?:,?\s+"
    + _YEAR.format(g="y2")
    + r")?"
)
# Speed only: every named form holds a month name that starts with one of these (the scan of
# _NAMED tries both of its forms at every position).
_MONTH_HEAD = re.compile("|".join(f"{w[:3]}|{w[:3].upper()}" for w in _MONTH_NAMES))
# 10/02/2026, 10-02-2026, 10.02.2026, 08/21/03 (two-digit year with slashes only): month or day
# first, as long as one reading is a real date.
_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
_NUMERIC = re.compile(
    r"(?<![0-9./\-])(?P<a>[0-9]{1,2})(?P<sep>[/\-.])(?P<b>[0-9]{1,2})(?P=sep)"
    r"(?P<y>(?:1[89]|20)[0-9]{2})(?![0-9]|[/\-.][0-9])"
    + _TIME
    + r"|(?<![0-9./\-])(?P<a2>[0-9]{1,2})/(?P<b2>[0-9]{1,2})/(?P<y2>[0-9]{2})(?![0-9]|/[0-9])"
)
# 2026-11-20, 2026/11/20 (ISO): in text without Han characters only, since in Chinese text a
# numeric date is a date beside a clinical event word (TreatmentDateRecognizer) and a log's
# timestamp otherwise. A date with its time (2023-01-22 23:07) opens a log line ("... Vessel
# berthed"), so, as in Chinese, it is a date only after an event or record word.
_ISO = re.compile(
    r"(?<![0-9./\-])(?P<y>(?:19|20)[0-9]{2})(?P<sep>[/\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?![0-9]|[/\-.][0-9])(?P<time>[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)
_EVENT = re.compile(
    r"(?<![A-Za-z])(?:admi\w*|discharg\w*|seen|visit\w*|surgery|operat\w*|procedure|born|birth"
    r"|died|death|deceased|expired|diagnos\w*|onset|underwent|performed|present\w*|transferr\w*"
    r"|deliver\w*|hospitali\w*|follow\w*|date|when|on|since|dated)\W{0,3}$",
    re.IGNORECASE,
)
EVENT_WINDOW = 24
# Above an English name's score: "Jun. 25, 2021" is a date, not a person named Jun inside one.
SCORE = 0.9
SCORE_NO_YEAR = 0.75


def _real(month: int, day: int, year: int = 2000) -> bool:
    """True for a calendar day (2000 lets Feb 29 stand without a year)."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _month(name: str) -> int:
    """Month number of a month name or abbreviation ("Nov.", "SEPT")."""
    return _MONTHS[name.rstrip(".").lower()]


@register
class EnglishDateRecognizer(BohaiRecognizer):
    """Month-and-day dates in English forms; never a year alone, a fraction or a ratio."""

    ENTITIES: ClassVar[tuple[str, ...]] = (DATE,)
    PREFILTER: ClassVar[str | None] = (
        r"(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
        r"|[0-9][/\-.][0-9]{1,2}[/\-.][0-9]{2}|(?:19|20)[0-9]{2}[/\-][0-9]"
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Every real date of the named, numeric and (outside Chinese text) ISO forms."""
        text = norm.text
        found: dict[tuple[int, int], float] = {}
        named = _NAMED.finditer(text) if _MONTH_HEAD.search(text) else ()
        for m in named:
            g = "1" if m["m1"] else "2"
            year = int(m["y" + g]) if m["y" + g] else 2000
            if _real(_month(m["m" + g]), int(m["d" + g]), year):
                found[m.span()] = SCORE if m["y" + g] else SCORE_NO_YEAR
        for m in _NUMERIC.finditer(text):
            a, b, y = (m["a"], m["b"], m["y"]) if m["a"] else (m["a2"], m["b2"], "20" + m["y2"])
            if _real(int(a), int(b), int(y)) or _real(int(b), int(a), int(y)):
                found[m.span()] = SCORE
        if not HAN.search(text):
            for m in _ISO.finditer(text):
                if not _real(int(m["m"]), int(m["d"]), int(m["y"])):
                    continue
                before = text[max(0, m.start() - EVENT_WINDOW) : m.start()]
                if not m["time"] or _EVENT.search(before):
                    found[m.span()] = SCORE
        return [self.span(norm, s, e, DATE, score) for (s, e), score in sorted(found.items())]
