"""Distinct values of a table's columns, read once and shared by every audit that needs them.

The post-scrub audits (leak candidates, U+FFFD, released identifier values, identifier values
in free text) all start from each column's distinct values; reading them once per table, in one
`select` beside any other aggregates, replaces a scan per audit.
"""

from __future__ import annotations

import polars as pl

ColumnValues = dict[str, pl.Series]


def _native(dtype: pl.DataType) -> bool:
    """Types whose distinct values stay distinct as text: cast after `unique`, not before."""
    return dtype == pl.String or dtype.is_integer()


def distinct_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    """A column's distinct non-null values (text, or integers uncast), as one list value."""
    col = pl.col(column) if _native(dtype) else pl.col(column).cast(pl.String)
    return col.drop_nulls().unique().implode()


def distinct_exprs(schema: pl.Schema, columns: list[str], prefix: str) -> list[pl.Expr]:
    """`distinct_expr` of each column, named `prefix + column` to sit beside other aggregates."""
    return [distinct_expr(c, schema[c]).alias(f"{prefix}{c}") for c in columns]


def values_of(row: pl.DataFrame, columns: list[str], prefix: str) -> ColumnValues:
    """The distinct values `distinct_exprs` computed, by column."""
    return {c: row.get_column(f"{prefix}{c}").explode().drop_nulls().rename(c) for c in columns}


def distinct_values(lf: pl.LazyFrame, columns: list[str]) -> ColumnValues:
    """Each column's distinct non-null values, from one pass over the columns."""
    if not columns:
        return {}
    row = lf.select(distinct_exprs(lf.collect_schema(), columns, "")).collect()
    return values_of(row, columns, "")


def as_text(values: pl.Series) -> pl.Series:
    """Distinct values as the text the audits compare (integers map one to one onto theirs)."""
    return values if values.dtype == pl.String else values.cast(pl.String)


def joined_text(values: ColumnValues, columns: list[str]) -> pl.Series | None:
    """The distinct text of these columns together, or None when one of them was not read."""
    if not columns or any(c not in values for c in columns):
        return None
    return pl.concat([as_text(values[c]).alias("v") for c in columns]).unique()
