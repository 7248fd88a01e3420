"""The partition-day check of a drafted daily spec, sized on the sample: a file named for a day
whose records mostly lie on other days (an export of earlier visits) gets the check turned off."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import polars as pl

TOLERANCE_MINUTES = 60  # the spec's default (schemas.spec Partitioning.day_tolerance_minutes)
MOSTLY_ELSEWHERE = 0.5  # above this share of sampled times off the day, the file is no day's log


def _outside(frame: pl.DataFrame, day: date) -> tuple[str, int, int] | None:
    """(time column, sampled times, times outside the day ± tolerance), None without one."""
    column = next((c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)), None)
    if column is None:
        return None
    times = frame.get_column(column).drop_nulls()
    if times.dtype.time_zone is None:  # type: ignore[union-attr]
        times = times.dt.replace_time_zone("UTC")
    slack = timedelta(minutes=TOLERANCE_MINUTES)
    lo = datetime.combine(day, time(), UTC) - slack
    hi = datetime.combine(day + timedelta(days=1), time(), UTC) + slack
    off = int(((times < lo) | (times >= hi)).sum())
    return column, times.len(), off


def day_check_lines(frames: Sequence[pl.DataFrame], day: date) -> list[str]:
    """YAML lines (under `partitioning:`) with the evidence for the day check, or none."""
    found = [f for f in (_outside(frame, day) for frame in frames) if f is not None and f[1]]
    if not found:
        return []
    column = found[0][0]
    times = sum(f[1] for f in found)
    off = sum(f[2] for f in found)
    share = off / times
    where = f"{off:,} of {times:,} sampled {column} values lie outside {day} ± {TOLERANCE_MINUTES}"
    where += " min"
    if share > MOSTLY_ELSEWHERE:
        return [
            f"  # {where} ({share:.0%}): the file is not one day's records, so the check that",
            "  # quarantines rows outside their partition's day is off (a number turns it on)",
            "  day_tolerance_minutes: null",
        ]
    return [
        f"  # rows dated outside their partition's day ± {TOLERANCE_MINUTES} min are quarantined",
        f"  # (outside_partition_day); {where}",
    ]
