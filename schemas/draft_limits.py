"""Physical limits of well-known columns, so a drafted range never widens past what is possible.

A sample range comes from dirty data as often as from clean (an AIS course over ground of 391);
`bohai init` must not turn the dirt into the allowed maximum. A column known by its name (or a
`%` unit) gets its range clamped to the limits, and the evidence says how many sampled values
lay outside them; AIS "not available" codes (heading 511, SOG 102.3, lat 91, lon 181) are
named as such, since they are codes and not measurements.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from quality.profile import ExpectationProposal


@dataclass(frozen=True, slots=True)
class Limit:
    """What a column can physically hold: [low, high], the codes meaning "not available"."""

    low: float | None
    high: float | None
    what: str
    sentinels: tuple[float, ...] = ()


LAT = Limit(-90.0, 90.0, "latitude, degrees", (91.0,))
LON = Limit(-180.0, 180.0, "longitude, degrees", (181.0,))
COG = Limit(0.0, 360.0, "course over ground, degrees", (360.0,))
HEADING = Limit(0.0, 359.0, "true heading, degrees", (511.0,))
SOG = Limit(0.0, 102.2, "speed over ground, knots (AIS)", (102.3,))
PERCENT = Limit(0.0, 100.0, "a percentage")
NON_NEGATIVE = Limit(0.0, None, "a size or count")
AGE = Limit(0.0, 130.0, "an age in years")
BY_NAME: dict[str, Limit] = {
    **dict.fromkeys(("lat", "latitude"), LAT),
    **dict.fromkeys(("lon", "lng", "long", "longitude"), LON),
    **dict.fromkeys(("cog", "course", "course_over_ground"), COG),
    **dict.fromkeys(("heading", "hdg", "true_heading"), HEADING),
    **dict.fromkeys(("sog", "speed_over_ground"), SOG),
    **dict.fromkeys(("humidity", "relative_humidity", "percent", "pct"), PERCENT),
    **dict.fromkeys(("length", "width", "draft", "draught", "visits"), NON_NEGATIVE),
    **dict.fromkeys(("age", "age_years"), AGE),
}
PERCENT_UNITS = frozenset({"%", "percent", "pct"})


def limit_for(column: str, unit: str | None = None) -> Limit | None:
    """The physical limits of a column by its name or unit, if it has known ones."""
    name = column.lower()
    if name in BY_NAME:
        return BY_NAME[name]
    if (unit or "").lower() in PERCENT_UNITS or name.endswith(("_pct", "_percent", "_percentage")):
        return PERCENT
    return None


def _g(value: float) -> str:
    """A number as written in evidence (inf for an open end)."""
    return f"{value:g}"


def clamp(proposal: ExpectationProposal, col: pl.Series, limit: Limit) -> ExpectationProposal:
    """A `between` proposal kept inside the limits, its evidence saying what the sample broke."""
    spec = dict(proposal.spec)
    low = limit.low if limit.low is not None else -math.inf
    high = limit.high if limit.high is not None else math.inf
    lo = max(float(spec["min"]), low)
    hi = min(float(spec["max"]), high)
    if lo > hi:  # the whole sample lies outside: only the limits are left
        lo, hi = low, high
    spec["min"] = None if math.isinf(lo) else lo
    spec["max"] = None if math.isinf(hi) else hi
    spec = {k: v for k, v in spec.items() if v is not None}
    values = col.drop_nulls()
    codes = values.is_in(list(limit.sentinels))
    beyond = (values < low) | (values > high)
    outside = beyond & ~codes
    bounds = f"{_g(low)}..{_g(high)}"
    moved = spec.get("min") != proposal.spec.get("min") or spec.get("max") != proposal.spec.get(
        "max"
    )
    notes = [f"{'clamped to' if moved else 'inside'} the physical limits {bounds} ({limit.what})"]
    bad = int(outside.sum())
    if bad:
        worst = values.filter(outside)
        notes.append(
            f"{bad:,} sampled values lie outside them (min {_g(float(worst.min()))}, max "  # type: ignore[arg-type]
            f"{_g(float(worst.max()))}): dirty data, not a wider range"  # type: ignore[arg-type]
        )
    n_codes = int(codes.sum())
    if n_codes:
        sentinel = ", ".join(_g(s) for s in limit.sentinels)
        notes.append(f"{n_codes:,} sampled values are the 'not available' code {sentinel}")
    share = int(beyond.sum()) / values.len() if values.len() else 0.0  # what `between` rejects
    if 0 < share <= 0.25:
        spec["mostly"] = math.floor((1 - 2 * share) * 100) / 100
        notes.append(f"mostly {spec['mostly']} allows twice the sample's share outside")
    return ExpectationProposal(spec, f"{proposal.evidence}; " + "; ".join(notes))


def clamp_ranges(
    frame: pl.DataFrame,
    proposals: list[ExpectationProposal],
    units: dict[str, str | None] | None = None,
) -> list[ExpectationProposal]:
    """Every `between` proposal on a column with known limits, clamped to them."""
    out = []
    for p in proposals:
        column = str(p.spec.get("column"))
        limit = limit_for(column, (units or {}).get(column))
        if p.spec.get("expect") == "between" and limit is not None and column in frame.columns:
            out.append(clamp(p, frame.get_column(column), limit))
        else:
            out.append(p)
    return out
