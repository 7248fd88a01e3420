"""A delimited table's records spilled fast: the same part files, quarantine rows and ledger as
the careful line-by-line read of connectors.delimited_table, with polars splitting the lines a
byte pre-scan finds clean (connectors.clean_lines, connectors.csv_fast).

Polars also splits (and unquotes) lines whose quotes are all well formed, as exports quote text
holding the delimiter or every field; the csv module reads those alike. Only the flagged lines
(a stray or unclosed quote, another field count, blank, undecodable, NUL, BOM, long), and the
lines a record of theirs takes, go through the careful reader. A file the pre-scan cannot vouch
for (a bare CR, damaged compressed data) or with many flagged lines is left to the careful
read, as is one whose header is not alone on line 1 (a preamble, blank lines before it, a
quoted newline in it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from connectors.base import UNREADABLE_RECORD, unexpected
from connectors.clean_lines import LineScan, chunks_at, scan_lines
from connectors.csv_fast import (
    MOSTLY_CLEAN,
    RAW,
    FrameParts,
    LineRecords,
    fast_records,
    plain_copy,
)
from connectors.csv_records import MAX_FIELD, CsvRecord
from connectors.parquet_chunks import ChunkedParquet
from connectors.text_lines import BAD_ENCODING, KEEP_WIDE

LINE = "_line"
_BOM = b"\xef\xbb\xbf"  # a leading one is dropped before lines are read


def spilled_schema(width: int) -> pl.Schema:
    """Part-file columns of a file's records: line, span, raw text, then each field as text."""
    return pl.Schema(
        {LINE: pl.Int64(), "_span": pl.Int64(), "_raw": pl.String()}
        | {f"_c{i}": pl.String() for i in range(width)}
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the file-level encoding verdict reads (as `TextLines` keeps it): the first
    non-ASCII lines, the first undecodable one, the codec and the declared encoding."""

    wide: list[tuple[int, bytes]]
    undecodable: tuple[int, bytes] | None
    codec: str
    encoding: str


@dataclass(slots=True)
class Settle:
    """Where one file's records go: the header a repeated one is compared with, the ledger, the
    ingest quarantine, and how many lines did not decode."""

    header: list[str]
    source: str
    ledger: Counter[str]
    wrong: ChunkedParquet
    bad_encoding: int = 0
    first_bad: int | None = None

    def row(self, record: CsvRecord) -> tuple | None:
        """The record's part-file row, or None when it is blank, quarantined or a repeated
        header (counted either way); one record never fails the file."""
        try:
            return self._row(record)
        except Exception as exc:  # noqa: BLE001 - one record must not fail the file
            self._quarantine(record, UNREADABLE_RECORD, unexpected(exc))
            return None

    def _row(self, record: CsvRecord) -> tuple | None:
        if record.blank:
            self.ledger["blank_line"] += record.span
        elif record.problem is not None or record.fields is None:
            self._quarantine(record, record.problem or UNREADABLE_RECORD, record.detail)
        elif [f.strip() for f in record.fields] == self.header:  # files joined end to end
            self.ledger["repeated_header"] += record.span
        else:
            return (record.line, record.span, record.raw, *record.fields)
        return None

    def _quarantine(self, record: CsvRecord, why: str, detail: str) -> None:
        if why == BAD_ENCODING:
            self.bad_encoding += 1
            self.first_bad = record.line if self.first_bad is None else self.first_bad
        self.wrong.append((self.source, record.line, "ingest", why, detail, record.raw))
        self.ledger["quarantined"] += record.span


def spill_fast(
    path: Path,
    encoding: str,
    delimiter: str,
    settle: Settle,
    work: Path,
    refuse: Callable[[Evidence, int], None],
) -> tuple[FrameParts, int] | None:
    """(part files, lines read) of a file whose header, alone on line 1, `settle` holds; None
    when the careful read must take the whole file (nothing is counted or written then).
    `refuse(evidence, undecodable lines)` raises for a file in another encoding."""
    plain = plain_copy(path, None, work / "plain.csv")
    if plain is None:
        return None
    try:
        peek = LineRecords(plain, encoding, delimiter=delimiter, trailing_empty=True)
        width = len(settle.header)
        if peek.read_header() != settle.header or peek.header_span != 1:
            return None
        codec = peek.lines.codec
        scan = scan_lines(plain, width, codec, MAX_FIELD, delimiter, quoted=True)
        if scan.trouble is not None or scan.flagged_count() > scan.lines * MOSTLY_CLEAN:
            return None
        schema = spilled_schema(width)
        fields = [f"_c{i}" for i in range(width)]
        parts = FrameParts(work, schema)
        split = pl.Schema({LINE: pl.Int64(), **{f: pl.String() for f in fields}})
        records = fast_records(peek, plain, scan, split, LINE, delimiter, quoted=True, raw=True)
        for chunk in records:
            frame = _clean_rows(chunk.rows, fields, settle)
            rows = [row for r in chunk.records if (row := settle.row(r)) is not None]
            if rows:
                careful = pl.DataFrame(rows, schema=schema, orient="row")
                frame = pl.concat([frame, careful]).sort(LINE)
            parts.write(frame)
        refuse(_evidence(plain, scan, codec, encoding, settle.first_bad), settle.bad_encoding)
        return parts, scan.lines
    finally:
        if plain != path:
            plain.unlink(missing_ok=True)


def _clean_rows(rows: pl.DataFrame, fields: list[str], settle: Settle) -> pl.DataFrame:
    """Clean lines as part-file rows (span 1, with their text), a line that repeats the
    header counted and left out."""
    rows = rows.with_columns(pl.col(fields).fill_null(""))
    header = settle.header
    maybe = pl.all_horizontal(
        pl.col(f).str.contains(h.strip(), literal=True) for f, h in zip(fields, header, strict=True)
    )
    candidates = rows.filter(maybe)
    if candidates.height:
        repeated = [
            line
            for line, *cells in candidates.select(LINE, *fields).iter_rows()
            if [c.strip() for c in cells] == header
        ]
        if repeated:
            settle.ledger["repeated_header"] += len(repeated)
            rows = rows.filter(~pl.col(LINE).is_in(repeated))
    return rows.select(
        LINE,
        pl.lit(1, pl.Int64).alias("_span"),
        RAW,
        *fields,
    )


def _evidence(
    plain: Path, scan: LineScan, codec: str, encoding: str, first_bad: int | None
) -> Evidence:
    """The encoding verdict's evidence as `TextLines` would have kept it reading every line."""
    wide: list[tuple[int, bytes]] = []
    undecodable = None
    firsts = np.array([first for first, _ in scan.index], np.int64)
    bad_chunk = -1 if first_bad is None else int(np.searchsorted(firsts, first_bad, "right")) - 1
    for k, chunk in enumerate(chunks_at(plain, scan.index, list(range(len(scan.index))))):
        if k == bad_chunk and first_bad is not None:
            undecodable = (first_bad, chunk.raw(first_bad - chunk.first))
        if len(wide) < KEEP_WIDE and not chunk.body.isascii():
            arr = np.frombuffer(chunk.body, np.uint8)
            lines = np.unique(np.searchsorted(chunk.ends, np.flatnonzero(arr >= 128)))
            for i in lines.tolist():
                raw = chunk.raw(i)
                raw = raw.removeprefix(_BOM) if chunk.first + i == 1 else raw  # as split_lines
                if len(wide) < KEEP_WIDE and not raw.isascii():
                    wide.append((chunk.first + i, raw))
        if len(wide) >= KEEP_WIDE and k >= bad_chunk:
            break
    return Evidence(wide, undecodable, codec, encoding)


__all__ = ["Evidence", "Settle", "spill_fast", "spilled_schema"]
