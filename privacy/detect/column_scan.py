"""A privacy policy proposal per column, from its name, its values' shapes and the engine's hits.

The idea of presidio-structured: a column is personal when its name says so or when most of
its sampled values are detected as one entity type. Every proposal carries its evidence so a
person can check it; a column the evidence does not settle gets `undecided` instead of a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from privacy.detect.entities import DATE
from privacy.detect.scanner import Scanner

MAX_VALUES = 400  # distinct values per column sent to the engine
COVER = 0.6  # a hit must cover this share of the value to count as "the value is an X"
DECIDE = 0.5  # share of values flagged above which the column is treated as that entity
UNSURE = 0.2  # between this and DECIDE a free-text column is left to a person ...
FREE_TEXT_LEN = 20  # mean characters from which a column of several-word values is free text
FREE_TEXT_HITS = 0.05  # share of free-text values holding a detection that makes it `scan`
_WORDS = re.compile(r"[A-Za-z]+|[\u4e00-\u9fff]{2,}|[，。；,.;]")
MIN_DISTINCT = 5  # the engine alone decides nothing from fewer distinct values (units, codes)
CATEGORICAL = 0.5  # ... unless it repeats a few values (codes, units): those identify no one


@dataclass(frozen=True, slots=True)
class PolicyProposal:
    """What to do with one column and why; `undecided` means a person must choose."""

    column: str
    category: str
    policy: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    evidence: str = ""
    undecided: bool = False

    def as_spec(self) -> dict[str, Any]:
        """The `privacy.columns` entry of a dataset spec."""
        out: dict[str, Any] = {"category": self.category}
        if self.policy:
            out["policy"] = self.policy
        return out | self.params


def _share(values: Sequence[str], test: Callable[[str], bool]) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _mmsi_ok(v: str) -> bool:
    return v.isdigit() and len(v) == 9 and 201 <= int(v[:3]) <= 775


def _imo_ok(v: str) -> bool:
    digits = v.upper().removeprefix("IMO").strip()
    if not (digits.isdigit() and len(digits) == 7):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


_SSN = re.compile(r"^\d{3}-\d{2}-\d{4}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _words(name: str) -> set[str]:
    return set(name.lower().split("_"))


# 生日 is a birthday, but not inside 发生日期 / 产生日期 (the date something happened).
_BIRTHDAY_ZH = re.compile(r"(?<![发产])生日")


def _has(name: str, *words: str) -> bool:
    """True when a (Chinese) column name contains one of the words."""
    return any(w in name for w in words)


RECORD_NUMBER_NAMES = frozenset(
    {"mrn", "medical_record_number", "record_number", "patient_no", "patient_number",
     "chart_number", "hospital_number"}
)  # fmt: skip
RECORD_NUMBER_ZH = (
    "病历号", "住院号", "门诊号", "病案号", "就诊卡号", "就诊号", "患者编号", "病人编号",
    "患者号", "病人号", "患者id", "病人id", "患者登记号", "病人登记号", "住院编号",
    "门诊编号", "病案编号", "健康档案号",
)  # fmt: skip
# Said alone as a column's whole name, a HIS export's patient key (设备登记号 is no patient's).
RECORD_NUMBER_ZH_ALONE = frozenset({"登记号", "id号", "卡号"})
STAFF_ZH = ("医生", "医师", "护士", "接诊", "主治", "操作员", "班长", "负责人", "经办人")
STAFF_WORDS = frozenset(
    {"attending", "physician", "doctor", "nurse", "clinician", "provider", "surgeon", "operator"}
)
ID_NUMBER_NAMES = frozenset(
    {"id_number", "id_no", "id_card", "id_card_no", "national_id", "identity_number", "resident_id"}
)
# Column-name rules, first match wins: (test on the name, category, policy, params, why).
NAME_RULES: tuple[tuple[Callable[[str], bool], str, str | None, dict[str, Any], str], ...] = (
    (lambda n: n == "mmsi", "identifier", "pseudonym", {"domain": "mmsi"}, "a vessel's MMSI"),
    (lambda n: n == "imo", "identifier", "pseudonym", {"domain": "imo"}, "a vessel's IMO number"),
    (lambda n: n == "call_sign", "identifier", "pseudonym", {"domain": "call_sign"},
     "a vessel's radio call sign"),
    (lambda n: n == "vessel_name", "personal", "drop", {},
     "small craft are often named after their owner"),
    (lambda n: n in RECORD_NUMBER_NAMES or n in RECORD_NUMBER_ZH_ALONE
     or _has(n, *RECORD_NUMBER_ZH),
     "identifier", "pseudonym", {"domain": "patient"},
     "a patient's record number: pseudonymised, so a patient's rows still join"),
    (lambda n: bool(_words(n) & STAFF_WORDS) or _has(n, *STAFF_ZH),
     "personal", "pseudonym", {"domain": "staff"},
     "the name of a doctor, nurse or operator: pseudonymised, so their rows still group"),
    (lambda n: bool(_words(n) & {"ssn", "passport", "idcard", "drivers", "driver"})
     or "license" in n or "licence" in n or n in ID_NUMBER_NAMES
     or _has(n, "身份证", "证件", "护照", "驾驶证", "驾照"), "identifier", "drop", {},
     "a national identity document number"),
    (lambda n: bool(_words(n) & {"first", "middle", "last", "maiden", "surname", "given"})
     or n in {"name", "full_name", "person_name", "patient_name"} or _has(n, "姓名", "名字"),
     "identifier", "drop", {}, "a person's name"),
    (lambda n: bool(_words(n) & {"address", "street"}) or _has(n, "地址", "住址"), "identifier",
     "drop", {}, "a street address"),
    (lambda n: bool(_words(n) & {"phone", "mobile", "email", "fax", "tel"})
     or _has(n, "电话", "手机", "邮箱", "联系方式"), "identifier", "drop", {}, "contact details"),
    (lambda n: n in {"prefix", "suffix", "birthplace"}, "personal", "drop", {},
     "part of a person's name or origin"),
    (lambda n: n in {"birth_date", "birthdate", "dob", "date_of_birth"}
     or _has(n, "出生") or bool(_BIRTHDAY_ZH.search(n)), "quasi_identifier", "generalize",
     {"params": {"kind": "birth_date", "to": "year"}}, "a birth date"),
    (lambda n: n in {"death_date", "deathdate", "date_of_death"}, "personal", "generalize",
     {"params": {"kind": "date", "to": "year"}}, "a date of death"),
    (lambda n: n in {"zip", "postcode", "postal_code"}, "quasi_identifier", "generalize",
     {"params": {"kind": "zip", "keep": 3}}, "a postal code"),
    (lambda n: n in {"age", "age_years", "patient_age"} or _has(n, "年龄"), "quasi_identifier",
     "generalize", {"params": {"kind": "age", "band": 5}},
     "an age: 5-year bands, 90 and over one category (HIPAA Safe Harbor)"),
    (lambda n: n in {"gender", "sex", "race", "ethnicity", "marital", "county", "city", "state",
                     "district", "occupation"}
     or _has(n, "性别", "民族", "婚姻", "职业", "籍贯", "区县", "所在区"),
     "quasi_identifier", None, {}, "a demographic or place attribute"),
    (lambda n: n in {"income", "salary"}, "sensitive", "drop", {}, "a person's finances"),
)  # fmt: skip


def _name_rule(name: str) -> tuple[str, str | None, dict[str, Any], str] | None:
    for test, category, policy, params, why in NAME_RULES:
        if test(name):
            return category, policy, params, why
    return None


def entity_shares(scanner: Scanner, values: Sequence[str]) -> dict[str, float]:
    """Share of values mostly covered by a detection, per entity type (largest first)."""
    return scan_shares(scanner, values)[0]


def scan_shares(
    scanner: Scanner, values: Sequence[str]
) -> tuple[dict[str, float], dict[str, float], float]:
    """From one scan: per entity type the share of values mostly covered by a detection and the
    share holding one anywhere (a name inside a sentence), then the share holding any."""
    covered: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    anywhere = 0
    for value, spans in zip(values, scanner.scan(list(values), "auto"), strict=True):
        size = COVER * len(value.strip())
        covered.update({s.entity_type for s in spans if (s.end - s.start) >= size})
        inside.update({s.entity_type for s in spans})
        anywhere += bool(spans)
    n = max(1, len(values))
    return (
        {e: c / n for e, c in covered.most_common()},
        {e: c / n for e, c in inside.most_common()},
        anywhere / n,
    )


def free_text(values: Sequence[str]) -> bool:
    """Sentences rather than values: long on average and mostly more than one word or clause."""
    if not values:
        return False
    mean = sum(len(v) for v in values) / len(values)
    worded = _share(values, lambda v: len(_WORDS.findall(v)) >= 3)
    return mean >= FREE_TEXT_LEN and worded >= 0.5


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _listed(shares: dict[str, float], most: int) -> str:
    """'PERSON 75%, LOCATION 4%': the first `most` entity shares, for an evidence comment."""
    return ", ".join(f"{e} {_pct(s)}" for e, s in list(shares.items())[:most])


def _shape(name: str, values: Sequence[str]) -> PolicyProposal | None:
    """Identifiers recognized by their values' shape, whatever the column is called."""
    for test, what, category, policy, params in (
        (_mmsi_ok, "valid MMSIs (9 digits, MID 201-775)", "identifier", "pseudonym",
         {"domain": "mmsi"}),
        (_imo_ok, "IMO numbers with a valid check digit", "identifier", "pseudonym",
         {"domain": "imo"}),
        (lambda v: bool(_SSN.match(v)), "US SSN-shaped (ddd-dd-dddd)", "identifier", "drop", {}),
    ):  # fmt: skip
        share = _share(values, test)
        if share >= 0.8:
            return PolicyProposal(
                name, category, policy, params, f"{_pct(share)} of sampled values are {what}"
            )
    return None


