"""A delimited file's records read fast: polars splits the clean lines, the careful reader
reads the flagged ones (and the lines they take), and both come out in line order.

`connectors.clean_lines` flags every data line the careful reader (connectors.csv_records)
might read otherwise than a split on the delimiter. The careful reader then starts a record at
each flagged line in turn, exactly as it would reading the file from the top: a record that
takes the lines after it (a legal quoted newline) takes them here too, and a flagged line such
a record took starts no record of its own. Every other data line is one record of its split
fields, which polars' CSV reader gives chunk by chunk, without a Python step per line.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from connectors.clean_lines import Chunk, LineScan, chunks_at, kept_runs
from connectors.csv_records import CsvRecord, CsvRecords
from connectors.text_lines import Line, decode_line


class LineRecords(CsvRecords):
    """The careful reader started at any line: one record from the lines given."""

    def record_at(self, lines: Iterator[Line], width: int | None) -> CsvRecord:
        """The record starting at the first of `lines`, taking more of them only as it would
        reading the file from the top."""
        self._source, self._pending = lines, deque()
        first = next(lines)
        return self._record(first, width)


class _Reread:
    """Physical lines from any line on, decoded as `TextLines` decodes them, re-read by the
    scan's chunk index (the last chunk read is kept: flagged lines come in order)."""

    def __init__(self, path: Path, scan: LineScan, codec: str) -> None:
        self.path, self.index, self.codec = path, scan.index, codec
        self._firsts = np.array([first for first, _ in scan.index], np.int64)
        self._kept: tuple[int, Chunk] | None = None

    def _chunk(self, k: int) -> Chunk:
        """Chunk k of the scan."""
        if self._kept is None or self._kept[0] != k:
            self._kept = (k, next(chunks_at(self.path, self.index, [k])))
        return self._kept[1]

    def starting(self, number: int) -> Iterator[Line]:
        """Line `number` and every line after it, lazily."""
        k = int(np.searchsorted(self._firsts, number, side="right")) - 1
        while k < len(self.index):
            chunk = self._chunk(k)
            for i in range(number - chunk.first, len(chunk.ends)):
                yield decode_line(chunk.first + i, chunk.raw(i), self.codec)
            k, number = k + 1, chunk.first + len(chunk.ends)


def careful_records(
    reader: LineRecords, path: Path, scan: LineScan, codec: str, width: int
) -> tuple[list[CsvRecord], np.ndarray]:
    """(records the careful reader starts at flagged lines, every line those records take)."""
    lines = _Reread(path, scan, codec)
    records: list[CsvRecord] = []
    taken = [np.empty(0, np.int64)]
    free = 2  # the first line no record has taken yet
    for number in scan.flagged_lines().tolist():
        if number < free:
            continue
        record = reader.record_at(lines.starting(number), width)
        records.append(record)
        free = number + record.span
        taken.append(np.arange(number, free, dtype=np.int64))
    return records, np.concatenate(taken)


@dataclass(frozen=True, slots=True)
class CleanChunk:
    """The records polars read from one chunk's clean lines, and the chunk's line range."""

    first: int
    last: int
    rows: pl.DataFrame


def clean_chunks(
    path: Path,
    scan: LineScan,
    taken: np.ndarray,
    schema: pl.Schema,
    line: str,
    codec: str,
    delimiter: str = ",",
) -> Iterator[CleanChunk]:
    """Per chunk of the scan, its data lines that no careful record took, split by polars into
    `schema` (the line column `line`, then every field as text; an empty field is null)."""
    fields = {n: t for n, t in schema.items() if n != line}
    for chunk in chunks_at(path, scan.index, list(range(len(scan.index)))):
        numbers = chunk.numbers()
        keep = numbers >= 2
        if len(taken):
            keep &= ~np.isin(numbers, taken, assume_unique=True)
        data = kept_runs(chunk, keep) if keep.any() else b""
        if codec != "utf-8" and data:
            data = data.decode(codec).encode("utf-8")
        if data:
            rows = pl.read_csv(
                data,
                has_header=False,
                schema=fields,
                separator=delimiter,
                quote_char=None,
                raise_if_empty=False,
            )
        else:
            rows = pl.DataFrame(schema=fields)
        rows = rows.select(pl.Series(line, numbers[keep], pl.Int64), pl.all())
        yield CleanChunk(chunk.first, chunk.first + len(chunk.ends) - 1, rows)


class FrameParts:
    """Text records written as numbered Parquet part files, in order (ChunkedParquet's reading
    side, for records that come as frames)."""

    def __init__(self, directory: Path, schema: pl.Schema) -> None:
        self.directory, self.schema = directory, schema
        self._parts: list[Path] = []
        directory.mkdir(parents=True, exist_ok=True)

    def write(self, rows: pl.DataFrame) -> None:
        """Write the rows as the next part file (none for no rows)."""
        if rows.height == 0:
            return
        part = self.directory / f"part-{len(self._parts):05d}.parquet"
        rows.write_parquet(part, compression="lz4")
        self._parts.append(part)

    def paths(self) -> list[Path]:
        """The part files written so far, in order."""
        return list(self._parts)

    def scan(self) -> pl.LazyFrame:
        """All rows written so far, lazily, in order."""
        if not self._parts:
            return pl.LazyFrame(schema=self.schema)
        return pl.scan_parquet(self._parts)


__all__ = ["CleanChunk", "FrameParts", "LineRecords", "careful_records", "clean_chunks"]
