"""Text decoded with replacement: U+FFFD in a value means bytes were lost, never data to ship."""

from __future__ import annotations

import polars as pl

REPLACEMENT = "\ufffd"


def replacement_characters(lf: pl.LazyFrame) -> dict[str, int]:
    """Rows per string column holding U+FFFD (one narrow query, no column is kept in memory)."""
    columns = [c for c, t in lf.collect_schema().items() if t == pl.String]
    if not columns:
        return {}
    counts = lf.select(
        pl.col(c).str.contains(REPLACEMENT, literal=True).sum().alias(c) for c in columns
    ).collect()
    return {c: int(counts[c][0] or 0) for c in columns}