def _is_key(name: str, values: Sequence[str], about_people: bool) -> PolicyProposal | None:
    """A record key (`*_id`, unique UUIDs) of a table about people: linkable, so pseudonymized."""
    if not about_people or not (name == "id" or name.endswith("_id")):
        return None
    uuids = _share(values, lambda v: bool(_UUID.match(v)))
    domain = name.removesuffix("_id") or "id"
    why = f"key of a table about people ({_pct(uuids)} of sampled values are UUIDs)"
    return PolicyProposal(name, "identifier", "pseudonym", {"domain": domain}, why)


def propose_policy(
    scanner: Scanner, name: str, series: pl.Series, about_people: bool = False
) -> PolicyProposal | None:
    """The proposal for one column, or None when nothing suggests it is personal."""
    values = [str(v) for v in series.drop_nulls().unique(maintain_order=True).head(MAX_VALUES)]
    values = [v for v in values if v.strip()]
    shaped = _shape(name, values)
    if shaped is not None:
        return shaped
    keyed = _is_key(name, values, about_people)
    if keyed is not None:
        return keyed
    text = series.dtype == pl.String and values
    shares, inside, anywhere = scan_shares(scanner, values) if text else ({}, {}, 0.0)
    seen = _listed(shares, 3)
    engine = f"; engine flags {seen} of {len(values)} distinct sampled values" if seen else ""
    ruled = _name_rule(name)
    if ruled is not None:
        category, policy, params, why = ruled
        return PolicyProposal(name, category, policy, params, f"column name: {why}{engine}")
    if text and anywhere >= FREE_TEXT_HITS and free_text(values):
        found = _listed(inside, 4)
        return PolicyProposal(
            name,
            "sensitive",
            "scan",
            {},
            f"free text: {_pct(anywhere)} of {len(values)} distinct sampled values hold "
            f"personal data ({found}); scan masks it in place and keeps the rest of the text",
        )
    if name in {"lat", "lon", "latitude", "longitude"} and about_people:
        return PolicyProposal(
            name, "personal", "drop", {}, "coordinates in a table about people locate a home"
        )
    n = len(values)
    # A column of bare dates dates a person only in a table about people (dropped here unless a
    # date rule decided it); an incident log's or a voyage's dates are kept.
    # A place inside a short value of such a table (a plant tag 常压塔顶压力.PV, a unit named
    # after its town) locates no one: scanning it would break the key model teams join on.
    if not about_people:
        shares = {e: s for e, s in shares.items() if e != DATE}
        inside = {e: s for e, s in inside.items() if e not in (DATE, "LOCATION")}
    if n < MIN_DISTINCT:
        return None
    if not shares:
        return _inside(name, inside, n)
    entity, share = next(iter(shares.items()))
    if share >= DECIDE and entity == "LOCATION":
        return PolicyProposal(
            name, "quasi_identifier", None, {}, f"{_pct(share)} of {n} distinct values are places"
        )
    if share >= DECIDE:
        return PolicyProposal(
            name, "personal", "drop", {}, f"{_pct(share)} of {n} distinct values are {entity}"
        )
    rows = series.drop_nulls().len()
    if share >= UNSURE and series.drop_nulls().n_unique() >= CATEGORICAL * rows:
        return PolicyProposal(
            name, "personal", None, {}, f"engine flags {seen} of {n} distinct values", True
        )
    return _inside(name, inside, n)


