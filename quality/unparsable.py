"""Why fields did not parse, per column: how many rows, the commonest values, a likely cause.

A run that quarantines most rows as `unparsable_field` (a float64 column of `353,03`) must say
so in one sentence: quoting the first quarantined row showed one `Bad Input` and hid the 2,877
decimal-comma numbers behind it. Details read `unparsable col=value; col2=value2`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from schemas.column_types import DECIMAL_COMMA

UNPARSABLE = "unparsable_field"
SHOWN_VALUES = 3
SHOWN_COLUMNS = 3
_NUMERIC = {"float64", "int64"}


def _pairs(quarantine: Path) -> pl.DataFrame:
    """(column, value) of every field named in an unparsable_field detail."""
    return (
        pl.scan_parquet(quarantine)
        .filter(pl.col("reason") == UNPARSABLE)
        .select(pl.col("detail").str.strip_prefix("unparsable ").str.split("; ").alias("field"))
        .explode("field")
        .select(
            pl.col("field").str.extract(r"^([^=]*)=", 1).alias("column"),
            pl.col("field").str.extract(r"^[^=]*=(.*)$", 1).alias("value"),
        )
        .drop_nulls("column")
        .collect()
    )


def _commonest(values: pl.Series) -> str:
    """`'v' (n), 'w' (m) and K other values`, commonest first."""
    counts = values.rename("value").value_counts()
    counts = counts.sort(["count", "value"], descending=[True, False])
    shown = ", ".join(f"{v!r} ({n:,})" for v, n in counts.head(SHOWN_VALUES).iter_rows())
    others = counts.height - SHOWN_VALUES
    return shown + (f" and {others:,} other values" if others > 0 else "")


def _column_sentence(column: str, values: pl.Series, rows: int, dtype: str | None) -> str:
    """`col: N of M rows do not parse as T: 'v' (n), ...; decimal comma? ...` for one column."""
    head = f"{column}: {values.len():,} of {rows:,} rows do not parse"
    head += f" as {dtype}" if dtype else ""
    comma = values.str.contains(DECIMAL_COMMA) & values.str.contains(",")
    if dtype not in _NUMERIC or not comma.any():
        return f"{head}: {_commonest(values)}"
    numbers = values.filter(comma)
    found = f"{numbers.len():,} decimal-comma numbers ({_commonest(numbers)})"
    if numbers.len() < values.len():
        found += f", then {_commonest(values.filter(~comma))}"
    return f"{head}: {found}; decimal comma? set decimal_comma: true on the column"


def unparsable_summary(quarantine: Path, rows: int, dtypes: dict[str, str] | None = None) -> str:
    """One sentence per column (most failures first) on the fields that did not parse, or ""."""
    if not quarantine.is_file():
        return ""
    pairs = _pairs(quarantine)
    if pairs.is_empty():
        return ""
    by_column = pairs.group_by("column").agg(pl.col("value"), pl.len().alias("n"))
    by_column = by_column.sort(["n", "column"], descending=[True, False])
    sentences = [
        _column_sentence(str(c), pl.Series(v, dtype=pl.String), rows, (dtypes or {}).get(str(c)))
        for c, v, _ in by_column.head(SHOWN_COLUMNS).iter_rows()
    ]
    if by_column.height > SHOWN_COLUMNS:
        sentences.append(f"and {by_column.height - SHOWN_COLUMNS} more columns")
    return "; ".join(sentences)
