"""Pecos-style sensor checks: each flags exactly the readings that break it, per tag and run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from quality.config import RuleConfig
from quality.gate import apply_rules
from quality.rules.base import get_rule
from quality.rules.sensor_summary import sensor_summary
from schemas.petrochemical import SENSOR_READINGS

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def series(
    tag: str, values: list[float | None], step_s: int = 60, run: str = "r1", skip: tuple = ()
) -> list[dict]:
    """Readings of one tag every step_s seconds (indices in skip left out)."""
    return [
        {
            "run_id": run,
            "tag": tag,
            "timestamp": T0 + timedelta(seconds=i * step_s),
            "value": v,
            "quality": "good" if v is not None else "bad",
            "source_file": "h.csv",
            "source_line": i + 2,
        }
        for i, v in enumerate(values)
        if i not in skip
    ]


def frame(rows: list[dict]) -> pl.DataFrame:
    return SENSOR_READINGS.conform(pl.DataFrame(rows)).collect().with_row_index("_row")


def hits(rule: str, rows: list[dict], **params: object) -> list[int]:
    found = get_rule(rule, params).violations(frame(rows))
    assert found.columns == ["_row", "detail"]
    return sorted(found["_row"].to_list())


def details(rule: str, rows: list[dict], **params: object) -> list[str]:
    return get_rule(rule, params).violations(frame(rows)).sort("_row")["detail"].to_list()


NOISY = [10.0, 10.4, 9.8, 10.1, 10.3, 9.9, 10.2, 10.0]


def test_gap_flags_the_first_reading_after_it_per_series() -> None:
    rows = series("A", NOISY, skip=(3, 4)) + series("B", NOISY)
    assert hits("sensor_timestamp_gap", rows, max_gap_seconds=120) == [3]
    assert details("sensor_timestamp_gap", rows, max_gap_seconds=120) == [
        "gap of 180.0 s since the previous reading exceeds 120.0 s"
    ]
    per_tag = {"B": {"max_gap_seconds": 30}}
    flagged = hits("sensor_timestamp_gap", rows, max_gap_seconds=120, tags=per_tag)
    assert flagged == [3, *range(7, 14)]  # every B reading after its first


def test_series_are_separated_by_run_as_well_as_tag() -> None:
    rows = series("A", NOISY[:3], run="r1") + series("A", NOISY[:3], run="r2")
    assert hits("sensor_duplicate_timestamp", rows) == []
    assert hits("sensor_timestamp_gap", rows, max_gap_seconds=120) == []


def test_duplicates_keep_the_first_and_say_whether_they_conflict() -> None:
    rows = series("A", NOISY[:4])
    rows += [rows[1] | {"source_line": 90}, rows[2] | {"value": 99.0, "source_line": 91}]
    assert hits("sensor_duplicate_timestamp", rows) == [4, 5]
    text = details("sensor_duplicate_timestamp", rows)
    assert text[0].endswith("(same value)") and text[1].endswith("(conflicting value)")
    assert text[0].startswith("reading 2 of A at 2026-11-01 00:01:00")


def test_missing_values_and_optionally_bad_quality() -> None:
    rows = series("A", [1.0, None, float("nan"), 2.0])
    rows[3]["quality"] = "bad"
    assert hits("sensor_missing", rows) == [1, 2]
    assert hits("sensor_missing", rows, include_bad_quality=True) == [1, 2, 3]


def test_range_uses_tag_limits_dictionary_or_global_bounds() -> None:
    rows = series("A", [5.0, -1.0, 101.0, 50.0]) + series("XMEAS(37)", [0.1, -0.01])
    tags = {"A": {"low": 0, "high": 100}}
    assert hits("sensor_range", rows, tags=tags) == [1, 2]  # XMEAS(37) has no limits here
    assert hits("sensor_range", rows, tags=tags, dictionary="tennessee_eastman") == [1, 2, 5]
    assert hits("sensor_range", rows, low=0) == [1, 5]
    assert details("sensor_range", rows, tags=tags)[1] == "A = 101.0 above its high limit 100.0"


def test_stuck_flags_the_repeats_of_a_long_flat_run() -> None:
    values = [1.0, 2.0, *([3.0] * 6), 4.0, 4.0, None, 5.0]
    rows = series("A", values)
    assert hits("sensor_stuck", rows, min_samples=5) == [3, 4, 5, 6, 7]
    assert hits("sensor_stuck", rows, min_samples=7) == []
    assert hits("sensor_stuck", rows, min_samples=3, tolerance=1.0) == [*range(1, 10), 11]
    assert hits("sensor_stuck", rows, tags={"A": {"stuck_samples": 2}}) == [3, 4, 5, 6, 7, 9]


def test_spike_flags_the_spike_not_its_return_and_steps_optionally() -> None:
    values = [10.0, 10.5, 30.0, 10.2, 10.4, 25.0, 25.3, 25.1]
    rows = series("A", values)
    assert hits("sensor_spike", rows, max_step=5) == [2, 5]
    assert hits("sensor_spike", rows, max_step=5, steps=False) == [2]
    assert details("sensor_spike", rows, max_step=5) == [
        "A spike of 19.5 exceeds the step limit 5.0",
        "A step of 14.6 exceeds the step limit 5.0",
    ]
    assert hits("sensor_spike", rows, tags={"A": {"max_step": 20}}) == []


def test_spike_limit_from_the_noise_of_the_series() -> None:
    rng = np.random.default_rng(7)
    noisy = (10.0 + rng.normal(0.0, 0.1, 500)).tolist()
    noisy[300] += 3.0  # a 30-sigma spike; the increments' sigma is about 0.14
    assert hits("sensor_spike", series("A", noisy), max_step_sigmas=8) == [300]


def test_params_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown params \\['max_gap'\\]"):
        get_rule("sensor_timestamp_gap", {"max_gap": 3})
    with pytest.raises(ValueError, match="unknown dictionary 'te'"):
        get_rule("sensor_range", {"dictionary": "te"})


def test_gate_quarantines_or_flags_as_the_spec_says(tmp_path: Path) -> None:
    rows = series("A", [5.0, 5.5, 150.0, 5.2, 5.1], skip=(3,)) + series("B", [1.0, None, 1.2])
    rows.append(rows[0] | {"source_line": 99})
    path = tmp_path / "in.parquet"
    SENSOR_READINGS.conform(pl.DataFrame(rows)).collect().write_parquet(path)
    rules = [
        RuleConfig(rule="sensor_duplicate_timestamp"),
        RuleConfig(rule="sensor_range", params={"tags": {"A": {"low": 0, "high": 100}}}),
        RuleConfig(rule="sensor_missing", action="flag"),
        RuleConfig(rule="sensor_timestamp_gap", action="flag", params={"max_gap_seconds": 60}),
    ]
    out = apply_rules(path, rules, tmp_path / "good.parquet", tmp_path / "q.parquet")
    assert out.reconciles() and (out.rows_in, out.rows_out) == (8, 6)
    assert dict(out.quarantined_by_reason) == {"sensor_duplicate_timestamp": 1, "sensor_range": 1}
    # after the range quarantine, A jumps from 00:01 to 00:04: one gap
    assert dict(out.flagged_by_rule) == {"sensor_missing": 1, "sensor_timestamp_gap": 1}
    quarantine = pl.read_parquet(tmp_path / "q.parquet")
    assert sorted(quarantine.select("source_line", "reason").rows()) == [
        (4, "sensor_range"),
        (99, "sensor_duplicate_timestamp"),
    ]


def test_summary_per_run_counts_each_check_on_all_readings() -> None:
    rows = series("A", [1.0, None, 1.0, 200.0], run="r1") + series("A", [1.0, 2.0], run="r2")
    rules = [
        RuleConfig(rule="sensor_missing", action="flag"),
        RuleConfig(rule="sensor_range", params={"high": 100}),
        RuleConfig(rule="references", params={"column": "tag", "table": "x"}),  # not a sensor rule
    ]
    summary = sensor_summary(pl.DataFrame(frame(rows)).drop("_row"), rules)
    assert summary.select("run_id", "check", "action", "readings", "flagged", "share").rows() == [
        ("r1", "sensor_missing", "flag", 4, 1, 0.25),
        ("r1", "sensor_range", "quarantine", 4, 1, 0.25),
        ("r2", "sensor_missing", "flag", 2, 0, 0.0),
        ("r2", "sensor_range", "quarantine", 2, 0, 0.0),
    ]


def test_summary_reuses_the_gates_hits_only_from_rules_that_saw_every_reading() -> None:
    """The gate's hits stand in for a rule's own run while nothing was quarantined before it."""
    from quality.gate import ROW, decide

    rows = series("A", [1.0, None, 1.0, 200.0, 5.0, 5.0, 5.0]) + series("B", [1.0, 2.0])
    rules = [
        RuleConfig(rule="sensor_missing", action="flag", flag_column="quality_flags"),
        RuleConfig(rule="sensor_range", params={"high": 100}),
        RuleConfig(rule="sensor_spike", action="flag", params={"max_step": 3}),
    ]
    readings = pl.DataFrame(frame(rows)).drop("_row")
    decision = decide(readings.lazy().with_row_index(ROW), rules)
    assert sorted(decision.hits_on_all) == [0, 1]  # the spike check ran after a quarantine
    assert decision.hits_on_all[1].to_list() == [3]
    reused = sensor_summary(readings, rules, decision.hits_on_all)
    assert reused.equals(sensor_summary(readings, rules))
    assert reused.filter(check="sensor_spike")["flagged"].item() > 0
