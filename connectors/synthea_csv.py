"""Connector for Synthea CSV exports: one folder (or .zip) of CSVs into the medical EHR tables.

Files are matched to tables by name (patients.csv -> patients). A file whose header is not
the Synthea layout of its table has every record quarantined (`header_mismatch`); a record
with the wrong number of fields, an empty key or an unparsable value is quarantined with its
file, line and reason. CSVs of other Synthea tables (claims, devices ...) are counted as
`other_table_row`, so the ledger still accounts for every record read.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

import polars as pl

from connectors.base import (
    QUARANTINE_SCHEMA,
    Connector,
    IngestResult,
    SourceFormatError,
    parquet_rows,
)
from connectors.parquet_chunks import ChunkedParquet
from connectors.registry import register
from connectors.synthea_layout import HEADERS, LINE, header_problem, parse_plan
from schemas.medical import EHR_TABLES

log = logging.getLogger(__name__)


def _text_rows(names: list[str]) -> pl.Schema:
    """Schema of the spilled text records: the line number and every header column."""
    return pl.Schema({LINE: pl.Int64(), **{n: pl.String() for n in names}})


@dataclass(slots=True)
class _Source:
    """One CSV to read: where it is and the name it is reported under."""

    name: str
    path: Path
    member: str | None = None

    @property
    def table(self) -> str:
        """The EHR table a file belongs to, from its name (patients.csv -> patients)."""
        return Path(self.member or self.path.name).stem.lower()


def csv_sources(paths: list[Path]) -> list[_Source]:
    """Every CSV among the paths, looking inside .zip archives (Synthea's download format)."""
    found: list[_Source] = []
    for path in map(Path, paths):
        if not path.is_file():
            raise FileNotFoundError(f"Synthea CSV not found: {path}")
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = sorted(m for m in archive.namelist() if m.lower().endswith(".csv"))
            found.extend(_Source(f"{path.name}!{m}", path, m) for m in members)
        elif path.suffix.lower() == ".csv":
            found.append(_Source(path.name, path))
        else:
            raise SourceFormatError(path, "not a Synthea .csv file or a .zip of them")
    return found


@contextmanager
def _open(source: _Source) -> Iterator[TextIO]:
    """A text stream of one CSV, on disk or inside a zip archive."""
    if source.member is None:
        with source.path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            yield fh
        return
    with zipfile.ZipFile(source.path) as archive, archive.open(source.member) as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def _records(fh: TextIO) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each CSV record, multi-line quoted fields included."""
    reader = csv.reader(fh)
    end = 0
    for row in reader:
        start, end = end + 1, reader.line_num
        yield start, row


def _raw(fields: list[str]) -> str:
    """Fields written back as one CSV line, for the quarantine."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


class _Quarantine:
    """Ingest quarantine rows spilled to Parquet, with counts by reason."""

    def __init__(self, directory: Path) -> None:
        """Quarantine rows are spilled under `directory` as they come."""
        self.sink = ChunkedParquet(directory, QUARANTINE_SCHEMA)
        self.count = 0

    def add(self, source: str, line: int, reason: str, detail: str, raw: str) -> None:
        """Record one quarantined input unit."""
        self.sink.append((source, line, "ingest", reason, detail, raw))
        self.count += 1


def _spill(
    source: _Source, fh: TextIO, work: Path, quarantine: _Quarantine
) -> tuple[ChunkedParquet | None, list[str], int]:
    """Stream one file's records into text part files; returns (parts, header, records read)."""
    records = _records(fh)
    first = next(records, None)
    if first is None or not any(f.strip() for f in first[1]):
        log.warning("%s: empty file, no header", source.name)
        return None, [], 0
    names = [n.strip() for n in first[1]]
    table = source.table
    if table not in EHR_TABLES:
        count = sum(1 for _ in records)
        log.warning(
            "%s: not one of the EHR tables; %d records counted, not read", source.name, count
        )
        return None, names, count
    problem = header_problem(table, names)
    if problem:
        count = 0
        for line, fields in records:
            count += 1
            quarantine.add(
                source.name,
                line,
                "header_mismatch",
                f"header is not the Synthea {table} layout: {problem}",
                _raw(fields),
            )
        return None, names, count
    parts = ChunkedParquet(work / f"{len(list(work.iterdir())):04d}", _text_rows(names))
    count = 0
    for line, fields in records:
        count += 1
        if len(fields) != len(names):
            quarantine.add(
                source.name,
                line,
                "wrong_column_count",
                f"{len(fields)} fields, header has {len(names)}",
                _raw(fields),
            )
            continue
        parts.append((line, *(f if f != "" else None for f in fields)))
    return parts, names, count


@register
class SyntheaCsvConnector(Connector):
    """Reads a Synthea CSV export (files of one folder or a .zip) into the twelve EHR tables."""

    format = "synthea_csv"
    tables = tuple(EHR_TABLES)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Check each header, spill records to text parts, then parse every table in one pass."""
        out_dir.mkdir(parents=True, exist_ok=True)
        work = out_dir / ".synthea_parts"
        work.mkdir(exist_ok=True)
        quarantine = _Quarantine(work / "quarantine")
        goods: dict[str, list[pl.LazyFrame]] = {t: [] for t in EHR_TABLES}
        bads: list[pl.LazyFrame] = []
        input_units, other = 0, 0
        for source in csv_sources(paths):
            with _open(source) as fh:
                parts, names, count = _spill(source, fh, work, quarantine)
            input_units += count
            if source.table not in EHR_TABLES:
                other += count
            if parts is None:
                continue
            schema = EHR_TABLES[source.table]
            good, bad = parse_plan(source.table, schema, names, parts.scan(), source.name)
            goods[source.table].append(good)
            bads.append(bad)
        result = write_tables(out_dir, goods, [quarantine.sink.scan(), *bads])
        ledger = Counter({t: n for t, n in result.items() if n}) | Counter(
            {"quarantined": parquet_rows(out_dir / "quarantine.parquet"), "other_table_row": other}
        )
        remove_tree(work)
        return IngestResult(
            table_path=None,
            quarantine_path=out_dir / "quarantine.parquet",
            rows_out=sum(result.values()),
            rows_quarantined=ledger["quarantined"],
            input_units=input_units,
            ledger=+ledger,
            unit="row",
            tables={t: out_dir / f"{t}.parquet" for t in EHR_TABLES},
        )


def write_tables(
    out_dir: Path, goods: dict[str, list[pl.LazyFrame]], bads: list[pl.LazyFrame]
) -> dict[str, int]:
    """Sink every table (empty contract tables where nothing was read) and the quarantine."""
    plans = []
    for table, frames in goods.items():
        target = out_dir / f"{table}.parquet"
        if frames:
            plans.append(pl.concat(frames).sink_parquet(target, compression="zstd", lazy=True))
        else:
            EHR_TABLES[table].empty().write_parquet(target, compression="zstd")
    quarantine = out_dir / "quarantine.parquet"
    plans.append(
        pl.concat([b.cast(dict(QUARANTINE_SCHEMA)) for b in bads]).sink_parquet(
            quarantine, compression="zstd", lazy=True
        )
        if bads
        else pl.LazyFrame(schema=QUARANTINE_SCHEMA).sink_parquet(quarantine, lazy=True)
    )
    pl.collect_all(plans)
    return {t: parquet_rows(out_dir / f"{t}.parquet") for t in goods}


def remove_tree(folder: Path) -> None:
    """Delete the connector's scratch folder (text part files)."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


__all__ = ["HEADERS", "SyntheaCsvConnector", "csv_sources", "remove_tree", "write_tables"]
