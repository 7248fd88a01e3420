"""Exact copies among the physical lines of clean CSV files, found by polars before parsing.

A clean file (pre-scanned: UTF-8, no NUL, no bare CR, no multi-line record) is read a second
time as bare lines (no quoting, a NUL separator it cannot hold), and each line hashed; only
lines whose hash repeats are read again with their text, and copies are confirmed on that text,
so a hash collision never makes a duplicate. The first copy (in file order, then line order)
is kept; every later one is named with the line it copies. No Python loop touches every line.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

LINE = "source_line"
_TEXT, _FILE, _HASH = "_text", "_file", "_hash"


def bare_lines(path: Path) -> pl.LazyFrame:
    """Every line after the header as its exact text (a CRLF's CR dropped), by line number."""
    return (
        pl.scan_csv(
            path,
            has_header=False,
            skip_rows=1,
            separator="\x00",
            quote_char=None,
            schema={_TEXT: pl.String()},
            encoding="utf8",
        )
        .with_row_index(LINE, offset=2)
        .with_columns(pl.col(_TEXT).str.strip_suffix("\r"), pl.col(LINE).cast(pl.Int64))
    )


def later_copies(files: list[tuple[Path, set[int]]]) -> pl.DataFrame:
    """(file index, line, text, copied file index, copied line) of each later exact copy.

    `files` pairs each path with line numbers left out (blank or already flagged lines).
    """
    frames = []
    for index, (path, skip) in enumerate(files):
        lines = bare_lines(path).with_columns(pl.lit(index, pl.Int32).alias(_FILE))
        if skip:
            lines = lines.filter(~pl.col(LINE).is_in(sorted(skip)))
        frames.append(lines.filter(pl.col(_TEXT).is_not_null()))
    empty = pl.DataFrame(
        schema={_FILE: pl.Int32, LINE: pl.Int64, _TEXT: pl.String, "kept_file": pl.Int32,
                "kept_line": pl.Int64}
    )  # fmt: skip
    if not frames:
        return empty
    hashed = pl.concat(frames).select(pl.col(_TEXT).hash().alias(_HASH))
    repeated = hashed.group_by(_HASH).agg(pl.len().alias("_n")).filter(pl.col("_n") > 1).collect()
    if repeated.height == 0:
        return empty
    candidates = (
        pl.concat(frames)
        .filter(pl.col(_TEXT).hash().is_in(repeated[_HASH].implode()))
        .collect()
        .sort(_FILE, LINE)
    )
    firsts = candidates.group_by(_TEXT, maintain_order=True).agg(
        pl.col(_FILE).first().alias("kept_file"), pl.col(LINE).first().alias("kept_line")
    )
    return (
        candidates.join(firsts, on=_TEXT, maintain_order="left")
        .filter((pl.col(_FILE) != pl.col("kept_file")) | (pl.col(LINE) != pl.col("kept_line")))
        .select(empty.columns)
    )
