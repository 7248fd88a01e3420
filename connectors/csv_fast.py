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

import shutil
import zipfile
import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from connectors.clean_lines import Chunk, LineScan, chunks_at, kept_runs
from connectors.csv_records import CsvRecord, CsvRecords
from connectors.text_lines import Line, decode_line, is_compressed, open_bytes

# The share of flagged lines above which a file is read line by line as a whole: the careful
# reader is as fast there, and holds one part's rows rather than a chunk's records.
MOSTLY_CLEAN = 1 / 16


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

    def hold(self, k: int, chunk: Chunk) -> None:
        """Keep chunk k, already read, for the lines asked for next."""
        self._kept = (k, chunk)

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


@dataclass(frozen=True, slots=True)
class FastChunk:
    """One chunk's records: those polars split from its clean lines (the line column, then
    every field as text, an empty field null, and with `raw` each line's text as `RAW`), and
    those the careful reader started in it."""

    rows: pl.DataFrame
    records: list[CsvRecord]


RAW = "_raw"


def fast_records(
    reader: LineRecords,
    path: Path,
    scan: LineScan,
    schema: pl.Schema,
    line: str,
    delimiter: str = ",",
    *,
    quoted: bool = False,
    raw: bool = False,
) -> Iterator[FastChunk]:
    """Every data record of a scanned file, chunk by chunk in line order (memory holds one
    chunk's records); `reader` has read the header, `schema` is the line column then the
    header's fields. `quoted`: the scan let well-quoted lines through (polars unquotes them);
    `raw`: each polars row also carries its line's text."""
    codec = reader.lines.codec
    width = len(schema) - 1
    fields = {n: t for n, t in schema.items() if n != line}
    lines = _Reread(path, scan, codec)
    flagged = scan.flagged_lines().tolist()
    at, free = 0, 2  # next flagged line to look at; first line no record has taken yet
    for k, chunk in enumerate(chunks_at(path, scan.index, list(range(len(scan.index))))):
        lines.hold(k, chunk)
        last = chunk.first + len(chunk.ends) - 1
        taken = [np.arange(chunk.first, max(free, chunk.first), dtype=np.int64)]
        records: list[CsvRecord] = []
        while at < len(flagged) and flagged[at] <= last:
            number, at = flagged[at], at + 1
            if number < free:
                continue
            record = reader.record_at(lines.starting(number), width)
            records.append(record)
            free = number + record.span
            taken.append(np.arange(number, free, dtype=np.int64))
        numbers = chunk.numbers()
        keep = (numbers >= 2) & ~np.isin(numbers, np.concatenate(taken))
        data = kept_runs(chunk, keep) if keep.any() else b""
        rows = _split(data, fields, codec, delimiter, quoted)
        rows = rows.select(pl.Series(line, numbers[keep], pl.Int64), pl.all())
        if raw:
            texts = data.decode(codec)[:-1].split("\n") if data else []
            rows = rows.with_columns(pl.Series(RAW, texts, pl.String))
        yield FastChunk(rows, records)


def _split(
    data: bytes, fields: dict[str, pl.DataType], codec: str, delimiter: str, quoted: bool = False
) -> pl.DataFrame:
    """Clean lines (LF-ended, in the declared encoding) split into text fields by polars."""
    if not data:
        return pl.DataFrame(schema=fields)
    if codec != "utf-8":
        data = data.decode(codec).encode("utf-8")
    return pl.read_csv(
        data,
        has_header=False,
        schema=fields,
        separator=delimiter,
        quote_char='"' if quoted else None,
        raise_if_empty=False,
    )


def plain_copy(path: Path, member: str | None, target: Path) -> Path | None:
    """The file's decompressed bytes: the file itself when plain, else a copy at `target`
    (None when the compressed data is damaged: the careful reader reports where)."""
    if member is None and not is_compressed(path):
        return path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open_bytes(path, member) as stream, target.open("wb") as out:
            shutil.copyfileobj(stream, out, 8 << 20)
    except (EOFError, OSError, zlib.error, zipfile.BadZipFile):  # damaged: read line by line
        target.unlink(missing_ok=True)
        return None
    return target


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


__all__ = [
    "MOSTLY_CLEAN",
    "RAW",
    "FastChunk",
    "FrameParts",
    "LineRecords",
    "fast_records",
    "plain_copy",
]
