"""Column policies from the spec: parsing, applying, ordering, renames and treatment records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pydantic import ValidationError

from privacy.audit.residue import conditional_drop_violations, raw_identifier_leaks
from privacy.deid.policy import RAW_VALUE_REMOVING, ColumnPolicy, apply_policies
from privacy.deid.pseudonym import pseudonym
from schemas.spec import load_spec

KEY = b"k" * 32
REPO = Path(__file__).resolve().parents[2]


def _policies(raw: dict[str, dict]) -> dict[str, ColumnPolicy]:
    return {name: ColumnPolicy.model_validate(p) for name, p in raw.items()}


def test_marine_spec_policies_still_apply_and_pass_the_residue_checks() -> None:
    spec = load_spec(REPO / "datasets" / "marine" / "ais_positions.yaml")
    source = pl.LazyFrame(
        {
            "mmsi": [412345678, 412345678, 413000001],
            "imo": [9123456, 9123456, None],
            "call_sign": ["BQRS", "BQRS", "BZZZ9"],
            "vessel_name": ["LIAOHAI PEARL", "LIAOHAI PEARL", "SEA BREEZE"],
            "transceiver_class": ["A", "A", "B"],
            "lat": [38.9, 38.91, 39.0],
            "lon": [121.6, 121.61, 121.7],
        }
    )
    policies = dict(spec.privacy.columns)
    out, treatments = apply_policies(source, policies, KEY)
    frame = out.collect()
    assert "vessel_id" in frame.columns and "mmsi" not in frame.columns
    assert frame["vessel_id"][0] == pseudonym(KEY, "mmsi", "412345678")
    assert frame["vessel_name"].to_list() == ["LIAOHAI PEARL", "LIAOHAI PEARL", None]
    assert raw_identifier_leaks(source, out, policies) == {"mmsi": 0, "imo": 0, "call_sign": 0}
    assert conditional_drop_violations(out, policies) == {"vessel_name": 0}
    records = {t.column: t.as_dict() for t in treatments}
    assert list(records) == list(policies)
    assert records["mmsi"]["operator"] == "pseudonym"
    assert records["mmsi"]["output_column"] == "vessel_id"
    assert records["mmsi"]["pipl_art73"] == "去标识化"
    assert records["lat"]["outcome"] == "unchanged"


def test_each_treatment_records_its_operator_and_pipl_outcome() -> None:
    source = pl.LazyFrame(
        {
            "name": ["张三"],
            "phone": ["13812345678"],
            "born": ["1985-03-12"],
            "notes_ref": ["x"],
            "ward": ["3A"],
        }
    )
    policies = _policies(
        {
            "name": {"category": "personal", "policy": "drop"},
            "phone": {"category": "personal", "policy": "mask", "keep_last": 4},
            "born": {
                "category": "quasi_identifier",
                "policy": "generalize",
                "params": {"kind": "birth_date"},
            },
            "notes_ref": {"category": "identifier", "policy": "placeholder"},
            "ward": {"category": "quasi_identifier"},
        }
    )
    out, treatments = apply_policies(source, policies, KEY)
    assert out.collect().to_dicts() == [
        {"phone": "*******5678", "born": 1985, "notes_ref": "<NOTES_REF>", "ward": "3A"}
    ]
    outcome = {t.column: (t.operator, t.outcome, t.as_dict()["pipl_art73"]) for t in treatments}
    assert outcome == {
        "name": ("drop", "removed", "删除"),
        "phone": ("mask", "anonymized", "匿名化"),
        "born": ("generalize", "de-identified", "去标识化"),  # still a quasi-identifier
        "notes_ref": ("placeholder", "anonymized", "匿名化"),
        "ward": ("keep", "unchanged", "未处理"),
    }


def test_readers_see_raw_columns_even_when_those_are_renamed_or_dropped() -> None:
    source = pl.LazyFrame(
        {"pid": ["p1", "p1", "p2"], "day": [date(2024, 1, 1), date(2024, 1, 3), date(2024, 1, 1)]}
    )
    policies = _policies(
        {
            "pid": {"category": "identifier", "policy": "pseudonym", "rename": "patient"},
            "day": {"category": "sensitive", "policy": "date_shift", "subject": "pid"},
        }
    )
    out = apply_policies(source, policies, KEY)[0].collect()
    again = apply_policies(source.drop("day").with_columns(day=pl.lit(date(2024, 1, 1))),
                           policies, KEY)[0].collect()  # fmt: skip
    assert out.columns == ["patient", "day"]
    assert (out["day"][1] - out["day"][0]).days == 2
    # The offset comes from the raw subject id, so another table with p1 shifts p1 alike.
    assert again["day"][0] == out["day"][0]
    dropped = _policies(
        {
            "pid": {"category": "identifier", "policy": "drop"},
            "day": {"category": "sensitive", "policy": "date_shift", "subject": "pid"},
        }
    )
    shifted = apply_policies(source, dropped, KEY)[0].collect()
    assert shifted.columns == ["day"] and shifted["day"].to_list() == out["day"].to_list()


def test_policy_spec_errors_are_clear() -> None:
    with pytest.raises(ValidationError, match="unknown policy 'hash'"):
        ColumnPolicy.model_validate({"category": "identifier", "policy": "hash"})
    with pytest.raises(ValidationError, match="needs a recorded 'reason'"):
        ColumnPolicy.model_validate({"category": "personal", "policy": "keep"})
    with pytest.raises(ValidationError, match="needs a 'subject'"):
        ColumnPolicy.model_validate({"category": "sensitive", "policy": "date_shift"})
    with pytest.raises(ValidationError, match="'keep_last' does not apply to policy pseudonym"):
        ColumnPolicy.model_validate({"category": "identifier", "policy": "pseudonym",
                                     "keep_last": 4})  # fmt: skip
    with pytest.raises(ValidationError, match=r"policy generalize: kind: .*'age'"):
        ColumnPolicy.model_validate(
            {"category": "personal", "policy": "generalize", "params": {"kind": "height"}}
        )
    with pytest.raises(ValidationError, match="drop_when needs a 'when'"):
        ColumnPolicy.model_validate({"category": "personal", "policy": "drop_when"})


def test_policy_on_a_missing_column_names_it() -> None:
    policies = _policies({"phone": {"category": "personal", "policy": "drop"}})
    with pytest.raises(ValueError, match="privacy policy for phone: column 'phone' not in"):
        apply_policies(pl.LazyFrame({"other": [1]}), policies, KEY)


def test_raw_value_removing_policies_leave_no_raw_value() -> None:
    source = pl.LazyFrame({"v": ["13812345678", "13912345678"], "w": [1, 2]})
    for name in sorted(RAW_VALUE_REMOVING):
        pol = ColumnPolicy.model_validate({"category": "personal", "policy": name})
        out, _ = apply_policies(source, {"v": pol}, KEY, encryption_key=b"e" * 32)
        text = str(out.collect().to_dicts())
        assert "13812345678" not in text and "13912345678" not in text, name
