"""Calendar dates in Chinese free text (2024年3月5日入院, 于2023-11-02行手术, 3月5日出院).

HIPAA Safe Harbor counts every date element but the year that relates to a person (admission,
discharge, surgery, death) as an identifier. A year on its own stays; durations (3天, 5年,
咳嗽3月余) and doses carry no day and never match.
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from privacy.detect.entities import DATE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

_YEAR = r"(?P<y>(?:19|20)[0-9]{2})"
# 号 after a day is also a bed, ward or tank number (3月5号床 is not read as a date).
_DAY_END = r"\s*(?:日|号(?![床楼房室线机罐泵塔炉院区]))"
# 2024年3月5日 (a day: always a date); 2024年3月 (no day: a date only beside a clinical event).
_ZH_FULL = re.compile(
    r"(?<![0-9])"
    + _YEAR
    + r"\s*年\s*(?P<m>[0-9]{1,2})\s*月(?:\s*(?P<d>[0-9]{1,2})"
    + _DAY_END
    + r")?"
)
# 3月5日 with no year before it ("3月余" and "3个月" are durations: no day), or after a relative
# year (今年3月5日, 去年, 前年: the day is still a date element of the person's record).
_ZH_MONTH_DAY = re.compile(
    r"(?<![0-9.\-/])(?:(?<=[今去前明昨同当]年)|(?<!年))(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})"
    + _DAY_END
)
# 3.15日 / 3．15号 (a month and day written with a point, as in 3.15日入院). 37.5 or 3.15mg carry
# no 日 and never match; 1.5日 is also a duration (发热1.5日), so a one-digit day is a date only
# after 于/在/自/从 or before an event word, and never after a word of length (约, 共, 持续).
_DOTTED_DAY = re.compile(
    r"(?<![0-9.．\-/约共达近余续历])(?P<m>[0-9]{1,2})\s*[.．]\s*(?P<d>[0-9]{1,2})" + _DAY_END
)
_DATE_LEAD = re.compile(r"[于在自从]\s*$")
# 2023-11-02, 2023/11/02, 2023.11.02: a timestamp in a shift log or port record ("时间2024-03-15")
# dates no person, so the numeric form is a date only beside a clinical event word (于2023-11-02行
# 手术, 2024/3/5复查); English notes are left to their own policies.
_NUMERIC = re.compile(
    r"(?<![0-9.\-/])" + _YEAR + r"(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"(?![0-9]|\.[0-9])"
)
# 二〇〇一年三月五日: the same date in Chinese numerals (forms, birth records).
_DIGIT_VALUES = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_ZH_NUMERALS = re.compile(
    r"(?P<y>[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>十[一二]?|[一二三四五六七八九])\s*月"
    r"\s*(?P<d>三十一?|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
    r"\s*[日号]"
)
_EVENT = re.compile(
    r"入院|出院|住院|转院|手术|术后|术前|就诊|门诊|确诊|诊断|发病|起病|病逝|死亡|去世|分娩|复查|随访"
    r"|化疗|放疗|治疗|体检|检查"
)
EVENT_WINDOW = 8
SCORE_DAY = 0.85
SCORE_MONTH = 0.7


def _zh_number(numeral: str) -> int:
    """The value of a Chinese numeral: digit by digit for a year (二〇〇一), tens for 二十三."""
    if "十" not in numeral:
        return int("".join(str(_DIGIT_VALUES[c]) for c in numeral))
    tens, _, ones = numeral.partition("十")
    return (_zh_number(tens) if tens else 1) * 10 + (_zh_number(ones) if ones else 0)


def _real(month: int, day: int | None, year: int = 2000) -> bool:
    """True for a calendar month (and day): 2000 lets 2月29日 stand without a year."""
    try:
        date(year, month, day or 1)
    except ValueError:
        return False
    return True


def _inside(span: tuple[int, int], found: dict[tuple[int, int], float]) -> bool:
    """True when `span` overlaps a date already found (3月5日 inside 2024年 3月5日)."""
    return any(s < span[1] and span[0] < e for s, e in found)


@register
class TreatmentDateRecognizer(BohaiRecognizer):
    """Month-and-day dates in Chinese text; numeric and year-month ones next to an event word."""

    ENTITIES: ClassVar[tuple[str, ...]] = (DATE,)
    # 二〇〇一年三月 has 月; 3.15日 has its 日
    PREFILTER: ClassVar[str | None] = (
        r"月|[0-9][.．][0-9]{1,2}\s*[日号]|(?:19|20)[0-9]{2}[-/.][0-9]"
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Every real date of the three forms; a year-month without an event word is kept."""
        text = norm.text
        found: dict[tuple[int, int], float] = {}
        # Speed only: each pattern is scanned only when the characters it needs are there.
        year_month = "年" in text and "月" in text
        for m in _ZH_FULL.finditer(text) if year_month else ():
            year, month, day = int(m["y"]), int(m["m"]), m["d"] and int(m["d"])
            if not _real(month, day or None, year):
                continue
            if day:
                found[m.span()] = SCORE_DAY
            elif self._near(_EVENT, text, *m.span(), EVENT_WINDOW):
                found[m.span()] = SCORE_MONTH
        for m in _ZH_NUMERALS.finditer(text) if year_month else ():
            year, month, day = (_zh_number(m[k]) for k in ("y", "m", "d"))
            if _real(month, day, year):
                found[m.span()] = SCORE_DAY
        for m in _ZH_MONTH_DAY.finditer(text) if "月" in text else ():
            if _real(int(m["m"]), int(m["d"])) and not _inside(m.span(), found):
                found[m.span()] = SCORE_DAY
        for m in _DOTTED_DAY.finditer(text) if "日" in text or "号" in text else ():
            if not _real(int(m["m"]), int(m["d"])) or _inside(m.span(), found):
                continue
            led = _DATE_LEAD.search(text, max(0, m.start() - 2), m.start())
            if len(m["d"]) == 2 or led or _EVENT.match(text, m.end()):
                found[m.span()] = SCORE_DAY
        for m in _NUMERIC.finditer(text):
            if _real(int(m["m"]), int(m["d"]), int(m["y"])) and self._near(
                _EVENT, text, *m.span(), EVENT_WINDOW
            ):
                found[m.span()] = SCORE_DAY
        return [self.span(norm, s, e, DATE, score) for (s, e), score in sorted(found.items())]

    @staticmethod
    def _near(rx: re.Pattern[str], text: str, start: int, end: int, window: int) -> bool:
        """True when `rx` matches within `window` characters before or after [start, end)."""
        return bool(
            rx.search(text, max(0, start - window), start) or rx.search(text, end, end + window)
        )
