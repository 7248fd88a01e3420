"""Connector for US EPA Risk Management Program accident CSVs: accidents and released chemicals.

Each file's header says what it holds: the 76 accident columns (`rmp_accident_detailed`) or
the six chemical columns (`rmp_accident_chemicals`); any other header is a SourceFormatError.
Records are read with the csv module so a row with a wrong number of fields is caught exactly;
fields are then typed in polars, and a row whose field does not parse is quarantined naming
the field. A record is one CSV record (a quoted field may span lines; the first line counts).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult, SourceFormatError
from connectors.registry import register
from schemas.petrochemical import (
    EPA_RMP_ACCIDENT_CHEMICALS,
    EPA_RMP_ACCIDENTS,
    RMP_ACCIDENT_FIELDS,
    RMP_CHEMICAL_FIELDS,
    RmpField,
)
from schemas.table import TableSchema

ACCIDENTS, CHEMICALS = "accidents", "accident_chemicals"
KINDS: dict[str, tuple[tuple[RmpField, ...], TableSchema, str]] = {
    ACCIDENTS: (RMP_ACCIDENT_FIELDS, EPA_RMP_ACCIDENTS, "accident"),
    CHEMICALS: (RMP_CHEMICAL_FIELDS, EPA_RMP_ACCIDENT_CHEMICALS, "accident_chemical"),
}
_NA = ("", "N/A", "NA")
_MONTH_FORMATS = ("%d-%b-%y", "%d-%b-%Y")
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y")
_TIME = r"^([01]?\d|2[0-3]):([0-5]\d)(:[0-5]\d)?$"


def _kind(path: Path, header: list[str]) -> str:
    """Which table a header belongs to; another header is an error naming the difference."""
    names = [h.strip() for h in header]
    best, overlap = ACCIDENTS, -1
    for kind, (fields, _, _) in KINDS.items():
        expected = [f.header for f in fields]
        if names == expected:
            return kind
        shared = len(set(names) & set(expected))
        if shared > overlap:
            best, overlap = kind, shared
    expected = [f.header for f in KINDS[best][0]]
    missing = [h for h in expected if h not in names]
    extra = [h for h in names if h not in expected]
    what = f"missing {missing[:5]}" if missing else ""
    what += ("; " if what else "") + (f"unexpected {extra[:5]}" if extra else "")
    what = what or "columns in another order"
    raise SourceFormatError(path, f"not an EPA RMP {best} header ({len(names)} columns): {what}", 1)


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of every CSV record after the header."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise SourceFormatError(path, "empty file: no CSV header", line=1) from None
        yield 1, header
        line = reader.line_num + 1
        for fields in reader:
            yield line, fields
            line = reader.line_num + 1


def _raw(fields: list[str]) -> str:
    """A record written back as one CSV line, for the quarantine."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


def _parse(field: RmpField) -> pl.Expr:
    """Typed value of one field; null for an empty (or N/A) value and for an unparsable one."""
    text = pl.col(field.header).str.strip_chars()
    value = pl.when(~text.is_in(_NA)).then(text)
    match field.kind:
        case "id" | "text":
            return pl.when(text != "").then(text)
        case "na_text":
            return value
        case "yes":
            return pl.when(text == "Yes").then(True).when(text.is_in([*_NA, "No"])).then(False)
        case "int":
            number = value.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
            return pl.when(number == number.floor()).then(number.cast(pl.Int64))
        case "float":
            cleaned = value.str.replace_all(r"[$,]", "")
            return cleaned.cast(pl.Float64, strict=False)
        case "month":
            day_first = pl.concat_str([pl.lit("01-"), value])
            tries = [day_first.str.to_date(f, strict=False) for f in _MONTH_FORMATS]
            tries += [value.str.to_date(f, strict=False) for f in _DATE_FORMATS]
            return pl.coalesce(tries).dt.month_start()
        case "time":
            parts = value.str.extract_groups(_TIME)
            hh = parts.struct.field("1").str.zfill(2)
            return pl.when(value.str.contains(_TIME)).then(
                pl.concat_str([hh, parts.struct.field("2")], separator=":")
            )
    raise ValueError(f"unknown RMP field kind {field.kind}")


