"""Ages of 90 and over (92岁, 九十二岁, 年龄：95, 96-year-old, 93 y/o, aged 91, 92F with a cue).

HIPAA Safe Harbor removes every age over 89 (they may only be told as "90 or older") and keeps
younger ages, which are clinical content. An age is a number with an age word (岁, year-old,
y/o, age); a bare 92 is a dose, a lab value or a bed and is never one.
"""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import AGE_OVER_89
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

# 90-125 (a few years past the oldest recorded person), never part of a longer number or decimal.
_N = r"(?<![0-9])(?<![0-9][.,])(?P<n>9[0-9]|1[01][0-9]|12[0-5])(?![0-9]|[.,][0-9])"
# A range or a group ("90岁以上", "90~100岁", "aged 90 or older") describes people, not a person.
_ZH_GROUP = r"(?!\s*(?:以上|以下|及以上|及以下|以后|以前|之后|之前|组|段|人群|至|到|[~～\-—]))"
# 多/余 after the number (九十多岁, 90余岁): still one person's age over 89.
_ZH_AGE = re.compile(r"(?<![~～\-—至到])" + _N + r"\s*[多余]?\s*(?:周岁|岁)" + _ZH_GROUP)
_ZH_NUMERAL = re.compile(
    r"(?<![〇零一二三四五六七八九十百千])"
    r"(?:九十[一二三四五六七八九]?|一百(?:[一二]十[一二三四五六七八九]?|零?[一二三四五六七八九])?)"
    r"\s*[多余]?\s*(?:周岁|岁)" + _ZH_GROUP
)
# 九旬 (in one's nineties: 年逾九旬, 九旬老人); 年近九旬 (nearly ninety) is under 90.
_ZH_DECADE = re.compile(r"(?<!近)(?<!近于)(?:九旬|期颐)")
_ZH_CUE = re.compile(r"年龄\s*(?:[:：]|为|是)?\s*" + _N + r"(?!\s*(?:[%‰]|个?月|天|周|小时))")
_EN_GROUP = (
    r"(?!\+|\s*(?:-|–|to)\s*[0-9]"
    r"|\s*(?:years?\s*)?(?:or|and)\s*(?:older|over|above|up|more))"
)
_EN_UNIT = r"(?:years?|yrs?)"
_SPELLED = (
    r"(?P<w>ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one hundred)"
    r"(?=[- ]" + _EN_UNIT + r"[- ]old)"
)
_EN_AGE = re.compile(
    _N
    + r"(?:\s*-?\s*"
    + _EN_UNIT
    + r"\s*-?\s*old|\s*(?:yo|y/o|y\.o\.?)(?![A-Za-z])|\s*"
    + _EN_UNIT
    + r"\s+of\s+age)"
    + _EN_GROUP
    + r"|(?<![A-Za-z])"
    + _SPELLED,
    re.IGNORECASE,
)
_EN_CUE = re.compile(
    r"(?<![A-Za-z])(?:aged?|age of|turn(?:ed|s|ing))\s*(?:[:=]\s*|is\s+|was\s+|at\s+)?"
    + _N
    + r"(?!\s*(?:days?|weeks?|months?|wks?|mos?|%|mg|kg|ml|degrees?|°)\b|%|°)"
    + _EN_GROUP,
    re.IGNORECASE,
)
# 92F / 92 M: an age only where the note speaks of a patient, never beside a temperature (99 F).
_SEXED = re.compile(_N + r"\s?(?:F|M)(?![A-Za-z0-9])")
_PATIENT = re.compile(
    r"(?<![A-Za-z])(?:patient|pt\.?|resident|HPI|case|ID|admit\w*|present\w*|complain\w*"
    r"|with|who|c/o|s/p|h/o|hx)(?![A-Za-z])",
    re.IGNORECASE,
)
_TEMPERATURE = re.compile(
    r"(?<![A-Za-z])(?:temp\w*|(?-i:T)|Tmax|febrile|afebrile|fever|degrees?|°)(?![A-Za-z])",
    re.IGNORECASE,
)
CUE_WINDOW = 24
SCORE = 0.85
SCORE_SEXED = 0.7


@register
class AgeOver89Recognizer(BohaiRecognizer):
    """An age of 90+ given with an age word in Chinese or English; ages up to 89 stay."""

    ENTITIES: ClassVar[tuple[str, ...]] = (AGE_OVER_89,)
    # [FM](?:\W|$) is [FM]\b spelled without a Unicode word boundary, which sent polars' regex
    # off its fast engine (35x the time of this test over the guard corpora, same texts).
    PREFILTER: ClassVar[str | None] = (
        r"(?i)岁|年龄|旬|期颐|age|turn|ninety|hundred"
        r"|(?:9[0-9]|1[01][0-9]|12[0-5])[\s-]*(?:y|[FM](?:\W|$))"
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Each age word with its number; in English only the number, so the sentence reads on."""
        text = norm.text
        found: set[tuple[int, int]] = set()
        for rx in (_ZH_AGE, _ZH_NUMERAL, _ZH_DECADE):
            found.update(m.span() for m in rx.finditer(text))
        for m in _EN_AGE.finditer(text):
            found.add(m.span("n") if m["n"] else m.span("w"))
        for rx in (_ZH_CUE, _EN_CUE):
            found.update(m.span("n") for m in rx.finditer(text))
        spans = [self.span(norm, s, e, AGE_OVER_89, SCORE) for s, e in _outermost(found)]
        for m in _SEXED.finditer(text):
            if self._patient_age(text, *m.span()) and not any(
                s.start <= norm.to_original(*m.span("n"))[0] < s.end for s in spans
            ):
                spans.append(self.span(norm, *m.span("n"), AGE_OVER_89, SCORE_SEXED))
        return sorted(spans, key=lambda s: s.start)

    @staticmethod
    def _patient_age(text: str, start: int, end: int) -> bool:
        """True when a patient cue is near and no temperature word stands just before."""
        lo, hi = max(0, start - CUE_WINDOW), min(len(text), end + CUE_WINDOW)
        if _TEMPERATURE.search(text, lo, start) or _TEMPERATURE.match(text[end:hi].lstrip()):
            return False
        return bool(_PATIENT.search(text, lo, start) or _PATIENT.search(text, end, hi))


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another one (年龄：95岁 is found by the cue and by 岁)."""
    return sorted(
        s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)
    )
