"""Exact copies among the physical lines of clean CSV files, found before polars parses them.

The pre-scan that reads every byte anyway keeps one 64-bit hash per line (of its text, a
CRLF's CR dropped): 8 bytes a line, no offsets and no text. Lines whose hash repeats are read
back in a second pass over their file and compared on their text, so a hash collision never
makes a duplicate. The first copy (in file order, then line order) is kept; every later one is
named with the line it copies. No Python loop touches every line of a file without repeats.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CHUNK = 8 << 20


@dataclass(frozen=True, slots=True)
class LineFile:
    """A clean file's lines: numbers to leave out, and each line's hash."""

    path: Path
    skip: set[int]
    hashes: np.ndarray  # of line n at [n - 1]


def _kept(file: LineFile) -> np.ndarray:
    """True for the lines of the file that take part (not left out)."""
    keep = np.ones(len(file.hashes), bool)
    skip = np.fromiter(file.skip, np.int64, len(file.skip)) - 1
    keep[skip[(skip >= 0) & (skip < len(keep))]] = False
    return keep


def read_lines(path: Path, wanted: np.ndarray) -> Iterator[tuple[int, str]]:
    """(line number, text without its line end) of the `wanted` (sorted) lines of `path`."""
    if len(wanted) == 0:
        return
    first, at, carry = 1, 0, b""
    with path.open("rb") as fh:
        while at < len(wanted):
            chunk = fh.read(CHUNK)
            body = carry + chunk
            if chunk:
                cut = body.rfind(b"\n") + 1
                body, carry = body[:cut], body[cut:]
            else:
                body, carry = (body + b"\n" if body else body), b""
            lines = body.split(b"\n")[:-1]
            last = first + len(lines)
            while at < len(wanted) and wanted[at] < last:
                line = int(wanted[at])
                yield line, lines[line - first].removesuffix(b"\r").decode("utf-8")
                at += 1
            first = last
            if not chunk:
                return


def later_copies(files: list[LineFile]) -> list[tuple[int, int, str, int, int]]:
    """(file index, line, text, copied file index, copied line) of each later exact copy."""
    if not files:
        return []
    kept = [_kept(file) for file in files]
    ordered = np.concatenate([f.hashes[k] for f, k in zip(files, kept, strict=True)])
    ordered.sort()  # in place: a second copy of every hash would double the memory
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
        del at
        for line, text in read_lines(file.path, lines):
            if text in first:
                copies.append((index, line, text, *first[text]))
            else:
                first[text] = (index, line)
    return copies
