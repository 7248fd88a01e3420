"""Fixes in track order: the packed sort key orders exactly like the two columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.rules.implied_speed import by_track

START = datetime(2026, 11, 1, tzinfo=UTC)
FIX = st.tuples(
    st.none() | st.sampled_from([201000000, 412000001, 412000002, 775999999]),
    st.integers(0, 86_400 * 3),  # seconds into the partition
    st.integers(0, 999_999),  # microseconds, used when the fixes are not on whole seconds
)


def _fixes(rows: list[tuple[int | None, int, int]], whole: bool, unit: str) -> pl.DataFrame:
    stamps = [START + timedelta(seconds=s, microseconds=0 if whole else us) for _, s, us in rows]
    return pl.DataFrame(
        {
            "_row": range(len(rows)),
            "mmsi": [m for m, _, _ in rows],
            "timestamp": stamps,
        },
        schema={"_row": pl.UInt32, "mmsi": pl.Int64, "timestamp": pl.Datetime("us", "UTC")},
    ).with_columns(pl.col("timestamp").dt.cast_time_unit(unit))  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(FIX, max_size=40),
    whole=st.booleans(),
    unit=st.sampled_from(["ns", "us", "ms"]),
)
def test_same_order_as_sorting_by_vessel_then_time(
    rows: list[tuple[int | None, int, int]], whole: bool, unit: str
) -> None:
    fixes = _fixes(rows, whole, unit)
    expected = fixes.sort("mmsi", "timestamp", maintain_order=True)
    assert by_track(fixes)["_row"].to_list() == expected["_row"].to_list()


def test_spans_too_wide_to_pack_fall_back_to_the_two_columns() -> None:
    fixes = pl.DataFrame(
        {
            "_row": [0, 1, 2, 3],
            "mmsi": [2**40, 1, 2**40, 1],
            "timestamp": [START, START + timedelta(days=9000), START, START],
        }
    )
    assert by_track(fixes)["_row"].to_list() == [3, 1, 0, 2]
