"""Connector for NOAA/BOEM MarineCadastre AIS CSV files, streamed by polars into ais_positions."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl

from connectors.base import (
    QUARANTINE_SCHEMA,
    Connector,
    IngestResult,
    SourceFormatError,
    parquet_rows,
)
from connectors.registry import register
from schemas.ais import AIS_POSITIONS

# Columns the mapping needs; Cargo is ignored and TransceiverClass is optional (older years).
REQUIRED_COLUMNS = (
    "MMSI",
    "BaseDateTime",
    "LAT",
    "LON",
    "SOG",
    "COG",
    "Heading",
    "VesselName",
    "IMO",
    "CallSign",
    "VesselType",
    "Status",
    "Length",
    "Width",
    "Draft",
)
_MANDATORY = ("MMSI", "BaseDateTime")
_EXTRA = "__extra_field__"  # catches rows with more fields than the header
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
_FLOATS = ("LAT", "LON", "SOG", "COG", "Heading", "Length", "Width", "Draft")


def read_header(path: Path) -> list[str]:
    """Column names from line 1, checked so a file of another shape fails loudly, not silently."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = fh.readline()
    if not first.strip():
        raise SourceFormatError(path, "empty file: no CSV header", line=1)
    names = [n.strip() for n in next(csv.reader([first]))]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise SourceFormatError(path, f"missing columns {', '.join(missing)}", line=1)
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SourceFormatError(path, f"duplicate columns {', '.join(dupes)}", line=1)
    return names


def _c(name: str) -> pl.Expr:
    """The cleaned (stripped, empty → null) text of a field, computed once per row."""
    return pl.col(f"_c:{name}")


def _p(name: str) -> pl.Expr:
    """The parsed value of a field (null when empty or unparsable), computed once per row."""
    return pl.col(f"_p:{name}")


def _integral(name: str, dtype: pl.DataType) -> pl.Expr:
    """Integer codes that MarineCadastre sometimes writes as floats ("8.0"); fractions fail."""
    value = _c(name).cast(pl.Float64, strict=False)
    return pl.when(value.is_finite() & (value == value.floor())).then(
        value.cast(dtype, strict=False)
    )


def _in_range(name: str, low: float, high: float, closed: str = "both") -> pl.Expr:
    """Keep a value inside its AIS encoding range; sentinels such as 91 or 511 become null."""
    return pl.when(_p(name).is_between(low, high, closed=closed)).then(_p(name))


def _positive(name: str) -> pl.Expr:
    """Dimensions, IMO numbers and type codes where 0 means not available."""
    return pl.when(_p(name) > 0).then(_p(name))


def _parsers(has_class: bool) -> dict[str, pl.Expr]:
    """Parse every mapped field; a null result from a non-null field means it was unparsable."""
    parsers = {
        "MMSI": _c("MMSI").cast(pl.Int64, strict=False),
        "BaseDateTime": _c("BaseDateTime")
        .str.replace(" ", "T", literal=True)
        .str.to_datetime(_TIME_FORMAT, time_unit="us", time_zone="UTC", strict=False),
        **{c: _c(c).cast(pl.Float64, strict=False) for c in _FLOATS},
        "IMO": _c("IMO").str.strip_prefix("IMO").cast(pl.Int64, strict=False),
        "VesselType": _integral("VesselType", pl.Int16()),
        "Status": _integral("Status", pl.Int8()),
    }
    if has_class:
        cls = _c("TransceiverClass").str.to_uppercase()
        parsers["TransceiverClass"] = pl.when(cls.is_in(["A", "B"])).then(cls)
    return parsers


def _scan(path: Path, names: list[str]) -> pl.LazyFrame:
    """All fields as text, one extra column to catch surplus fields, and the file line number."""
    schema = {n: pl.String() for n in names} | {_EXTRA: pl.String()}
    return pl.scan_csv(
        path,
        has_header=False,
        skip_rows=1,
        schema=schema,
        missing_columns="insert",
        truncate_ragged_lines=True,
        encoding="utf8-lossy",
        empty_string_is_null=True,
    )


