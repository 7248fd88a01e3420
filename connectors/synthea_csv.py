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

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult, SourceFormatError
from connectors.parquet_chunks import ChunkedParquet
from connectors.registry import register
from schemas.medical import EHR_TABLES
from schemas.table import TableSchema

log = logging.getLogger(__name__)

LINE = "_line"
# Synthea v3.0 headers per table; OPTIONAL lists columns later exporters add.
_LAYOUTS = {
    "patients": (
        "Id BIRTHDATE DEATHDATE SSN DRIVERS PASSPORT PREFIX FIRST LAST SUFFIX MAIDEN MARITAL "
        "RACE ETHNICITY GENDER BIRTHPLACE ADDRESS CITY STATE COUNTY ZIP LAT LON "
        "HEALTHCARE_EXPENSES HEALTHCARE_COVERAGE"
    ),
    "encounters": (
        "Id START STOP PATIENT ORGANIZATION PROVIDER PAYER ENCOUNTERCLASS CODE DESCRIPTION "
        "BASE_ENCOUNTER_COST TOTAL_CLAIM_COST PAYER_COVERAGE REASONCODE REASONDESCRIPTION"
    ),
    "conditions": "START STOP PATIENT ENCOUNTER CODE DESCRIPTION",
    "observations": "DATE PATIENT ENCOUNTER CATEGORY CODE DESCRIPTION VALUE UNITS TYPE",
    "medications": (
        "START STOP PATIENT PAYER ENCOUNTER CODE DESCRIPTION BASE_COST PAYER_COVERAGE "
        "DISPENSES TOTALCOST REASONCODE REASONDESCRIPTION"
    ),
    "procedures": (
        "START STOP PATIENT ENCOUNTER CODE DESCRIPTION BASE_COST REASONCODE REASONDESCRIPTION"
    ),
    "allergies": (
        "START STOP PATIENT ENCOUNTER CODE SYSTEM DESCRIPTION TYPE CATEGORY REACTION1 "
        "DESCRIPTION1 SEVERITY1 REACTION2 DESCRIPTION2 SEVERITY2"
    ),
    "immunizations": "DATE PATIENT ENCOUNTER CODE DESCRIPTION BASE_COST",
    "careplans": "Id START STOP PATIENT ENCOUNTER CODE DESCRIPTION REASONCODE REASONDESCRIPTION",
    "organizations": "Id NAME ADDRESS CITY STATE ZIP LAT LON PHONE REVENUE UTILIZATION",
    "providers": (
        "Id ORGANIZATION NAME GENDER SPECIALITY ADDRESS CITY STATE ZIP LAT LON UTILIZATION"
    ),
    "payers": (
        "Id NAME ADDRESS CITY STATE_HEADQUARTERED ZIP PHONE AMOUNT_COVERED AMOUNT_UNCOVERED "
        "REVENUE COVERED_ENCOUNTERS UNCOVERED_ENCOUNTERS COVERED_MEDICATIONS "
        "UNCOVERED_MEDICATIONS COVERED_PROCEDURES UNCOVERED_PROCEDURES COVERED_IMMUNIZATIONS "
        "UNCOVERED_IMMUNIZATIONS UNIQUE_CUSTOMERS QOLS_AVG MEMBER_MONTHS"
    ),
}
HEADERS: dict[str, tuple[str, ...]] = {t: tuple(h.split()) for t, h in _LAYOUTS.items()}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "patients": ("FIPS", "INCOME"),
    "conditions": ("SYSTEM",),
    "payers": ("OWNERSHIP",),
}
# Synthea header -> contract column where lower-casing is not enough.
RENAMES = {
    "PATIENT": "patient_id", "ENCOUNTER": "encounter_id", "ORGANIZATION": "organization_id",
    "PROVIDER": "provider_id", "PAYER": "payer_id", "DRIVERS": "drivers_license",
    "FIRST": "first_name", "LAST": "last_name", "MAIDEN": "maiden_name",
    "STATE_HEADQUARTERED": "state", "SYSTEM": "code_system", "ENCOUNTERCLASS": "encounter_class",
    "REASONCODE": "reason_code", "REASONDESCRIPTION": "reason_description",
    "TOTALCOST": "total_cost", "BIRTHDATE": "birth_date", "DEATHDATE": "death_date",
}  # fmt: skip
ID_COLUMN = {
    "patients": "patient_id", "encounters": "encounter_id", "careplans": "careplan_id",
    "organizations": "organization_id", "providers": "provider_id", "payers": "payer_id",
}  # fmt: skip
# Code system of `code` when the file has no SYSTEM column (what the Synthea exporter writes).
DEFAULT_SYSTEM = {
    "encounters": "SNOMED-CT", "conditions": "SNOMED-CT", "procedures": "SNOMED-CT",
    "careplans": "SNOMED-CT", "allergies": "SNOMED-CT", "observations": "LOINC",
    "medications": "RxNorm", "immunizations": "CVX",
}  # fmt: skip
# Synthea's own observation codes (quality-adjusted life years ...), not LOINC.
SYNTHEA_CODES = ("DALY", "QALY", "QOLS")
SYNTHEA_SYSTEM = "http://synthetichealth.github.io/synthea"
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%.fZ", "%Y-%m-%dT%H:%M:%S")


def contract_column(table: str, header: str) -> str:
    """The contract column a Synthea header maps to (Id -> <table>_id, PATIENT -> patient_id)."""
    if header == "Id":
        return ID_COLUMN[table]
    return RENAMES.get(header, header.lower())


