"""Text decoded with replacement: U+FFFD in a value means bytes were lost, never data to ship."""

from __future__ import annotations

import polars as pl

REPLACEMENT = "\ufffd"


def replacement_characters(
    lf: pl.LazyFrame, distinct: dict[str, pl.Series] | None = None
) -> dict[str, int]:
    """Rows per string column holding U+FFFD (one narrow query, no column is kept in memory).

    With `distinct` (a column's distinct values, read before) a column none of whose values
    holds U+FFFD counts 0 without a read; only the others are counted row by row.
    """
    columns = [c for c, t in lf.collect_schema().items() if t == pl.String]
    known = distinct or {}
    clean = {
        c
        for c in columns
        if c in known and not known[c].str.contains(REPLACEMENT, literal=True).any()
    }
    counted = [c for c in columns if c not in clean]
    counts = (
        lf.select(
            pl.col(c).str.contains(REPLACEMENT, literal=True).sum().alias(c) for c in counted
        ).collect()
        if counted
        else pl.DataFrame()
    )
    return {c: 0 if c in clean else int(counts[c][0] or 0) for c in columns}