def _file_plans(path: Path, names: list[str]) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """One file's (good rows as contract columns, bad rows as quarantine rows), one shared scan.

    Every row only gets cheap per-field tests; the texts saying what was wrong are built after
    the filter, for the few bad rows.
    """
    has_class = "TransceiverClass" in names
    mapped = [*REQUIRED_COLUMNS, *(["TransceiverClass"] if has_class else [])]
    parsers = _parsers(has_class)
    failed = {c: _c(c).is_not_null() & _p(c).is_null() for c in parsers}
    missing = [_c(c).is_null() for c in _MANDATORY]
    surplus = pl.col(_EXTRA).is_not_null()
    stripped = {c: pl.col(c).str.strip_chars() for c in mapped}
    rows = (
        _scan(path, names)
        .with_row_index("source_line", offset=2)
        .with_columns([pl.when(e != "").then(e).alias(f"_c:{c}") for c, e in stripped.items()])
        .with_columns([expr.alias(f"_p:{c}") for c, expr in parsers.items()])
        .with_columns(
            pl.when(surplus)
            .then(pl.lit("malformed_row"))
            .when(pl.any_horizontal(missing))
            .then(pl.lit("missing_required_field"))
            .when(pl.any_horizontal(list(failed.values())))
            .then(pl.lit("unparsable_field"))
            .alias("_reason")
        )
    )
    good = rows.filter(pl.col("_reason").is_null()).select(
        _p("MMSI").alias("mmsi"),
        _p("BaseDateTime").alias("timestamp"),
        pl.lit("csv").alias("timestamp_source"),
        pl.lit(0, dtype=pl.Int8()).alias("msg_type"),
        _in_range("LAT", -90.0, 90.0).alias("lat"),
        _in_range("LON", -180.0, 180.0).alias("lon"),
        _in_range("SOG", 0.0, 102.25, "left").alias("sog"),
        _in_range("COG", 0.0, 360.0, "left").alias("cog"),
        _in_range("Heading", 0.0, 360.0, "left").alias("heading"),
        _p("Status").alias("nav_status"),
        _c("VesselName").alias("vessel_name"),
        _positive("IMO").alias("imo"),
        _c("CallSign").alias("call_sign"),
        _positive("VesselType").alias("vessel_type"),
        _positive("Length").alias("length"),
        _positive("Width").alias("width"),
        _positive("Draft").alias("draft"),
        (_p("TransceiverClass") if has_class else pl.lit(None, pl.String())).alias(
            "transceiver_class"
        ),
        pl.lit(None, dtype=pl.String()).alias("station"),
        pl.lit(path.name).alias("source_file"),
        pl.col("source_line").cast(pl.Int64),
    )
    raw = pl.concat_str([pl.col(n).fill_null("") for n in names], separator=",")
    empty = pl.concat_str(
        [pl.when(m).then(pl.lit(c)) for c, m in zip(_MANDATORY, missing, strict=True)],
        separator=", ",
        ignore_nulls=True,
    )
    unparsable = pl.concat_str(
        [pl.when(f).then(pl.concat_str([pl.lit(f"{c}="), _c(c)])) for c, f in failed.items()],
        separator="; ",
        ignore_nulls=True,
    )
    bad = rows.filter(pl.col("_reason").is_not_null()).select(
        pl.lit(path.name).alias("source_file"),
        pl.col("source_line").cast(pl.Int64),
        pl.lit("ingest").alias("stage"),
        pl.col("_reason").alias("reason"),
        pl.when(surplus)
        .then(pl.lit(f"more than {len(names)} fields"))
        .when(pl.col("_reason") == "missing_required_field")
        .then(pl.concat_str([pl.lit("empty "), empty]))
        .otherwise(pl.concat_str([pl.lit("unparsable "), unparsable]))
        .alias("detail"),
        pl.when(surplus)
        .then(pl.concat_str([raw, pl.col(_EXTRA)], separator=","))
        .otherwise(raw)
        .alias("raw"),
    )
    return AIS_POSITIONS.conform(good), bad


def data_lines(path: Path, chunk_bytes: int = 8 << 20) -> int:
    """Lines after the header, counted from the bytes (the ledger's independent input count).

    Read in fixed chunks rather than memory-mapped, so counting a file of any size stays small
    in memory; a last line without a newline still counts, and a blank line is a line.
    """
    newlines, last = 0, b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(chunk_bytes):
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    lines = newlines + (last != b"\n")
    return max(0, lines - 1)


@register
class MarineCadastreConnector(Connector):
    """Reads MarineCadastre CSVs with one streaming plan that sinks good and bad rows together."""

    format = "marinecadastre_csv"

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Check every header first, then stream all files into table and quarantine Parquet."""
        goods, bads, input_rows = [], [], 0
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"MarineCadastre CSV not found: {path}")
            names = read_header(path)
            good, bad = _file_plans(path, names)
            goods.append(good)
            bads.append(bad)
            input_rows += data_lines(path)
        out_dir.mkdir(parents=True, exist_ok=True)
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        if goods:
            pl.collect_all(
                [
                    pl.concat(goods).sink_parquet(table_path, compression="lz4", lazy=True),
                    pl.concat(bads).sink_parquet(quarantine_path, compression="lz4", lazy=True),
                ]
            )
        else:
            AIS_POSITIONS.empty().write_parquet(table_path, compression="zstd")
            pl.DataFrame(schema=QUARANTINE_SCHEMA).write_parquet(quarantine_path)
        rows_out, rows_bad = parquet_rows(table_path), parquet_rows(quarantine_path)
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=rows_out,
            rows_quarantined=rows_bad,
            input_units=input_rows,
            ledger=Counter({"position": rows_out, "quarantined": rows_bad}),
            unit="row",
        )