def header_problem(table: str, names: list[str]) -> str | None:
    """Why a header is not the Synthea layout of `table`, or None when it is."""
    expected, optional = HEADERS[table], OPTIONAL.get(table, ())
    missing = [c for c in expected if c not in names]
    unknown = [c for c in names if c not in expected and c not in optional]
    dupes = sorted({c for c in names if names.count(c) > 1})
    problems = []
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    if unknown:
        problems.append(f"unexpected {', '.join(unknown)}")
    if dupes:
        problems.append(f"duplicate {', '.join(dupes)}")
    return "; ".join(problems) or None


def _parsed(column: str, dtype: pl.DataType) -> pl.Expr:
    """A text column parsed to its contract type; null where empty or unreadable."""
    text = pl.col(column)
    if dtype == pl.Date:
        return pl.coalesce(
            text.str.to_date("%Y-%m-%d", strict=False),
            *(text.str.to_datetime(f, strict=False).dt.date() for f in _DATETIME_FORMATS),
        )
    if isinstance(dtype, pl.Datetime):
        stamps = [
            text.str.to_datetime(f, time_unit="us", time_zone="UTC", strict=False)
            for f in _DATETIME_FORMATS
        ]
        day = text.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us", "UTC"))
        return pl.coalesce(*stamps, day)
    if dtype == pl.String:
        return text
    return text.cast(dtype, strict=False)


def _text_rows(names: list[str]) -> pl.Schema:
    """Schema of the spilled text records: the line number and every header column."""
    return pl.Schema({LINE: pl.Int64(), **{n: pl.String() for n in names}})


def parse_plan(
    table: str, schema: TableSchema, names: list[str], rows: pl.LazyFrame, source: str
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(contract rows, quarantine rows) of one file's well-shaped text records."""
    mapped = {contract_column(table, n): n for n in names}
    parsers = {c: _parsed(h, schema.column(c).polars_dtype) for c, h in mapped.items()}
    if table == "observations":
        numeric = pl.col("TYPE") == "numeric"
        parsers["value_numeric"] = pl.when(numeric).then(
            pl.col("VALUE").cast(pl.Float64, strict=False)
        )
        mapped["value_numeric"] = "VALUE"
    failed = [
        pl.when(pl.col(mapped[c]).is_not_null() & pl.col(f"_p:{c}").is_null()).then(
            pl.concat_str([pl.lit(f"{mapped[c]}="), pl.col(mapped[c])])
        )
        for c in parsers
        if schema.column(c).polars_dtype != pl.String and c != "value_numeric"
    ]
    if table == "observations":
        lost = numeric & pl.col("VALUE").is_not_null() & pl.col("_p:value_numeric").is_null()
        failed.append(pl.when(lost).then(pl.concat_str([pl.lit("VALUE="), pl.col("VALUE")])))
    required = [c.name for c in schema.columns if not c.nullable and c.name in mapped]
    missing = pl.concat_str(
        [pl.when(pl.col(mapped[c]).is_null()).then(pl.lit(mapped[c])) for c in required],
        separator=", ",
        ignore_nulls=True,
    )
    unparsable = pl.concat_str(failed, separator="; ", ignore_nulls=True) if failed else pl.lit("")
    plan = rows.with_columns([e.alias(f"_p:{c}") for c, e in parsers.items()]).with_columns(
        missing.fill_null("").alias("_missing"), unparsable.fill_null("").alias("_unparsable")
    )
    bad_row = (pl.col("_missing") != "") | (pl.col("_unparsable") != "")
    system = pl.lit(DEFAULT_SYSTEM.get(table), pl.String)
    if table == "observations":
        own = pl.col("CODE").is_in(SYNTHEA_CODES)
        system = pl.when(own).then(pl.lit(SYNTHEA_SYSTEM)).otherwise(system)
    if "code_system" in parsers:
        system = pl.coalesce(pl.col("_p:code_system"), system)
    good = plan.filter(~bad_row).select(
        *[pl.col(f"_p:{c}").alias(c) for c in parsers if c != "code_system"],
        *([system.alias("code_system")] if "code" in schema.names else []),
        pl.lit(source).alias("source_file"),
        pl.col(LINE).alias("source_line"),
    )
    bad = plan.filter(bad_row).select(
        pl.lit(source).alias("source_file"),
        pl.col(LINE).alias("source_line"),
        pl.lit("ingest").alias("stage"),
        pl.when(pl.col("_missing") != "")
        .then(pl.lit("missing_required_field"))
        .otherwise(pl.lit("unparsable_field"))
        .alias("reason"),
        pl.when(pl.col("_missing") != "")
        .then(pl.concat_str([pl.lit("empty "), pl.col("_missing")]))
        .otherwise(pl.concat_str([pl.lit("unparsable "), pl.col("_unparsable")]))
        .alias("detail"),
        pl.concat_str([pl.col(n).fill_null("") for n in names], separator=",").alias("raw"),
    )
    return schema.conform(good), bad


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


def _rows_out(path: Path) -> int:
    """Rows in a written Parquet file."""
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


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
            {"quarantined": _rows_out(out_dir / "quarantine.parquet"), "other_table_row": other}
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
    return {t: _rows_out(out_dir / f"{t}.parquet") for t in goods}


def remove_tree(folder: Path) -> None:
    """Delete the connector's scratch folder (text part files)."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()
