"""Files a connector cannot read at all: every line goes to quarantine, the other files go on."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult, SourceFormatError
from connectors.text_lines import TextLines, escape, split_lines
from schemas.registry import get_schema
from schemas.spec import DatasetSpec

REASON = "unreadable_file"
MAX_RAW = 2000


@dataclass(frozen=True, slots=True)
class Rejected:
    """One raw file the connector refused, and why."""

    path: Path
    error: str


def _lines(path: Path, encoding: str = "utf-8") -> Iterator[str]:
    """Every physical line of the file as quarantine text (decompressed when it is gzip/bz2/zip,
    undecodable bytes escaped, never replaced), so a refused file counts the lines it holds."""
    try:
        for line in TextLines(path, encoding):
            yield line.escaped(encoding)[:MAX_RAW]
    except SourceFormatError:  # e.g. a zip of several files: its bytes as they are
        with path.open("rb") as fh:
            for raw in split_lines(fh):
                yield escape(raw)[:MAX_RAW]


def read_tolerant(
    connector: Connector, paths: list[Path], out: Path, day: date | None
) -> tuple[IngestResult | None, list[Rejected]]:
    """Read with the connector, setting aside each file it rejects as a whole (wrong header...)."""
    remaining = list(paths)
    rejected: list[Rejected] = []
    while remaining:
        try:
            return connector.read(remaining, out, declared_date=day), rejected
        except SourceFormatError as exc:
            bad = Path(exc.path)
            if bad not in remaining:  # not about one input file: a real failure
                raise
            remaining.remove(bad)
            rejected.append(Rejected(bad, str(exc)))
    return None, rejected


def merge_rejected(
    spec: DatasetSpec, result: IngestResult | None, rejected: list[Rejected], out: Path
) -> IngestResult:
    """Quarantine every line of the rejected files and fold them into the connector's result."""
    rows = [
        {
            "source_file": r.path.name,
            "source_line": i + 1,
            "stage": "ingest",
            "reason": REASON,
            "detail": r.error[:500],
            "raw": line,
        }
        for r in rejected
        for i, line in enumerate(_lines(r.path, spec.source.encoding))
    ]
    extra = pl.DataFrame(rows, schema=QUARANTINE_SCHEMA)
    quarantine = out / "quarantine.parquet"
    if result is None:
        tables = {}
        for name, table in spec.tables.items():
            path = out / f"{name}.parquet"
            get_schema(table.table_schema).empty().write_parquet(path)
            tables[name] = path
        extra.write_parquet(quarantine, compression="zstd")
        return IngestResult(
            table_path=None, quarantine_path=quarantine, rows_out=0,
            rows_quarantined=extra.height, input_units=extra.height,
            ledger=Counter({REASON: extra.height}), unit="line", tables=tables,
        )  # fmt: skip
    if rejected:
        merged = pl.concat([pl.read_parquet(result.quarantine_path), extra])
        merged.write_parquet(result.quarantine_path, compression="zstd")
        result.ledger[REASON] += extra.height
        result.rows_quarantined += extra.height
        result.input_units += extra.height
    return result