def _typed(
    rows: list[tuple[int, list[str]]], kind: str, path: Path
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(contract rows, quarantine rows) from records that have the right number of fields."""
    fields, contract, _ = KINDS[kind]
    headers = [f.header for f in fields]
    frame = pl.DataFrame(
        [values for _, values in rows], schema=dict.fromkeys(headers, pl.String), orient="row"
    ).with_columns(
        pl.Series("_line", [line for line, _ in rows], dtype=pl.Int64),
        pl.Series("_raw", [_raw(values) for _, values in rows], dtype=pl.String),
    )
    parsed = frame.with_columns(_parse(f).alias(f"_p:{f.header}") for f in fields)
    required = [f.header for f in fields if not contract.column(f.name).nullable]
    missing = [pl.when(pl.col(f"_p:{h}").is_null()).then(pl.lit(h)) for h in required]
    failed = [
        pl.when(
            pl.col(f"_p:{f.header}").is_null() & ~pl.col(f.header).str.strip_chars().is_in(_NA)
        ).then(pl.format("{}={}", pl.lit(f.header), pl.col(f.header).str.strip_chars()))
        for f in fields
        if f.header not in required
    ]
    parsed = parsed.with_columns(
        pl.concat_str(missing, separator=", ", ignore_nulls=True).alias("_missing"),
        pl.concat_str(failed, separator="; ", ignore_nulls=True).alias("_failed"),
    )
    ok = (pl.col("_missing") == "") & (pl.col("_failed") == "")
    good = parsed.filter(ok).select(
        *(pl.col(f"_p:{f.header}").alias(f.name) for f in fields),
        pl.lit(str(path)).alias("source_file"),
        pl.col("_line").alias("source_line"),
    )
    bad = parsed.filter(~ok).select(
        pl.lit(str(path)).alias("source_file"),
        pl.col("_line").alias("source_line"),
        pl.lit("ingest").alias("stage"),
        pl.when(pl.col("_missing") != "")
        .then(pl.lit("missing_required_field"))
        .otherwise(pl.lit("unparsable_field"))
        .alias("reason"),
        pl.when(pl.col("_missing") != "")
        .then(pl.format("empty {}", "_missing"))
        .otherwise(pl.format("unparsable {}", "_failed"))
        .alias("detail"),
        pl.col("_raw").alias("raw"),
    )
    return contract.conform(good).collect(), bad


@register
class EpaRmpConnector(Connector):
    """Reads EPA RMP accident and accident-chemical CSVs into two contract tables."""

    format = "epa_rmp_csv"
    tables = (ACCIDENTS, CHEMICALS)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Check each header, quarantine bad records, write both tables (one may be empty)."""
        out_dir.mkdir(parents=True, exist_ok=True)
        frames: dict[str, list[pl.DataFrame]] = {k: [KINDS[k][1].empty()] for k in KINDS}
        bad: list[pl.DataFrame] = [pl.DataFrame(schema=QUARANTINE_SCHEMA)]
        ledger: Counter[str] = Counter()
        records = 0
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"EPA RMP CSV not found: {path}")
            stream = _records(path)
            kind = _kind(path, next(stream)[1])
            width = len(KINDS[kind][0])
            rows: list[tuple[int, list[str]]] = []
            wrong: list[tuple[str, int, str, str, str, str]] = []
            for line, values in stream:
                records += 1
                if not values:
                    ledger["blank_line"] += 1
                elif len(values) != width:
                    detail = f"{len(values)} fields, header has {width}"
                    wrong.append(
                        (str(path), line, "ingest", "wrong_field_count", detail, _raw(values))
                    )
                else:
                    rows.append((line, values))
            good, unparsable = _typed(rows, kind, path)
            frames[kind].append(good)
            wrong_frame = pl.DataFrame(wrong, schema=QUARANTINE_SCHEMA, orient="row")
            bad.append(pl.concat([wrong_frame, unparsable.cast(dict(QUARANTINE_SCHEMA))]))
            ledger[KINDS[kind][2]] += good.height
        quarantine = pl.concat(bad).sort("source_file", "source_line", maintain_order=True)
        ledger["quarantined"] += quarantine.height
        outputs = {kind: out_dir / f"{kind}.parquet" for kind in KINDS}
        for kind, path in outputs.items():
            pl.concat(frames[kind]).write_parquet(path, compression="zstd")
        quarantine_path = out_dir / "quarantine.parquet"
        quarantine.write_parquet(quarantine_path)
        return IngestResult(
            table_path=None,
            quarantine_path=quarantine_path,
            rows_out=sum(ledger[KINDS[k][2]] for k in KINDS),
            rows_quarantined=quarantine.height,
            input_units=records,
            ledger=ledger,
            unit="record",
            tables=outputs,
        )
