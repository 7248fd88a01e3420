"""Typed rows split into kept rows and quarantine rows by the first problem each row has.

A connector that parses text fields with polars computes, per row, one text column per kind
of problem ("" when there is none, e.g. `_missing`, `_failed`, `_absurd`); this module turns
those columns into the kept rows and the quarantine rows (reason and detail from the first
problem in the order given), both keeping the record's line and `_span`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from connectors.base import source_name

# (column holding the problem text, quarantine reason, detail template with one `{}`)
Problem = tuple[str, str, str]


def _first(problems: Sequence[Problem], detail: bool) -> pl.Expr:
    """The reason (or with `detail`, the detail) of each row's first problem."""

    def pick(problem: Problem) -> pl.Expr:
        column, reason, template = problem
        return pl.format(template, column) if detail else pl.lit(reason)

    *earlier, last = problems
    if not earlier:
        return pick(last)
    chain = pl.when(pl.col(earlier[0][0]) != "").then(pick(earlier[0]))
    for problem in earlier[1:]:
        chain = chain.when(pl.col(problem[0]) != "").then(pick(problem))
    return chain.otherwise(pick(last))


def split_by_problem(
    parsed: pl.DataFrame, values: Sequence[pl.Expr], path: Path, problems: Sequence[Problem]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows without any problem as `values` + lineage, quarantine rows with reason and detail)."""
    ok = pl.all_horizontal([pl.col(column) == "" for column, _, _ in problems])
    good = parsed.filter(ok).select(
        *values,
        pl.lit(source_name(path)).alias("source_file"),
        pl.col("_line").alias("source_line"),
        pl.col("_span"),
    )
    bad = parsed.filter(~ok).select(
        pl.lit(source_name(path)).alias("source_file"),
        pl.col("_line").alias("source_line"),
        pl.lit("ingest").alias("stage"),
        _first(problems, detail=False).alias("reason"),
        _first(problems, detail=True).alias("detail"),
        pl.col("_raw").alias("raw"),
        pl.col("_span"),
    )
    return good, bad
