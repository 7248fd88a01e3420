"""Rows dated outside their partition's day (by more than the tolerance) are quarantined."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.config import RuleConfig
from quality.gate import apply_rules
from quality.rules.base import get_rule

DAY = datetime(2026, 11, 1, tzinfo=UTC)
PARAMS = {
    "column": "timestamp",
    "partition": "2026-11-01",
    "start": DAY.isoformat(),
    "end": (DAY + timedelta(days=1)).isoformat(),
    "tolerance_minutes": 60,
}


def _frame(times: list[datetime | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"_row": list(range(len(times))), "timestamp": times},
        schema={"_row": pl.UInt32, "timestamp": pl.Datetime("us", "UTC")},
    )


def test_detail_names_partition_and_row_time() -> None:
    """1970, 2099 and the next day's noon are out; the day and its tolerance are in; null is in."""
    times = [
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2099, 12, 31, 23, 59, tzinfo=UTC),
        DAY + timedelta(days=1, hours=12),
        DAY + timedelta(hours=12),
        DAY - timedelta(minutes=59),
        DAY + timedelta(days=1, minutes=59),
        None,
    ]
    hits = get_rule("outside_partition_day", PARAMS).violations(_frame(times))
    assert hits["_row"].to_list() == [0, 1, 2]
    assert hits["detail"][0] == (
        "timestamp 1970-01-01T00:00:00Z is outside partition 2026-11-01 "
        "(2026-11-01T00:00:00+00:00 to 2026-11-02T00:00:00+00:00, tolerance 60 min)"
    )
    assert "2099-12-31T23:59:00Z" in hits["detail"][1]


@settings(max_examples=300, deadline=None)
@given(offset=st.integers(min_value=-(10**11), max_value=10**11))
def test_any_time_is_out_exactly_when_beyond_the_widened_day(offset: int) -> None:
    """For any time (±3000 years around the day, in seconds): out iff outside [day ± 1 h)."""
    when = DAY + timedelta(seconds=offset) if abs(offset) < 2 * 10**9 else None
    if when is None:
        when = datetime(1, 1, 1, tzinfo=UTC) if offset < 0 else datetime(9999, 1, 1, tzinfo=UTC)
    hits = get_rule("outside_partition_day", PARAMS).violations(_frame([when]))
    lo, hi = DAY - timedelta(hours=1), DAY + timedelta(days=1, hours=1)
    assert (hits.height == 1) == (not lo <= when < hi)


def test_local_day_in_another_zone() -> None:
    """A Shanghai day starts at 16:00 UTC the day before: 17:00 UTC on Oct 31 is inside."""
    params = PARAMS | {
        "start": "2026-11-01T00:00:00+08:00",
        "end": "2026-11-02T00:00:00+08:00",
        "tolerance_minutes": 0,
    }
    times = [datetime(2026, 10, 31, 17, tzinfo=UTC), datetime(2026, 11, 1, 17, tzinfo=UTC)]
    hits = get_rule("outside_partition_day", params).violations(_frame(times))
    assert hits["_row"].to_list() == [1]


def test_gate_quarantines_with_reason_and_reconciles(tmp_path: Path) -> None:
    """Through the gate: one quarantine row per out-of-day row, the rest kept in order."""
    table = tmp_path / "t.parquet"
    times = [DAY + timedelta(hours=1), datetime(2099, 1, 1, tzinfo=UTC), DAY + timedelta(hours=2)]
    pl.DataFrame(
        {"timestamp": times, "source_file": ["a.csv"] * 3, "source_line": [2, 3, 4]},
        schema={"timestamp": pl.Datetime("us", "UTC"), "source_file": pl.String,
                "source_line": pl.Int64},
    ).write_parquet(table)  # fmt: skip
    rules = [RuleConfig(rule="outside_partition_day", params=PARAMS)]
    outcome = apply_rules(table, rules, tmp_path / "good.parquet", tmp_path / "q.parquet")
    assert outcome.reconciles() and outcome.rows_out == 2
    assert outcome.quarantined_by_reason == {"outside_partition_day": 1}
    quarantine = pl.read_parquet(tmp_path / "q.parquet")
    assert quarantine["source_line"].to_list() == [3]
    assert "partition 2026-11-01" in quarantine["detail"][0]