def _inside(name: str, inside: dict[str, float], n: int) -> PolicyProposal | None:
    """`scan` for short values that hold personal data without being it: a list of operators
    (王建华、李红梅), a casualty line (刘红梅，男，50岁), a handover note (交给老李)."""
    held = {e: s for e, s in inside.items() if s >= UNSURE}
    if not held:
        return None
    found = _listed(held, 4)
    return PolicyProposal(
        name,
        "personal",
        "scan",
        {},
        f"values hold personal data inside them ({found} of {n} distinct sampled values); "
        "scan masks it in place and keeps the rest",
    )


FILE_COLUMNS = ("source_file",)  # the connectors' own column naming each row's input file
_FILE_NAME_SEPARATORS = re.compile(r"[_\-.0-9]+")  # Synthea: Given123_Family456_uuid


def propose_file_names(
    scanner: Scanner, name: str, series: pl.Series, about_people: bool
) -> PolicyProposal | None:
    """`drop` for the file-name column when the table is about people or a name holds personal
    data: exports are often named after the patient (Given_Family_uuid.json)."""
    names = [str(v).rsplit("!", 1)[-1] for v in series.drop_nulls().unique().head(MAX_VALUES)]
    words = [_FILE_NAME_SEPARATORS.sub(" ", n.rsplit(".", 1)[0]).strip() for n in names]
    hits = sorted({s.entity_type for spans in scanner.scan(words, "auto") for s in spans})
    if not hits and not about_people:
        return None
    why = (
        f"file names hold {', '.join(hits)} (e.g. a patient's name)"
        if hits
        else "input file names of a table about people are often the person's name"
    )
    return PolicyProposal(name, "personal", "drop", {}, f"{why}; the release leaves them out")


def about_people(columns: Sequence[str]) -> bool:
    """True when a table has columns that describe a person (names, SSNs, birth dates)."""
    return any(
        (rule := _name_rule(c)) is not None
        and rule[0] == "identifier"
        and (rule[1] == "drop" or rule[2].get("domain") == "patient")  # not a vessel's MMSI
        for c in columns
    ) or any(c in {"birth_date", "birthdate", "patient_id"} for c in columns)
