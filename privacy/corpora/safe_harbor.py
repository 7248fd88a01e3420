"""Generated clinical sentences for HIPAA Safe Harbor's ages over 89 and month-and-day dates.

Each sentence plants one gold span (an age of 90+ or a date, Chinese or English) or none: the
decoys hold what must stay (ages up to 89, years alone, fractions, blood pressures, doses,
scores, suture sizes, times, bed numbers) so a benchmark measures recall and false spans on one
set. bench/pii_safe_harbor.py scores them by character coverage.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from privacy.detect.entities import AGE_OVER_89, DATE

MONTHS = (
    "January February March April May June July August September October November December"
).split()
ZH_NUMERALS = "零一二三四五六七八九"

# "{}" is the planted value; each lead says whether the value is gold and of which type.
AGE_EN = (
    "{n}-year-old woman admitted with hip fracture.",
    "The patient is a {n} year old man with dementia.",
    "Olga Ivanova, {n} y/o, Hodgkin lymphoma.",
    "{n} yo F with CHF exacerbation.",
    "Patient aged {n}, presented with fever.",
    "Age: {n}. Chief complaint: syncope.",
    "At age {n}, she is not a surgical candidate.",
    "Patient is a {n}F with new atrial fibrillation.",
    "Pt {n} M presents with chest pain.",
)
AGE_ZH = (
    "患者，女，{n}岁，因跌倒入院。",
    "患者王秀英，{n}岁，慢性心衰急性加重。",
    "年龄：{n}，既往高血压30年。",
    "老人{n}周岁，独居。",
    "享年{n}岁。",
)
DATE_EN = (
    "Admitted on {d} with chest pain.",
    "Surgery performed on {d} without complication.",
    "Discharged {d} to home.",
    "Last hemodialysis was on {d}.",
    "Seen in clinic {d}; follow-up in 2 weeks.",
)
DECOYS_EN = (
    "The patient is a {young}-year-old man with diabetes.",
    "Blood pressure 120/80, pulse 92, temperature 99 F.",
    "Take 1/2 tab twice daily; 2/3 of patients respond.",
    "Strength 3/5 in the left arm, pain score 7/10.",
    "Closed with 4-0 Vicryl and 2-0 silk at 10:30.",
    "He underwent fundoplication in 2019 and again in March 2021.",
    "Aspirin 90 mg daily; SpO2 95% on room air.",
    "Term pregnancy at 40 and 3/7th weeks, G-2, P-2-0-0-2.",
    "Patients aged 90 or older were excluded from the trial.",
    "Software version 2.10.3 was used; ratio 1:200,000.",
    "She may 5 times a day use the inhaler.",
)
DECOYS_ZH = (
    "患者，男，{young}岁，咳嗽3月余。",
    "92床患者血压92/60mmHg，心率95次/分。",
    "90岁以上老人跌倒风险高。",
    "阿司匹林100mg qd，2023年发布的指南。",
    "病史5年，住院3天，血糖9.5mmol/L。",
)


@dataclass(slots=True, frozen=True)
class SafeHarborNote:
    """One sentence, its gold span (start, end, entity) or None, and its language."""

    text: str
    span: tuple[int, int, str] | None
    lang: str


def _zh_numeral(n: int) -> str:
    """九十二, 一百, 一百零一: an age of 90-109 in Chinese numerals."""
    if n >= 100:
        return "一百" + ("零" + ZH_NUMERALS[n - 100] if n > 100 else "")
    tens, ones = divmod(n, 10)
    return ZH_NUMERALS[tens] + "十" + (ZH_NUMERALS[ones] if ones else "")


def _date_text(rng: random.Random, day: date) -> str:
    """The day in one of the English layouts a note uses."""
    month = MONTHS[day.month - 1]
    ordinal = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
    layouts = (
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}-{day.day:02d}-{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year % 100:02d}",
        day.isoformat(),
        f"{month} {day.day}, {day.year}",
        f"{month[:3]} {day.day}",
        f"{month[:3]}{'.' if len(month) > 3 else ''} {day.day}, {day.year}",
        f"{day.day} {month[:3]} {day.year}",
        f"{day.day}{ordinal.get(day.day, 'th')} of {month}",
    )
    return rng.choice(layouts)


def _plant(lead: str, value: str, entity: str, lang: str, key: str = "n") -> SafeHarborNote:
    """The lead with `value` filled in, its span gold."""
    start = lead.index("{" + key + "}")
    text = lead.replace("{" + key + "}", value)
    return SafeHarborNote(text, (start, start + len(value), entity), lang)


def generate_safe_harbor(n: int, seed: int = 20261207) -> list[SafeHarborNote]:
    """`n` sentences: about a third ages over 89, a third dates, a third decoys with no gold."""
    rng = random.Random(seed)
    out: list[SafeHarborNote] = []
    first = date(2018, 1, 1)
    for i in range(n):
        kind = i % 3
        if kind == 0:
            age = rng.randint(90, 109)
            if rng.random() < 0.5:
                out.append(_plant(rng.choice(AGE_EN), str(age), AGE_OVER_89, "en"))
            else:
                lead = rng.choice(AGE_ZH)
                value = str(age) if "年龄" in lead or rng.random() < 0.8 else _zh_numeral(age)
                unit = "周岁" if "周岁" in lead else ("岁" if "岁" in lead else "")
                # Chinese ages are gold with their unit (92岁), as clinical annotators mark them.
                note = _plant(lead.replace("{n}" + unit, "{n}"), value + unit, AGE_OVER_89, "zh")
                out.append(note)
        elif kind == 1:
            day = first + timedelta(days=rng.randint(0, 3650))
            out.append(_plant(rng.choice(DATE_EN), _date_text(rng, day), DATE, "en", "d"))
        else:
            young = str(rng.randint(18, 89))
            lang = "en" if rng.random() < 0.6 else "zh"
            lead = rng.choice(DECOYS_EN if lang == "en" else DECOYS_ZH)
            out.append(SafeHarborNote(lead.replace("{young}", young), None, lang))
    return out
