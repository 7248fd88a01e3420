"""Expectations proposed from a sample profile hold on the sample and carry their evidence."""

from __future__ import annotations

import polars as pl

from quality.config import ExpectationConfig
from quality.expectations import evaluate_polars
from quality.profile import propose_expectations, quarantine_limit


def _frame() -> pl.DataFrame:
    n = 100
    return pl.DataFrame(
        {
            "patient_id": [f"p{i}" for i in range(n)],
            "sog": [float(i % 30) for i in range(n)],
            "klass": ["A" if i % 3 else "B" for i in range(n)],
            "note": [None if i < 3 else f"x{i}" for i in range(n)],
            "mostly_null": [None] * 90 + [1] * 10,
            "run_id": ["cdu_20260307"] * n,
        }
    )


def test_proposals_cover_nulls_ranges_sets_and_keys() -> None:
    proposals = {(p.spec["expect"], p.spec["column"]): p for p in propose_expectations(_frame())}
    assert proposals[("not_null", "patient_id")].evidence == "0 of 100 sampled values are null"
    assert proposals[("unique", "patient_id")].spec["severity"] == "warn"
    sog = proposals[("between", "sog")].spec
    assert sog["min"] == 0.0 and 29 < sog["max"] <= 32  # range 0..29 widened by 10%, floor kept
    assert proposals[("in_set", "klass")].spec["values"] == ["A", "B"]
    note = proposals[("not_null", "note")].spec
    assert note["mostly"] == 0.94 and note["severity"] == "warn"  # 3% null, twice allowed
    assert ("not_null", "mostly_null") not in proposals  # 90% null: nothing to expect
    assert ("in_set", "run_id") not in proposals, "a per-file constant would fail the next file"


def test_proposals_pass_on_the_sample_they_came_from() -> None:
    frame = _frame()
    exps = [ExpectationConfig(**p.spec) for p in propose_expectations(frame)]
    results = evaluate_polars(frame.lazy(), exps)
    assert results and all(r.success for r in results), [r for r in results if not r.success]


def test_a_changed_day_breaks_the_range_it_was_given() -> None:
    exps = [ExpectationConfig(**p.spec) for p in propose_expectations(_frame())]
    shifted = _frame().with_columns(pl.col("sog") + 100)
    failed = {r.column for r in evaluate_polars(shifted.lazy(), exps) if not r.success}
    assert failed == {"sog"}


def test_small_samples_prove_nothing_and_quarantine_limit_has_headroom() -> None:
    assert propose_expectations(_frame().head(5)) == []
    limit, evidence = quarantine_limit(120, 898)
    assert limit == 0.21 and "120 of 898" in evidence
    assert quarantine_limit(0, 1000)[0] == 0.05


def test_private_columns_get_no_value_sets_or_ranges() -> None:
    """A drafted spec is committed: no names in an in_set, no meaningless identifier range."""
    frame = pl.DataFrame(
        {
            "name": ["李秀英", "John Smith", "赵敏"] * 10,
            "mmsi": list(range(367_000_000, 367_000_030)),
            "sex": ["F", "M", "F"] * 10,
        }
    )
    private = frozenset({"name", "mmsi"})
    proposals = [p.spec for p in propose_expectations(frame, private=private)]
    for spec in proposals:
        if spec["column"] in private:
            assert spec["expect"] in {"not_null", "unique"}, spec
    assert {"expect": "in_set", "column": "sex", "values": ["F", "M"], "severity": "warn"} in (
        proposals
    )


def test_loose_dates_and_amounts_get_no_value_set_but_codes_do() -> None:
    """Six timestamps or hand-typed amounts in one sample are no code list; shift names are."""
    frame = pl.DataFrame(
        {
            "发生时间": ["2026-03-05 14:20", "2026/3/7", "07/03/2026", "2026-03-09", "3月9日"] * 5,
            "损失": ["12,5", "一百二十", "约5", "0", "3.5万"] * 5,
            "班次": ["早班", "中班", "夜班", "早班", "中班"] * 5,
        }
    )
    sets = {p.spec["column"] for p in propose_expectations(frame) if p.spec["expect"] == "in_set"}
    assert sets == {"班次"}
