"""One Synthea CSV's records spilled to text part files, with quarantine rows and line counts.

Two readers give the same parts, quarantine rows and ledger. The careful one
(`spill_careful`) reads every physical line through connectors.csv_records. The fast one
(`spill_fast`) lets polars split the lines a byte pre-scan finds clean (connectors.clean_lines)
and gives only the flagged lines, and those a record of theirs takes, to the careful reader
(connectors.csv_fast); a file the pre-scan cannot vouch for (a bare CR, damaged compressed
data), one with many flagged lines (every field quoted) or whose header is not its table's
layout is read carefully as a whole. A file of another
Synthea table only has its lines counted.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from connectors.base import QUARANTINE_SCHEMA, UNREADABLE_RECORD
from connectors.clean_lines import LineScan, count_lines, scan_lines
from connectors.csv_fast import MOSTLY_CLEAN, FrameParts, LineRecords, fast_records, plain_copy
from connectors.csv_records import CsvRecord, CsvRecords
from connectors.parquet_chunks import ChunkedParquet
from connectors.synthea_layout import LINE, header_problem
from schemas.medical import EHR_TABLES

log = logging.getLogger(__name__)
MAX_LINES, MAX_FIELD = 20, 16 * 1024  # Synthea writes one line per record, short fields


def text_rows(names: list[str]) -> pl.Schema:
    """Schema of the spilled text records: the line number and every header column."""
    return pl.Schema({LINE: pl.Int64(), **{n: pl.String() for n in names}})


class Quarantine:
    """Ingest quarantine rows spilled to Parquet, with counts by reason."""

    def __init__(self, directory: Path) -> None:
        """Quarantine rows are spilled under `directory` as they come."""
        self.sink = ChunkedParquet(directory, QUARANTINE_SCHEMA)
        self.count = 0

    def add(self, source: str, line: int, reason: str, detail: str, raw: str) -> None:
        """Record one quarantined input unit."""
        self.sink.append((source, line, "ingest", reason, detail, raw))
        self.count += 1


@dataclass(slots=True)
class Lines:
    """Physical-line accounting of one read, and the multi-line records to settle at the end."""

    ledger: Counter[str] = field(default_factory=Counter)
    read: int = 0
    spans: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Spill:
    """Where one file's records go: its name and table, the shared quarantine and line counts,
    and the folder of part files."""

    name: str
    table: str
    quarantine: Quarantine
    lines: Lines
    work: Path


Parts = ChunkedParquet | FrameParts


def _settle(record: CsvRecord, spill: Spill, problem: str | None) -> tuple | None:
    """A record's text row, or None when it is blank or quarantined (counted either way)."""
    if record.blank:
        spill.lines.ledger["blank_line"] += record.span
        return None
    reason, detail = record.problem, record.detail
    if reason is None and problem:
        reason = "header_mismatch"
        detail = f"header is not the Synthea {spill.table} layout: {problem}"
    elif reason is None and record.fields is None:
        reason = UNREADABLE_RECORD
    if reason is not None:
        spill.quarantine.add(spill.name, record.line, reason, detail, record.raw)
        spill.lines.ledger["quarantined"] += record.span
        return None
    if record.span > 1:
        spill.lines.spans[(spill.name, record.line)] = record.span
    return (record.line, *[f or None for f in record.fields or []])


def _part_folder(work: Path) -> Path:
    """The next numbered folder of part files under `work`."""
    return work / f"{len([p for p in work.iterdir() if p.name[:1].isdigit()]):04d}"


def spill_careful(spill: Spill, reader: CsvRecords) -> tuple[ChunkedParquet | None, list[str]]:
    """Stream one file's records into text part files; returns (parts, header)."""
    header = reader.read_header()
    lines = spill.lines
    lines.ledger["blank_line"] += reader.blank_before
    if header is None or not any(header):
        log.warning("%s: empty file, no header", spill.name)
        lines.ledger["blank_line"] += reader.header_span
        lines.read += reader.lines.count
        return None, []
    lines.ledger["header"] += reader.header_span
    if spill.table not in EHR_TABLES:
        lines.ledger["other_table_line"] += sum(r.span for r in reader)
        lines.read += reader.lines.count
        log.warning("%s: not one of the EHR tables; its lines are counted, not read", spill.name)
        return None, header
    problem = header_problem(spill.table, header)
    parts = None if problem else ChunkedParquet(_part_folder(spill.work), text_rows(header))
    for record in reader:
        row = _settle(record, spill, problem)
        if row is not None and parts is not None:
            parts.append(row)
    lines.read += reader.lines.count
    return parts, header


def spill_fast(
    spill: Spill, reader: CsvRecords, path: Path, member: str | None
) -> tuple[Parts | None, list[str]]:
    """`spill_careful`'s parts, quarantine rows and counts, with polars splitting clean lines."""
    peek = LineRecords(reader.path, reader.encoding, max_lines=MAX_LINES, max_field=MAX_FIELD,
                       member=member, blank_before_header=reader.blank_before_header)  # fmt: skip
    header = peek.read_header()
    table_file = spill.table in EHR_TABLES
    # the fast read takes the header as line 1 alone (blank lines before it: read carefully)
    usable = header is not None and any(header) and peek.header_span == 1 and not peek.blank_before
    if not usable or (table_file and header_problem(spill.table, header or [])):
        return spill_careful(spill, reader)
    plain = plain_copy(path, member, spill.work / "plain" / f"{_part_folder(spill.work).name}.csv")
    if plain is None:
        return spill_careful(spill, reader)
    names = header or []
    codec = peek.lines.codec
    try:
        if not table_file:
            count = count_lines(plain)
            spill.lines.ledger["header"] += 1
            spill.lines.ledger["other_table_line"] += count - 1
            spill.lines.read += count
            log.warning("%s: not one of the EHR tables; its lines are counted", spill.name)
            return None, names
        scan = scan_lines(plain, len(names), codec, MAX_FIELD)
        if scan.trouble is not None or scan.flagged_count() > scan.lines * MOSTLY_CLEAN:
            return spill_careful(spill, reader)  # e.g. every field quoted: no faster, less memory
        return _fast_parts(spill, peek, plain, scan, names), names
    finally:
        if plain != path:
            plain.unlink(missing_ok=True)


def _fast_parts(
    spill: Spill, peek: LineRecords, plain: Path, scan: LineScan, names: list[str]
) -> FrameParts:
    """Part files of a clean-header file: polars' rows merged with the careful reader's."""
    spill.lines.ledger["header"] += 1
    spill.lines.read += scan.lines
    schema = text_rows(names)
    parts = FrameParts(_part_folder(spill.work), schema)
    for chunk in fast_records(peek, plain, scan, schema, LINE):
        rows = [row for r in chunk.records if (row := _settle(r, spill, None)) is not None]
        frame = chunk.rows
        if rows:
            careful = pl.DataFrame(rows, schema=schema, orient="row")
            frame = pl.concat([frame, careful]).sort(LINE)
        parts.write(frame)
    return parts


__all__ = [
    "MAX_FIELD",
    "MAX_LINES",
    "Lines",
    "Quarantine",
    "Spill",
    "plain_copy",
    "spill_careful",
    "spill_fast",
    "text_rows",
]
