"""Fixes in track order: the packed sort key orders exactly like the two columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.rules.implied_speed import speed, track_speeds
from quality.rules.tracks import by_track

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


POSITION = st.tuples(
    st.sampled_from([201000000, 412000001]),
    st.integers(0, 3_600),
    st.floats(-90, 90, allow_nan=False),
    st.floats(-180, 180, allow_nan=False),
)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(POSITION, max_size=30))
def test_speed_out_is_the_speed_measured_from_the_next_fix_to_the_bit(
    rows: list[tuple[int, int, float, float]],
) -> None:
    """Each pair measured once gives exactly what measuring it from both ends gave."""
    fixes = by_track(
        pl.DataFrame(
            {
                "_row": range(len(rows)),
                "mmsi": [m for m, _, _, _ in rows],
                "timestamp": [START + timedelta(seconds=s) for _, s, _, _ in rows],
                "lat": [lat for _, _, lat, _ in rows],
                "lon": [lon for _, _, _, lon in rows],
            },
            schema_overrides={"_row": pl.UInt32, "timestamp": pl.Datetime("us", "UTC")},
        )
    )
    got = track_speeds(fixes, 1.0)
    both_ends = fixes.select(speed(1, 1.0).alias("_v_in"), speed(-1, 1.0).alias("_v_out"))
    assert got.select("_v_in", "_v_out").to_dicts() == both_ends.to_dicts()
