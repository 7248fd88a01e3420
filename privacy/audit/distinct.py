"""Distinct values of a table's columns, read once and shared by every audit that needs them.

The post-scrub audits (leak candidates, U+FFFD, released identifier values, identifier values
in free text) all start from each column's distinct values; reading them once per table, in one
batch of narrow queries, replaces a scan per audit.
"""

from __future__ import annotations

import polars as pl

ColumnValues = dict[str, pl.Series]
# Queries of one batch run side by side, never through a shared cache of the scanned table:
# on a filtered plan that cache holds the whole table (+280 MiB at 20M AIS rows).
NARROW = pl.QueryOptFlags(comm_subplan_elim=False)


def _native(dtype: pl.DataType) -> bool:
    """Types whose distinct values stay distinct as text: cast after `unique`, not before."""
    return dtype == pl.String or dtype.is_integer()


def distinct_query(lf: pl.LazyFrame, column: str, dtype: pl.DataType) -> pl.LazyFrame:
    """A column's distinct non-null values (text, or integers uncast) as a streaming query.

    A query per column rather than `unique().implode()` beside other aggregates in one select:
    that select leaves the streaming engine and holds whole columns (+650 MiB at 5M AIS rows).
    """
    col = pl.col(column) if _native(dtype) else pl.col(column).cast(pl.String)
    return lf.select(col.drop_nulls().unique())


def collect_with_values(
    lf: pl.LazyFrame, columns: list[str], *others: pl.LazyFrame
) -> tuple[list[pl.DataFrame], ColumnValues]:
    """Run `others` and each column's distinct-values query in one batch of narrow queries."""
    schema = lf.collect_schema()
    queries = [distinct_query(lf, c, schema[c]) for c in columns]
    frames = pl.collect_all([*others, *queries], optimizations=NARROW)
    done = frames[len(others) :]
    return frames[: len(others)], {c: f.get_column(c) for c, f in zip(columns, done, strict=True)}


def distinct_values(lf: pl.LazyFrame, columns: list[str]) -> ColumnValues:
    """Each column's distinct non-null values, from one batch of narrow queries."""
    return collect_with_values(lf, columns)[1] if columns else {}


def as_text(values: pl.Series) -> pl.Series:
    """Distinct values as the text the audits compare (integers map one to one onto theirs)."""
    return values if values.dtype == pl.String else values.cast(pl.String)


def joined_text(values: ColumnValues, columns: list[str]) -> pl.Series | None:
    """The distinct text of these columns together, or None when one of them was not read."""
    if not columns or any(c not in values for c in columns):
        return None
    return pl.concat([as_text(values[c]).alias("v") for c in columns]).unique()
