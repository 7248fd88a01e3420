"""Exact copies among the physical lines of clean CSV files, found before polars parses them.

The pre-scan that reads every byte anyway keeps, per line, a 64-bit hash of its text (a CRLF's
CR dropped), its byte offset and its length (20 bytes a line, no text). Lines whose hash
repeats are read back by offset and compared on their text, so a hash collision never makes
a duplicate. The first copy (in file order, then line order) is kept; every later one is
named with the line it copies. No Python loop touches every line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True, slots=True)
class LineFile:
    """A clean file's lines: numbers to leave out, and each line's hash, offset and length."""

    path: Path
    skip: set[int]
    hashes: np.ndarray  # of line n at [n - 1]
    starts: np.ndarray  # byte offset of line n at [n - 1]
    lengths: np.ndarray  # its length without the line end


def _kept(file: LineFile) -> np.ndarray:
    """True for the lines of the file that take part (not left out)."""
    keep = np.ones(len(file.hashes), bool)
    skip = np.fromiter(file.skip, np.int64, len(file.skip)) - 1
    keep[skip[(skip >= 0) & (skip < len(keep))]] = False
    return keep


def later_copies(files: list[LineFile]) -> list[tuple[int, int, str, int, int]]:
    """(file index, line, text, copied file index, copied line) of each later exact copy."""
    kept = [_kept(file) for file in files]
    if not files:
        return []
    ordered = np.sort(np.concatenate([f.hashes[k] for f, k in zip(files, kept, strict=True)]))
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    del ordered
    if len(repeated) == 0:
        return []
    first: dict[str, tuple[int, int]] = {}
    copies = []
    for index, file in enumerate(files):
        at = np.searchsorted(repeated, file.hashes)
        at[at == len(repeated)] = 0
        lines = np.flatnonzero((repeated[at] == file.hashes) & kept[index]) + 1
        with file.path.open("rb") as fh:
            for line in lines.tolist():
                fh.seek(int(file.starts[line - 1]))
                text = fh.read(int(file.lengths[line - 1])).decode("utf-8")
                if text in first:
                    copies.append((index, line, text, *first[text]))
                else:
                    first[text] = (index, line)
    return copies
