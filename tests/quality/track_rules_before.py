"""The per-vessel rules as they were before they shared one sort (reference for equality tests).

Copied from quality/rules/duplicate_fix.py and implied_speed.py at bd65ae3, registered under
`*_before` names so a gate run can use them beside today's rules.
"""

from __future__ import annotations

import polars as pl

from quality.rules.base import RowRule, register
from quality.rules.implied_speed import haversine_nm

_PER_SECOND = {"ns": 1_000_000_000, "us": 1_000_000, "ms": 1_000}


def by_track_before(fixes: pl.DataFrame) -> pl.DataFrame:
    """Fixes sorted by vessel then time, equal ones in input order (packed when it fits)."""
    dtype = fixes.schema["timestamp"]
    if (
        fixes.height == 0
        or not isinstance(dtype, pl.Datetime)
        or not fixes.schema["mmsi"].is_integer()
    ):
        return fixes.sort("mmsi", "timestamp", maintain_order=True)
    per_second = _PER_SECOND[dtype.time_unit]
    mmsi, ts = pl.col("mmsi"), pl.col("timestamp").to_physical()
    bounds = fixes.select(
        lo=mmsi.min(),
        hi=mmsi.max(),
        t0=ts.min(),
        t1=ts.max(),
        nulls=mmsi.null_count() + ts.null_count(),
        whole=((ts - ts.min()) % per_second == 0).all(),
    ).row(0, named=True)
    step = per_second if bounds["whole"] else 1
    shift = ((bounds["t1"] - bounds["t0"]) // step).bit_length()
    if bounds["nulls"] or (bounds["hi"] - bounds["lo"]).bit_length() + shift > 63:
        return fixes.sort("mmsi", "timestamp", maintain_order=True)
    key = (mmsi - bounds["lo"]) * (1 << shift) + (ts - bounds["t0"]) // step
    return fixes.sort(key, maintain_order=True)


def _neighbour(expr: pl.Expr, shift: int) -> pl.Expr:
    same = pl.col("mmsi") == pl.col("mmsi").shift(shift)
    return pl.when(same).then(expr.shift(shift))


def _speed(shift: int, min_gap_s: float) -> pl.Expr:
    dist = haversine_nm(
        pl.col("lat"),
        pl.col("lon"),
        _neighbour(pl.col("lat"), shift),
        _neighbour(pl.col("lon"), shift),
    )
    hours = (
        pl.col("timestamp") - _neighbour(pl.col("timestamp"), shift)
    ).dt.total_milliseconds().abs() / 3_600_000
    return pl.when(hours * 3600 >= min_gap_s).then(dist / hours).otherwise(None)


@register
class DuplicateFixBefore(RowRule):
    """duplicate_fix before the shared sort: a hash sort finds the candidates."""

    name = "duplicate_fix_before"
    columns = ("mmsi", "timestamp", "timestamp_source", "lat", "lon")
    scope = "group"
    group_key = "mmsi"

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Later copies of a (vessel, time, position) key, first by frame order kept."""
        timed = frame.filter(
            pl.col("timestamp").is_not_null() & ~pl.col("timestamp_source").is_in(["file_date"])
        ).select("_row", "mmsi", "timestamp", pl.col("lat").round(5), pl.col("lon").round(5))
        key = pl.struct("mmsi", "timestamp", "lat", "lon")
        hashes = timed.select("_row", h=key.hash()).sort("h")
        h = pl.col("h")
        shared = hashes.filter((h == h.shift(1)) | (h == h.shift(-1))).get_column("_row")
        candidates = timed.filter(pl.col("_row").is_in(shared.implode()))
        return candidates.filter(~key.is_first_distinct()).select(
            "_row",
            pl.format("duplicate of an earlier report of mmsi {} at {}", "mmsi", "timestamp").alias(
                "detail"
            ),
        )


@register
class ImpliedSpeedBefore(RowRule):
    """implied_speed before the shared sort: it sorted its own fixes."""

    name = "implied_speed_before"
    columns = ("mmsi", "timestamp", "timestamp_source", "lat", "lon")
    scope = "group"
    group_key = "mmsi"

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Spikes: implied speed above the limit both into and out of the fix."""
        limit = float(self.params.get("max_knots", 60.0))
        min_gap_s = float(self.params.get("min_gap_seconds", 1.0))
        fixes = frame.filter(
            pl.col("lat").is_not_null()
            & pl.col("timestamp").is_not_null()
            & (pl.col("timestamp_source") != "file_date")
        ).select("_row", "mmsi", "timestamp", "lat", "lon")
        fixes = by_track_before(fixes)
        scored = fixes.with_columns(_speed(1, min_gap_s).alias("_v_in")).with_columns(
            pl.col("_v_in").shift(-1).alias("_v_out")
        )
        fast_in, fast_out = pl.col("_v_in") > limit, pl.col("_v_out") > limit
        prev_fast_in = _neighbour(fast_in, 1).fill_null(False)
        next_fast_out = _neighbour(fast_out, -1).fill_null(False)
        spike = (
            (fast_in & fast_out)
            | (fast_in & pl.col("_v_out").is_null() & ~prev_fast_in)
            | (fast_out & pl.col("_v_in").is_null() & ~next_fast_out)
        )
        return scored.filter(spike.fill_null(False)).select(
            "_row",
            pl.format(
                "implied speed {} kn to a neighbouring fix exceeds {} kn",
                pl.max_horizontal("_v_in", "_v_out").round(1),
                pl.lit(limit),
            ).alias("detail"),
        )
