"""Vessel tracks: fixes in vessel-then-time order, sorted once for every per-vessel rule."""

from __future__ import annotations

import polars as pl

TRACK_ORDER = ("mmsi", "timestamp")
_PER_SECOND = {"ns": 1_000_000_000, "us": 1_000_000, "ms": 1_000}


def _packed_key(fixes: pl.DataFrame) -> pl.Expr | None:
    """One Int64 ordering exactly like (mmsi, timestamp) with nulls first, or None if too wide.

    A missing vessel or time packs as 0 and every present one as its offset + 1, so nulls sort
    first as `sort("mmsi", "timestamp")` has them.
    """
    dtype = fixes.schema["timestamp"]
    vessels = fixes.schema["mmsi"]
    if not isinstance(dtype, pl.Datetime) or not vessels.is_integer() or vessels == pl.UInt64:
        return None
    per_second = _PER_SECOND[dtype.time_unit]
    mmsi, ts = pl.col("mmsi").cast(pl.Int64), pl.col("timestamp").to_physical()
    bounds = fixes.select(
        lo=mmsi.min(),
        hi=mmsi.max(),
        t0=ts.min(),
        t1=ts.max(),
        whole=((ts - ts.min()) % per_second == 0).all(),
    ).row(0, named=True)
    if bounds["lo"] is None or bounds["t0"] is None:  # a column with no value at all
        return None
    step = per_second if bounds["whole"] else 1
    shift = ((bounds["t1"] - bounds["t0"]) // step + 1).bit_length()
    if (bounds["hi"] - bounds["lo"] + 1).bit_length() + shift > 63:
        return None
    vessel = (mmsi - bounds["lo"] + 1).fill_null(0)
    time = ((ts - bounds["t0"]) // step + 1).fill_null(0)
    return vessel * (1 << shift) + time


def by_track(fixes: pl.DataFrame) -> pl.DataFrame:
    """Fixes sorted by vessel then time (nulls first), equal ones in input order.

    Vessel and time offsets packed into one integer sort about three times faster than the two
    columns; when they do not fit in 63 bits the two columns are used. A frame already in that
    order (the gate sorts a bucket once for all per-vessel rules) is returned as it is: a
    stable sort of a sorted frame changes nothing, and checking costs a fraction of sorting.
    """
    if fixes.height < 2:
        return fixes
    key = _packed_key(fixes)
    if key is None:
        return fixes.sort(*TRACK_ORDER, maintain_order=True)
    packed = fixes.select(key).to_series()
    if packed.is_sorted():
        return fixes
    return fixes.sort(packed, maintain_order=True)


def in_order(frame: pl.DataFrame, order: tuple[str, ...]) -> pl.DataFrame:
    """`frame` stably sorted by the columns of a rule's `order` (track order packed)."""
    if order == TRACK_ORDER:
        return by_track(frame)
    return frame.sort(*order, maintain_order=True) if order else frame


def neighbour(expr: pl.Expr, shift: int) -> pl.Expr:
    """The value of the previous (1) or next (-1) fix of the same vessel, else null."""
    same = pl.col("mmsi") == pl.col("mmsi").shift(shift)
    return pl.when(same).then(expr.shift(shift))
