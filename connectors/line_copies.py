"""Exact copies among the physical lines of clean CSV files, found by polars before parsing.

A clean file (pre-scanned: UTF-8, no NUL, no bare CR, no multi-line record) is read a second
time by polars as bare lines (no quoting, a NUL separator it cannot hold) and only each line's
hash is kept (8 bytes a line). Lines whose hash repeats are read back by their byte offsets
(from the pre-scan) and compared on their text, so a hash collision never makes a duplicate.
The first copy (in file order, then line order) is kept; every later one is named with the
line it copies. No Python loop touches every line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

LINE = "source_line"
_TEXT = "_text"


@dataclass(frozen=True, slots=True)
class LineFile:
    """A clean file, the line numbers to leave out, and every line's byte offset and length."""

    path: Path
    skip: set[int]
    starts: np.ndarray  # byte offset of line n at [n - 1]
    lengths: np.ndarray  # its length without the line end


def line_hashes(path: Path) -> np.ndarray:
    """A 64-bit hash of every line after the header (a CRLF's CR dropped), line 2 first."""
    lines = pl.scan_csv(
        path,
        has_header=False,
        skip_rows=1,
        separator="\x00",
        quote_char=None,
        schema={_TEXT: pl.String()},
        encoding="utf8",
    )
    hashed = lines.select(pl.col(_TEXT).str.strip_suffix("\r").hash())
    return hashed.collect(engine="streaming").to_series().to_numpy()


def later_copies(files: list[LineFile]) -> list[tuple[int, int, str, int, int]]:
    """(file index, line, text, copied file index, copied line) of each later exact copy."""
    hashes, where = [], []
    for index, file in enumerate(files):
        values = line_hashes(file.path)
        numbers = np.arange(2, len(values) + 2)
        keep = ~np.isin(numbers, np.fromiter(file.skip, np.int64, len(file.skip)))
        hashes.append(values[keep])
        where.append(np.column_stack([np.full(keep.sum(), index), numbers[keep]]))
    if not hashes:
        return []
    every = np.concatenate(hashes)
    ordered = np.sort(every)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if len(repeated) == 0:
        return []
    candidates = np.concatenate(where)[np.isin(every, repeated)]  # file then line order
    first: dict[str, tuple[int, int]] = {}
    copies = []
    handles = [file.path.open("rb") for file in files]
    try:
        for index, line in candidates.tolist():
            file, fh = files[index], handles[index]
            fh.seek(int(file.starts[line - 1]))
            text = fh.read(int(file.lengths[line - 1])).decode("utf-8")
            if text in first:
                copies.append((index, line, text, *first[text]))
            else:
                first[text] = (index, line)
    finally:
        for fh in handles:
            fh.close()
    return copies
