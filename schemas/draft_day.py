"""The times of a drafted spec: the zone of times that name none, and the partition-day check
sized on the sample (a file named for a day whose records mostly lie on other days, an export of
earlier visits, gets the check turned off).

A generic table's timestamps without a zone are drafted as Asia/Shanghai wall-clock times: the
sources `bohai init` meets without a format-specific connector are the province's own exports
(clinic systems, DCS and register exports), which write 北京时间; systems that keep UTC mostly
say so (`Z`, `+00:00`), and AIS, historian and FHIR sources have their own connectors. The
comment says so, and one line (`timezone: UTC`) undoes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

LOCAL_ZONE = "Asia/Shanghai"  # the province's wall clock (China Standard Time, UTC+8, no DST)
TOLERANCE_MINUTES = 60  # the spec's default (schemas.spec Partitioning.day_tolerance_minutes)
MOSTLY_ELSEWHERE = 0.5  # above this share of sampled times off the day, the file is no day's log


def _outside(frame: pl.DataFrame, day: date, zone: str = "UTC") -> tuple[str, int, int] | None:
    """(time column, sampled times, times outside the day ± tolerance), None without one; the
    day is cut in `zone` (the source's `timezone`, as the partition's day is)."""
    column = next((c for c, t in frame.schema.items() if isinstance(t, pl.Datetime)), None)
    if column is None:
        return None
    times = frame.get_column(column).drop_nulls()
    if times.dtype.time_zone is None:  # type: ignore[union-attr]
        times = times.dt.replace_time_zone(zone)
    else:
        times = times.dt.convert_time_zone(zone)
    slack = timedelta(minutes=TOLERANCE_MINUTES)
    where = UTC if zone == "UTC" else ZoneInfo(zone)
    lo = datetime.combine(day, time(), where) - slack
    hi = datetime.combine(day + timedelta(days=1), time(), where) + slack
    off = int(((times < lo) | (times >= hi)).sum())
    return column, times.len(), off


def zone_lines(columns: dict[str, Any], indent: int) -> list[str]:
    """YAML lines (under `source.options`) declaring the zone of declared times without one."""
    entries = {n: e if isinstance(e, dict) else {"dtype": e} for n, e in columns.items()}
    naive = [
        name
        for name, e in entries.items()
        if e.get("dtype") == "datetime" and not str(e.get("format") or "").endswith(("Z", "%z"))
    ]  # a `Z` or a UTC offset names the instant itself
    if not naive:
        return []
    pad = " " * indent
    return [
        f"{pad}# the times in {', '.join(naive)} carry no zone: assumed {LOCAL_ZONE} (UTC+8), the",
        f"{pad}# province's wall clock that local exports write; released as UTC instants, and",
        f"{pad}# partition days cut at {LOCAL_ZONE} midnight. A system that writes UTC: set UTC",
        f"{pad}timezone: {LOCAL_ZONE}",
    ]


def day_check_lines(frames: Sequence[pl.DataFrame], day: date, zone: str = "UTC") -> list[str]:
    """YAML lines (under `partitioning:`) with the evidence for the day check, or none."""
    found = [f for f in (_outside(frame, day, zone) for frame in frames) if f is not None and f[1]]
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
