"""Per-column statistics of a release, kept in the manifest.

Computed when a table is written (scrubbed, beside its other checks) or else at publish time.
`distinct_approx` is exact for text columns (null counted as one value, as polars counts it):
the scrubbed stage reads their distinct values for its audits anyway, so counting them costs
nothing there, where HyperLogLog over them cost 0.4 s of CPU per 5M AIS rows; other columns
keep HyperLogLog's estimate.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

SEP = "\x1f"
# Parallel float sums add their parts in whatever order threads finish: the same file's mean
# and std differed in the last bits between runs. Twelve significant digits keep them equal.
FLOAT_DIGITS = 12
SUMMED = frozenset({"mean", "std"})
ROWS = f"{SEP}rows"  # the row count, under a name no column can have


def _ordered(dtype: pl.DataType) -> bool:
    return dtype.is_numeric() or dtype.is_temporal() or dtype in (pl.String, pl.Boolean)


def _plain(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return float(value)
    return value


def exact_distinct(dtype: pl.DataType) -> bool:
    """Whether a column's `distinct_approx` is its exact count (text) rather than an estimate."""
    return dtype == pl.String


def statistics_exprs(schema: pl.Schema, counted: bool = False, nulls: bool = True) -> list[pl.Expr]:
    """One aggregate per statistic and column, for a single `select` over the table.

    `counted`: the caller takes the text columns' distinct count, min and max from their
    distinct values, read anyway for the audits (`with_distinct`): min and max of 5M pseudonym
    strings cost 0.3 s of CPU per 5M AIS rows in this select. `nulls` False: the caller adds
    the null counts (`null_figures`, from the file's footer), so with `counted` this select
    reads no text column at all (0.15 s of CPU per 5M AIS rows).
    """
    exprs: list[pl.Expr] = [pl.len().alias(ROWS)]
    for name, dtype in schema.items():
        col = pl.col(name)
        if nulls:
            exprs.append(col.null_count().alias(f"{name}{SEP}null_count"))
        if dtype.is_nested():
            continue
        if not exact_distinct(dtype):
            exprs.append(col.approx_n_unique().alias(f"{name}{SEP}distinct_approx"))
        elif not counted:
            exprs.append(col.n_unique().alias(f"{name}{SEP}distinct_approx"))
        if _ordered(dtype) and not (counted and exact_distinct(dtype)):
            exprs += [col.min().alias(f"{name}{SEP}min"), col.max().alias(f"{name}{SEP}max")]
        if dtype.is_numeric():
            exprs += [
                col.cast(pl.Float64).mean().alias(f"{name}{SEP}mean"),
                col.cast(pl.Float64).std().alias(f"{name}{SEP}std"),
            ]
    return exprs


def null_figures(nulls: dict[str, int]) -> dict[str, int]:
    """Null counts per column (read elsewhere, e.g. a Parquet footer) as `statistics_of` takes
    them beside the figures of a select made with `nulls=False`."""
    return {f"{name}{SEP}null_count": count for name, count in nulls.items()}


def statistics_of(schema: pl.Schema, row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The per-column statistics from the one row `statistics_exprs` computed."""
    rows = int(row[ROWS])
    out: dict[str, dict[str, Any]] = {
        name: {"type": str(dtype), "rows": rows} for name, dtype in schema.items()
    }
    for key, value in row.items():
        if key == ROWS:
            continue
        name, stat = key.split(SEP)
        value = _plain(value)
        if stat in SUMMED and isinstance(value, float):
            value = float(f"{value:.{FLOAT_DIGITS}g}")
        out[name][stat] = value
    for stats in out.values():
        stats["null_share"] = round(stats["null_count"] / rows, 6) if rows else 0.0
    return out


def with_distinct(
    statistics: dict[str, dict[str, Any]], values: dict[str, pl.Series]
) -> dict[str, dict[str, Any]]:
    """Text columns' exact distinct counts, min and max from their distinct non-null values,
    read before (the same figures as over every row: nulls are left out of both)."""
    for name, distinct in values.items():
        stats = statistics[name]
        stats["distinct_approx"] = distinct.len() + (1 if stats["null_count"] else 0)
        if exact_distinct(distinct.dtype):
            stats["min"], stats["max"] = _plain(distinct.min()), _plain(distinct.max())
    return statistics


def column_statistics(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """Null count, min, max, mean, std and approximate distinct count per column."""
    if not paths:
        return {}
    lf = pl.scan_parquet([str(p) for p in paths])
    schema = lf.collect_schema()
    return statistics_of(schema, lf.select(statistics_exprs(schema)).collect().row(0, named=True))
