"""Expectations proposed from a profile of a sample: null shares, ranges with margin, value sets.

Each proposal says what in the sample supports it. Only a key column with no null in the
sample gets an error-severity expectation; ranges and value sets come from one sample, so a
later day outside them warns instead of blocking the partition.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import polars as pl

MIN_ROWS = 20  # fewer non-null values than this prove nothing
MAX_SET = 10  # a column with at most this many distinct values gets an in_set expectation
MARGIN = 0.1  # ranges widen by this share of the observed span on each side
SKIP = frozenset({"source_file", "source_line"})


@dataclass(frozen=True, slots=True)
class ExpectationProposal:
    """One `quality.expectations` entry and the evidence behind it."""

    spec: dict[str, Any]
    evidence: str


def _is_key(name: str) -> bool:
    """A record key by its name (`id`, `*_id`); a vessel's MMSI repeats in a day of positions."""
    return name == "id" or name.endswith("_id")


# Text that is a date, time or amount written loosely ('2026/3/7', '12,5', '约5', '一百二十'): a
# sample's few values of it are no code list, so an in_set would fail on the next file.
_DATE_LIKE = r"\d{1,4}\s*[-/.年]\s*\d{1,2}"
_AMOUNT_LIKE = r"^[约~≈<>≤≥]?\s*[-+]?(\d[\d.,]*|[零〇一二两三四五六七八九十百千万亿]+)\s*\S{0,6}$"


def _measured(values: pl.Series) -> bool:
    """True when most values read as dates, times or amounts rather than codes."""
    text = values.cast(pl.String).str.strip_chars()
    looks = text.str.contains(_DATE_LIKE) | text.str.contains(_AMOUNT_LIKE)
    return bool(looks.mean() >= 0.5)


def _round_out(value: float, down: bool) -> float:
    """Round to 3 significant digits away from the data, so the margin is never eaten."""
    if value == 0:
        return 0.0
    scale = 10 ** (math.floor(math.log10(abs(value))) - 2)
    rounded = (math.floor if down else math.ceil)(value / scale) * scale
    return float(f"{rounded:.6g}")


def _range(name: str, col: pl.Series) -> ExpectationProposal:
    low, high = float(col.min()), float(col.max())  # type: ignore[arg-type]
    pad = (high - low) * MARGIN or abs(high) * MARGIN or 1.0
    lo, hi = _round_out(low - pad, True), _round_out(high + pad, False)
    if low >= 0 > lo:
        lo = 0.0  # a quantity never negative in the sample: keep the floor at zero
    spec = {"expect": "between", "column": name, "min": lo, "max": hi, "severity": "warn"}
    return ExpectationProposal(
        spec, f"sample range {low:g} .. {high:g} over {col.len():,} values, widened by 10%"
    )


def _nulls(name: str, col: pl.Series, rows: int, key: bool) -> ExpectationProposal | None:
    nulls = col.null_count()
    share = nulls / rows
    if nulls == 0:
        severity = "error" if key else "warn"
        return ExpectationProposal(
            {"expect": "not_null", "column": name, "severity": severity},
            f"0 of {rows:,} sampled values are null",
        )
    if share <= 0.05:
        mostly = math.floor((1 - 2 * share) * 100) / 100
        return ExpectationProposal(
            {"expect": "not_null", "column": name, "mostly": mostly, "severity": "warn"},
            f"{nulls:,} of {rows:,} sampled values are null ({share:.1%}); allows twice that",
        )
    return None


def propose_expectations(
    frame: pl.DataFrame,
    keys: frozenset[str] = frozenset(),
    private: frozenset[str] = frozenset(),
) -> list[ExpectationProposal]:
    """Expectations for every column of a sampled table that the sample says something about.

    A `private` column (identifiers, personal values) gets no value set or range: a spec's
    expectations are plain text in version control, and an identifier's range means nothing.
    """
    out: list[ExpectationProposal] = []
    rows = frame.height
    if rows < MIN_ROWS:
        return out
    for name in frame.columns:
        if name in SKIP:
            continue
        col = frame.get_column(name)
        values = col.drop_nulls()
        nulls = _nulls(name, col, rows, name in keys)
        if nulls is not None:
            out.append(nulls)
        if values.len() < MIN_ROWS:
            continue
        distinct = values.n_unique()
        if _is_key(name) and distinct == values.len():
            out.append(
                ExpectationProposal(
                    {"expect": "unique", "column": name, "severity": "warn"},
                    f"all {distinct:,} sampled values are distinct",
                )
            )
        elif name in private:
            continue
        elif col.dtype.is_numeric() and distinct > MAX_SET:
            finite = values.filter(values.is_finite()) if col.dtype.is_float() else values
            if finite.len() >= MIN_ROWS:
                out.append(_range(name, finite))
        elif (
            (col.dtype == pl.String and not _measured(values)) or col.dtype.is_integer()
        ) and 2 <= distinct <= MAX_SET:
            # one value in a one-file sample is a per-file constant (run id, export date) as
            # often as a code list: an in_set on it would fail every later file
            seen = sorted(values.unique().to_list())
            out.append(
                ExpectationProposal(
                    {"expect": "in_set", "column": name, "values": seen, "severity": "warn"},
                    f"only {distinct} distinct values in {values.len():,} sampled",
                )
            )
    return out


def quarantine_limit(quarantined: int, units: int) -> tuple[float, str]:
    """A max_quarantine_share above what the sample needed, and the evidence for it."""
    share = quarantined / units if units else 0.0
    limit = min(1.0, max(0.05, math.ceil(share * 1.5 * 100) / 100))
    return limit, f"{quarantined:,} of {units:,} sampled input units quarantined ({share:.1%})"
