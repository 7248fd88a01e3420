"""Common base for connectors: read raw files of one format into tables plus quarantine."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import polars as pl

# A parsed table is a work file, read back once or twice on this machine and never released:
# no codec, and only the null counts of its column statistics (parquet_null_counts and the
# lineage read them from the footer). Min/max statistics and lz4 cost 0.6 s more CPU to write
# 5M AIS rows and more again to read back (bench/ais_profile.py).
WORK_TABLE: dict[str, Any] = {
    "compression": "uncompressed",
    "statistics": {"min": False, "max": False, "distinct_count": False, "null_count": True},
}


def parquet_rows(path: Path) -> int:
    """Rows in a written Parquet file, from its metadata (no data is read)."""
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def parquet_null_counts(path: Path) -> dict[str, int]:
    """Nulls per column of a written Parquet file: from its column statistics when every
    column chunk has them (no data is read), else by scanning the file."""
    import pyarrow.parquet as pq  # here, not at import: only stages that check tables need it

    meta = pq.ParquetFile(path).metadata
    names = meta.schema.to_arrow_schema().names
    nulls = dict.fromkeys(names, 0)
    for group in range(meta.num_row_groups):
        chunks = meta.row_group(group)
        for index in range(chunks.num_columns):
            chunk = chunks.column(index)
            stats = chunk.statistics
            if chunk.path_in_schema not in nulls or stats is None or not stats.has_null_count:
                counted = pl.scan_parquet(path).select(pl.all().null_count()).collect()
                return counted.row(0, named=True)
            nulls[chunk.path_in_schema] += stats.null_count
    return nulls


# Ingest quarantine reasons shared by connectors (text_lines and csv_records add their own).
UNREADABLE_RECORD = "unreadable_record"  # an unexpected exception on one record, with its text
IMPLAUSIBLE_DATE = "implausible_date"  # a date or time outside [MIN_YEAR, MAX_YEAR]
MIN_YEAR, MAX_YEAR = 1800, 2200
TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "latin-1")


def source_name(path: Path, member: str | None = None) -> str:
    """How rows and quarantine name their raw file: its own name (the raw report maps it to the
    user's path), `name.zip!member` inside an archive; the work-area copy's path is not data."""
    return f"{path.name}!{member}" if member else path.name


def plausible_year(year: int) -> bool:
    """True for a year a real record can carry (year 1 or 9999 are placeholders or corruption)."""
    return MIN_YEAR <= year <= MAX_YEAR


def unexpected(exc: BaseException) -> str:
    """Quarantine detail of an unexpected exception: its type and message, one line."""
    return f"{type(exc).__name__}: {exc}".replace("\n", " ")[:500]


QUARANTINE_SCHEMA = pl.Schema(
    {
        "source_file": pl.String(),
        "source_line": pl.Int64(),
        "stage": pl.String(),
        "reason": pl.String(),
        "detail": pl.String(),
        "raw": pl.String(),
    }
)


@dataclass(slots=True)
class IngestResult:
    """What a connector wrote from raw files, with a ledger that must reconcile.

    The connector writes the contract table to `table_path` and bad units to `quarantine_path`
    (both Parquet, written streaming where the format allows). `ledger` counts input units
    (lines or CSV rows) by disposition, e.g. {"position": 900, "static": 40, "quarantined": 7,
    "comment_or_blank": 12, "other_message_type": 30}: every input unit of every file is
    counted exactly once, so sum(ledger) == input_units.
    """

    table_path: Path | None
    quarantine_path: Path
    rows_out: int
    rows_quarantined: int
    input_units: int
    ledger: Counter[str] = field(default_factory=Counter)
    unit: str = "line"
    tables: dict[str, Path] = field(default_factory=dict)
    # Records joined from lines of two files (an NMEA message split by a log rotation): the
    # (file, line) of each of their lines, so the parse report can name them.
    joined_across_files: list[list[tuple[str, int]]] = field(default_factory=list)

    def reconciles(self) -> bool:
        """True when every input unit is accounted for exactly once."""
        return sum(self.ledger.values()) == self.input_units

    def outputs(self, default_table: str) -> dict[str, Path]:
        """Table name -> Parquet path; single-table connectors name their table after the spec."""
        if self.tables:
            return dict(self.tables)
        if self.table_path is None:
            raise ValueError("connector produced neither table_path nor tables")
        return {default_table: self.table_path}


class SourceFormatError(ValueError):
    """A raw file cannot be read as its declared format at all (e.g. a CSV with another header)."""

    def __init__(self, path: Path, detail: str, line: int | None = None) -> None:
        where = f"{path}" + (f", line {line}" if line is not None else "")
        super().__init__(f"{where}: {detail}")
        self.path = path
        self.line = line


class Connector(ABC):
    """Reads one raw format; subclasses declare the format name they handle.

    Multi-table formats (e.g. a Synthea export) fill `IngestResult.tables` with one Parquet file
    per table; options from the spec's `source.options` arrive as constructor keyword arguments.
    """

    format: ClassVar[str]
    tables: ClassVar[tuple[str, ...]] = ()
    # The spec's `source.encoding`; run_parse sets it on the instance.
    encoding: str = "utf-8"

    def __init__(self, **options: Any) -> None:
        self.options = options

    def text_encoding(self) -> str:
        """The declared text encoding: `source.encoding`, else the older `options.encoding`."""
        alias = self.options.get("encoding")
        return str(alias) if alias and self.encoding == "utf-8" else self.encoding

    @abstractmethod
    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Decode raw files into Parquet tables in out_dir; bad units go to quarantine.parquet."""
