"""Medical row rules: code check digits, timelines within a life, vital signs with units."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.config import RuleConfig
from quality.gate import apply_rules
from quality.rules.base import get_rule
from quality.rules.medical_codes import (
    icd10_problem,
    loinc_digit,
    loinc_problem,
    snomed_problem,
    verhoeff_digit,
    verhoeff_ok,
)
from schemas.medical import ENCOUNTERS, OBSERVATIONS, PATIENTS


def _hits(rule: str, frame: pl.DataFrame, related: dict | None = None, **params: object) -> dict:
    instance = get_rule(rule, params)
    instance.related = {k: v.lazy() for k, v in (related or {}).items()}
    found = instance.violations(frame.with_row_index("_row"))
    return dict(zip(found["_row"].to_list(), found["detail"].to_list(), strict=True))


def test_verhoeff_matches_the_published_example_and_real_sctids() -> None:
    assert verhoeff_digit("236") == "3" and verhoeff_ok("2363") and not verhoeff_ok("2364")
    for sctid in ("195662009", "59621000", "428211000124100", "368581000119106"):
        assert snomed_problem(sctid) is None, sctid


def test_verhoeff_third_permutation_is_the_published_one() -> None:
    # trial13: the table's third row had 7 and 9 swapped, so a real Synthea code
    # (124171000119105, chronic intractable migraine without aura) was quarantined
    # snomed_ct_id and ids with a wrong digit there passed. Wikipedia's worked examples:
    assert verhoeff_digit("75872") == "2" and verhoeff_digit("12345") == "1"
    assert verhoeff_digit("142857") == "0"
    assert snomed_problem("124171000119105") is None
    assert snomed_problem("124171000119106") == "Verhoeff check digit fails"


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("44054005", "Verhoeff check digit fails"),
        # as shipped by Synthea 3.0 (the published SCTID ends in 5)
        ("10939881000119104", "Verhoeff check digit fails"),
        ("12345", "not 6-18 digits without a leading zero"),
        ("0195662009", "not 6-18 digits without a leading zero"),
        ("195662019", "partition 01 is not a concept partition (00, 10)"),
        ("5089AAAAAA", "not numeric"),
    ],
)
def test_malformed_snomed_ids(code: str, problem: str) -> None:
    assert snomed_problem(code) == problem


def test_loinc_check_digit() -> None:
    assert loinc_digit("12345") == "5"  # the worked example in the LOINC users' guide
    for code in ("8302-2", "8480-6", "8462-4", "39156-5", "72514-3", "2339-0", "777-3"):
        assert loinc_problem(code) is None, code
    assert loinc_problem("8480-5") == "check digit should be 6"
    assert loinc_problem("8480") == "not of the form NNNNN-C"


def test_icd10_pattern() -> None:
    for code in ("I10", "E11.9", "G43.709", "S72001A", "U07.1", "C4A.0"):
        assert icd10_problem(code) is None, code
    for code in ("10", "I1", "E11.99999", "e11.9", "250.00"):
        assert icd10_problem(code) is not None, code


def test_code_rules_check_only_their_system() -> None:
    frame = pl.DataFrame(
        {
            "code": ["44054006", "44054005", "8480-5", "E11.9", "E1.9", None],
            "code_system": ["SNOMED-CT", "SNOMED-CT", "LOINC", "ICD-10", "ICD-10-CM", "LOINC"],
            "reason_code": ["59621000", "59621001", None, None, None, None],
        }
    )
    assert _hits("snomed_ct_id", frame) == {
        1: "code 44054005 is not a valid SNOMED CT code: Verhoeff check digit fails"
    }
    assert list(_hits("loinc_check_digit", frame)) == [2]
    assert list(_hits("icd10_pattern", frame)) == [4]
    assert list(_hits("snomed_ct_id", frame, column="reason_code", system_column=None)) == [1]
    assert _hits("snomed_ct_id", frame, systems=["ICD-10"]) == {
        3: "code E11.9 is not a valid SNOMED CT code: not numeric"
    }


PEOPLE = pl.DataFrame(
    {
        "patient_id": ["a", "b"],
        "birth_date": [date(1980, 5, 1), date(2000, 1, 1)],
        "death_date": [date(2020, 3, 1), None],
    }
)


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def test_within_lifetime_orders_birth_start_stop_death() -> None:
    events = pl.DataFrame(
        {
            "patient_id": ["a", "a", "a", "a", "b", "zz"],
            "start": [
                _stamp(t)
                for t in (
                    "2019-01-01T10:00",
                    "1979-12-31T10:00",
                    "2020-02-29T23:00",
                    "2010-01-02T10:00",
                    "2001-01-01T00:00",
                    "1900-01-01T00:00",
                )
            ],  # fmt: skip
            "stop": [
                _stamp(t)
                for t in (
                    "2019-01-01T10:30",
                    "1979-12-31T11:00",
                    "2020-03-02T01:00",
                    "2010-01-01T10:00",
                    "2001-01-01T00:00",
                    "1900-01-01T00:00",
                )
            ],  # fmt: skip
        }
    )
    hits = _hits("within_lifetime", events, {"patients": PEOPLE}, start="start", stop="stop")
    assert hits == {
        1: "start 1979-12-31 is before birth 1980-05-01",
        2: "event ends 2020-03-02 after death 2020-03-01",
        3: "stop 2010-01-01T10:00:00Z is before start 2010-01-02T10:00:00Z",
    }


def test_within_lifetime_on_single_dates_and_the_day_of_death() -> None:
    events = pl.DataFrame(
        {"patient_id": ["a", "a"], "date": [_stamp("2020-03-01T23:59"), _stamp("2020-03-02T00:01")]}
    )
    assert list(_hits("within_lifetime", events, {"patients": PEOPLE}, start="date")) == [1]


def test_lifespan_ordered() -> None:
    frame = pl.DataFrame(
        {
            "birth_date": [date(1990, 1, 1), date(1990, 1, 1)],
            "death_date": [date(1989, 12, 31), None],
        }  # fmt: skip
    )
    assert _hits("lifespan_ordered", frame) == {
        0: "death_date 1989-12-31 is before birth_date 1990-01-01"
    }


def test_vital_signs_need_a_known_unit_and_a_physiological_value() -> None:
    frame = pl.DataFrame(
        {
            "code": ["8310-5", "8310-5", "8310-5", "8867-4", "8867-4", "8480-6", "2339-0"],
            "value_numeric": [36.9, 55.0, 98.6, None, 72.0, 500.0, 900.0],
            "units": ["Cel", "Cel", "[degF]", "/min", "beats", "mm[Hg]", "mg/dL"],
        }
    )
    assert _hits("vital_sign_range", frame) == {
        1: "Body temperature 55.0 Cel outside 30.0-45.0",
        3: "Heart rate has no numeric value",
        4: "Heart rate in unit 'beats', expected one of /min",
        5: "Systolic blood pressure 500.0 mm[Hg] outside 40.0-300.0",
    }
    extra = {"2339-0": {"label": "Glucose", "units": {"mg/dL": [10, 800]}}}
    assert sorted(_hits("vital_sign_range", frame, ranges=extra)) == [1, 3, 4, 5, 6]


def test_gate_quarantines_events_of_quarantined_parents(tmp_path: Path) -> None:
    """The references rule sees the validated parent table: orphans follow their parent out."""
    people = PATIENTS.conform(
        PEOPLE.with_columns(
            pl.lit("patients.csv").alias("source_file"),
            pl.int_range(2, 4, dtype=pl.Int64).alias("source_line"),
        )  # fmt: skip
    ).collect()
    encounters = ENCOUNTERS.conform(
        pl.DataFrame(
            {
                "encounter_id": ["e1", "e2"],
                "patient_id": ["a", "a"],
                "start": [_stamp("2019-01-01T10:00"), _stamp("2021-01-01T10:00")],
                "source_file": ["encounters.csv"] * 2,
                "source_line": [2, 3],
            }  # fmt: skip
        )
    ).collect()
    observations = OBSERVATIONS.conform(
        pl.DataFrame(
            {
                "patient_id": ["a", "a"],
                "encounter_id": ["e1", "e2"],
                "code": ["8310-5"] * 2,
                "value_numeric": [37.0, 37.0],
                "units": ["Cel"] * 2,
                "source_file": ["observations.csv"] * 2,
                "source_line": [2, 3],
            }  # fmt: skip
        )
    ).collect()
    paths = {}
    for name, frame in (("patients", people), ("encounters", encounters),
                        ("observations", observations)):  # fmt: skip
        paths[name] = tmp_path / f"{name}.parquet"
        frame.write_parquet(paths[name])
    lifetime = RuleConfig(rule="within_lifetime", params={"start": "start"})
    gate = apply_rules(paths["encounters"], [lifetime], tmp_path / "e.ok.parquet",
                       tmp_path / "e.q.parquet", related=paths)  # fmt: skip
    assert (gate.rows_out, dict(gate.quarantined_by_reason)) == (1, {"within_lifetime": 1})
    paths["encounters"] = tmp_path / "e.ok.parquet"
    ref = RuleConfig(rule="references", params={"column": "encounter_id", "table": "encounters",
                                                "key": "encounter_id"})  # fmt: skip
    gate = apply_rules(paths["observations"], [ref], tmp_path / "o.ok.parquet",
                       tmp_path / "o.q.parquet", related=paths)  # fmt: skip
    quarantined = pl.read_parquet(tmp_path / "o.q.parquet")
    assert quarantined.select("source_file", "source_line", "reason").rows() == [
        ("observations.csv", 3, "references")
    ]
    assert gate.reconciles()


@settings(max_examples=40, deadline=None)
@given(
    events=st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "zz", None]),
            st.dates(date(1970, 1, 1), date(2030, 1, 1)),
            st.sampled_from(["8310-5", "8310-4", "8867-4", "1234-0"]),
            st.floats(20, 250, allow_nan=False),
            st.sampled_from(["Cel", "/min", "kg"]),
        ),
        max_size=60,
    ),
    bucket_rows=st.integers(1, 9),
)
def test_medical_rules_split_into_buckets_decide_as_one_pass(
    events: list[tuple], bucket_rows: int
) -> None:
    """References, lifetimes, codes and vital signs judge each row alone: any bucket size gives
    the rows and reasons of one pass over the whole table."""
    from quality.gate import ROW, decide

    frame = pl.DataFrame(
        events,
        schema={
            "patient_id": pl.String,
            "date": pl.Date,
            "code": pl.String,
            "value_numeric": pl.Float64,
            "units": pl.String,
        },
        orient="row",
    ).with_columns(pl.lit("LOINC").alias("code_system"))
    rules = [
        RuleConfig(
            rule="references",
            params={"column": "patient_id", "table": "patients", "key": "patient_id"},
        ),  # fmt: skip
        RuleConfig(rule="within_lifetime", params={"start": "date"}),
        RuleConfig(rule="loinc_check_digit", params={"systems": ["LOINC"]}),
        RuleConfig(rule="vital_sign_range"),
    ]
    related = {"patients": PEOPLE.lazy()}
    lf = frame.lazy().with_row_index(ROW)
    whole = decide(lf, rules, related, bucket_rows=10_000)
    split = decide(lf, rules, related, bucket_rows=bucket_rows)
    assert whole.bad.sort(ROW).equals(split.bad.sort(ROW))
    assert whole.flagged_by_rule == split.flagged_by_rule


def test_wide_narrow_rows_get_smaller_buckets() -> None:
    """Two UUID-sized keys a row: far fewer rows than BUCKET_ROWS fit in BUCKET_BYTES."""
    from quality.gate import _rows_within

    n = 20_000
    wide = pl.LazyFrame(
        {"a": [f"{i:036d}" for i in range(n)], "b": [f"{i:036d}" for i in range(n)]}
    )
    narrow = pl.LazyFrame({"a": list(range(n))})
    assert _rows_within(wide, 2**20) < _rows_within(narrow, 2**20)
    assert _rows_within(narrow, 2**20) == 2**20 // 8
    assert _rows_within(wide, 1) == 10_000, "never fewer than the sample"
