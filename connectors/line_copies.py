"""Exact copies among the physical lines of clean CSV files, found before polars parses them.

The pre-scan that reads every byte anyway hands over a 64-bit hash of each line's text (its
LF or CRLF left out) with the line's place (file, line number) and the byte offset where it
starts, and `LineHashes` appends these to on-disk buckets chosen by the hash's high bits, so
memory does not grow with the files. Each bucket is then read alone and the places whose hash
repeats are kept; only those lines are read back (a seek to each one's offset) and compared on
their text, so a hash collision never makes a duplicate. The first copy (in file order, then
line order) is kept; every later one is named with the line it copies. No Python loop touches
every line of a file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
import polars as pl

CHUNK = 8 << 20
_LINE_BITS = 40  # a place is file index << 40 | line number
_RECORD = np.dtype([("hash", "<u8"), ("place", "<u8"), ("start", "<u8")])
_BUCKET_BYTES = 8 << 20  # about what one bucket of records should hold
_BYTES_PER_LINE = 100  # fewer than a real MarineCadastre line, so buckets err small


def bucket_bits(input_bytes: int) -> int:
    """Bits of hash choosing the bucket, so a bucket holds about 8 MiB of records (1 to 8)."""
    records = input_bytes // _BYTES_PER_LINE * _RECORD.itemsize
    return min(8, max(1, (records // _BUCKET_BYTES).bit_length()))


class LineHashes:
    """(hash, place, byte offset) of every line taking part, spilled into buckets by the
    hash's high bits."""

    def __init__(self, folder: Path, bits: int = 6) -> None:
        if not 0 < bits <= 8:
            raise ValueError(f"bucket bits must be 1 to 8, not {bits}")
        self.folder = folder
        self.bits = bits
        folder.mkdir(parents=True, exist_ok=True)
        self._out: list[BinaryIO] = [(folder / f"{b:03d}.bin").open("wb") for b in range(1 << bits)]

    def add(
        self, file_index: int, lines: np.ndarray, hashes: np.ndarray, starts: np.ndarray
    ) -> None:
        """Spill the hashes of `lines` (numbers) of file `file_index`, which start at byte
        offsets `starts`."""
        if len(lines) == 0:
            return
        hashes = hashes.astype(np.uint64, copy=False)
        bucket = (hashes >> np.uint64(64 - self.bits)).astype(np.uint8)
        order = np.argsort(bucket, kind="stable")  # a radix sort for 8-bit keys
        places = (np.uint64(file_index) << np.uint64(_LINE_BITS)) | lines.astype(np.uint64)
        # each field gathered on its own: gathering 24-byte records is ~8x slower in numpy
        records = np.empty(len(lines), _RECORD)
        records["hash"], records["place"] = hashes[order], places[order]
        records["start"] = starts[order]
        cuts = np.searchsorted(bucket[order], np.arange(1 << self.bits))
        for b, (start, stop) in enumerate(zip(cuts, [*cuts[1:], len(records)], strict=True)):
            if stop > start:
                records[start:stop].tofile(self._out[b])

    def repeated(self) -> np.ndarray:
        """Records (hash, place, start) of the lines whose hash occurs more than once (bucket by
        bucket), sorted by place."""
        for out in self._out:
            out.close()
        found = [np.empty(0, _RECORD)]
        for b in range(1 << self.bits):
            records = np.fromfile(self.folder / f"{b:03d}.bin", _RECORD)
            twice = pl.Series(records["hash"]).is_duplicated().to_numpy()
            found.append(records[twice])
        records = np.concatenate(found)
        return records[np.argsort(records["place"])]

    def close(self) -> None:
        """Remove the spilled buckets."""
        for out in self._out:
            out.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def read_lines(
    path: Path, wanted: np.ndarray, index: list[tuple[int, int]] | None = None
) -> Iterator[tuple[int, str]]:
    """(line number, text without its line end) of the `wanted` (sorted) lines of `path`.

    With the pre-scan's `index` ((first line, byte offset) of each chunk it read) only the
    chunks holding wanted lines are read; without it the file is read from the start.
    """
    if len(wanted) == 0:
        return
    bodies = _indexed(path, wanted, index) if index else _sequential(path)
    at = 0
    for first, body in bodies:
        ends = np.flatnonzero(np.frombuffer(body, np.uint8) == 10)
        last = first + len(ends)
        while at < len(wanted) and wanted[at] < last:
            line = int(wanted[at])
            k = line - first
            text = body[int(ends[k - 1]) + 1 if k else 0 : int(ends[k])]
            yield line, text.removesuffix(b"\r").decode("utf-8")
            at += 1
        if at == len(wanted):
            return


def _sequential(path: Path) -> Iterator[tuple[int, bytes]]:
    """(first line number, whole LF-ended lines) of every chunk of the file, in order."""
    first, carry = 1, b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            body = carry + chunk
            cut = body.rfind(b"\n") + 1
            body, carry = body[:cut], body[cut:]
            yield first, body
            first += body.count(b"\n")
    if carry:
        yield first, carry + b"\n"


def _indexed(
    path: Path, wanted: np.ndarray, index: list[tuple[int, int]]
) -> Iterator[tuple[int, bytes]]:
    """(first line number, LF-ended lines) of only the indexed chunks holding wanted lines."""
    firsts = np.array([first for first, _ in index])
    chunks = np.unique(np.searchsorted(firsts, wanted, side="right") - 1)
    with path.open("rb") as fh:
        for chunk in chunks[chunks >= 0].tolist():
            first, offset = index[chunk]
            fh.seek(offset)
            size = index[chunk + 1][1] - offset if chunk + 1 < len(index) else -1
            body = fh.read(size)
            yield first, body if body.endswith(b"\n") else body + b"\n"


def _lines_at(path: Path, numbers: np.ndarray, starts: np.ndarray) -> Iterator[tuple[int, str]]:
    """(line number, text without its line end) of the lines starting at `starts` (sorted)."""
    with path.open("rb") as fh:
        for number, start in zip(numbers.tolist(), starts.tolist(), strict=True):
            fh.seek(start)
            text = fh.readline().removesuffix(b"\n").removesuffix(b"\r")
            yield number, text.decode("utf-8")


def later_copies(paths: list[Path], hashes: LineHashes) -> list[tuple[int, int, str, int, int]]:
    """(file index, line, text, copied file index, copied line) of each later exact copy."""
    repeated = hashes.repeated()
    places, starts = repeated["place"], repeated["start"]
    files = places >> np.uint64(_LINE_BITS)
    numbers = (places & np.uint64((1 << _LINE_BITS) - 1)).astype(np.int64)
    first: dict[str, tuple[int, int]] = {}
    copies = []
    for index, path in enumerate(paths):
        mine = files == index
        for line, text in _lines_at(path, numbers[mine], starts[mine]):
            if text in first:
                copies.append((index, line, text, *first[text]))
            else:
                first[text] = (index, line)
    return copies
