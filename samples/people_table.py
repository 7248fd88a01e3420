"""A clinic's patient list as a plain CSV (Chinese and English people), with a few messy lines.

Used to check that `bohai init` drafts a spec for a table no built-in connector knows and that
the drafted run scrubs its identifiers. Everything is generated from one seed: the names, ID
numbers and phones are valid-looking and belong to nobody.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from privacy.corpora.identifiers import PiiFactory

HEADER = ("Name", "ID Number", "Phone", "Birth Date", "Address", "Diagnosis", "Visits")
HEADER_ZH = ("姓名", "身份证号", "联系电话", "出生日期", "家庭住址", "诊断", "就诊次数")
ZH_STREETS = ("人民路", "中山路", "解放街", "黄河路", "长江路", "友好路")
ZH_CITIES = ("辽宁省大连市中山区", "辽宁省沈阳市和平区", "山东省烟台市芝罘区", "天津市滨海新区")
EN_STREETS = ("Main Street", "Oak Avenue", "Maple Drive", "Church Road", "Elm Street")
EN_CITIES = ("Springfield, IL 62704", "Madison, WI 53703", "Salem, OR 97301")
DIAGNOSES = ("2型糖尿病", "高血压", "Hypertension", "Type 2 diabetes", "Asthma", "慢性胃炎")
# Messy lines appended after the good rows, each with the quarantine reason it must get.
MESSY = (
    ('"王五,110101199003071234,13800000000,1990-03-07,北京市,感冒,1', "runaway_quote"),
    ("Only,three,fields", "wrong_field_count"),
    ("李雷,210202199001011234,13900000000,1990-13-45,大连市,咳嗽,2", "unparsable_field"),
    ("Ann Lee,123-45-6789,+1 212 555 0100,1066-10-14,York,Fever,1", "implausible_date"),
)


@dataclass(frozen=True, slots=True)
class PeopleTable:
    """The text written and what a reader must find in it."""

    text: str
    good_rows: int
    identifiers: tuple[str, ...]  # names, ID numbers and phones that must not be released
    reasons: tuple[str, ...]  # quarantine reasons of the messy lines (one each)


def _row(fake: PiiFactory, rng: random.Random, zh: bool) -> list[str]:
    born = fake.birth_date()
    if zh:
        name, ident = fake.zh_name(), fake.resident_id(born).replace(" ", "")
        phone = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
        address = f"{rng.choice(ZH_CITIES)}{rng.choice(ZH_STREETS)}{rng.randint(1, 300)}号"
    else:
        name = fake.en_name()
        ident = f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
        phone = f"+1 212 {rng.randint(200, 999)} {rng.randint(1000, 9999)}"
        address = f"{rng.randint(1, 999)} {rng.choice(EN_STREETS)}, {rng.choice(EN_CITIES)}"
    visits = str(rng.randint(1, 12))
    return [name, ident, phone, born.isoformat(), address, rng.choice(DIAGNOSES), visits]


def people_table(
    rows: int = 120, seed: int = 11, messy: bool = True, header: tuple[str, ...] = HEADER
) -> PeopleTable:
    """A patient list: `rows` good records (half Chinese), then the messy lines and a copy."""
    rng = random.Random(seed)
    fake = PiiFactory(seed, messy=0.0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    body = [_row(fake, rng, zh=i % 2 == 0) for i in range(rows)]
    writer.writerows(body)
    reasons: list[str] = []
    if messy:
        writer.writerow(body[0])  # an exact copy of the first record
        reasons.append("duplicate_record")
        for line, reason in MESSY:
            out.write(line + "\n")
            reasons.append(reason)
        out.write("\n")  # a blank line is counted, not read
    identifiers = tuple(v for row in body for v in row[:3])
    return PeopleTable(out.getvalue(), rows, identifiers, tuple(reasons))


def write_people_table(
    target: Path, rows: int = 120, seed: int = 11, header: tuple[str, ...] = HEADER
) -> PeopleTable:
    """Write the patient list to `target` (UTF-8) and return what was written."""
    table = people_table(rows, seed, header=header)
    target.write_text(table.text, encoding="utf-8")
    return table
