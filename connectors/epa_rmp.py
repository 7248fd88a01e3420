"""Connector for US EPA Risk Management Program accident CSVs: accidents and released chemicals.

Each file's header says what it holds: the 76 accident columns (`rmp_accident_detailed`) or
the six chemical columns (`rmp_accident_chemicals`); any other header is a SourceFormatError.
Records are read over physical lines (connectors.csv_records) in the spec's `source.encoding`,
so a stray quote quarantines one line (`runaway_quote`) instead of swallowing the lines after
it, a row with a wrong number of fields is caught exactly, and an undecodable line is
quarantined with its bytes. Exact duplicate records are quarantined (`duplicate_record`, first
kept); fields are then typed in polars, and a row whose field does not parse (or holds a date
outside 1800-2200: `implausible_date`) is quarantined naming the field. The ledger counts
physical lines: header, lines of kept records, quarantined lines, blank lines.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl

from connectors.base import (
    IMPLAUSIBLE_DATE,
    MAX_YEAR,
    MIN_YEAR,
    QUARANTINE_SCHEMA,
    UNREADABLE_RECORD,
    Connector,
    IngestResult,
    SourceFormatError,
    source_name,
    unexpected,
)
from connectors.csv_records import CsvRecords, no_header
from connectors.dedupe import DUPLICATE, Deduper
from connectors.registry import register
from connectors.typed_split import split_by_problem
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
_MAX_LINES, _MAX_FIELD = 50, 16 * 1024  # longest real record: 1 line; longest field < 300
QuarantineRow = tuple[str, int, str, str, str, str]


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
            whole = number.is_finite() & (number == number.floor())
            return pl.when(whole).then(number.cast(pl.Int64, strict=False))  # 1e23: null
        case "float":
            cleaned = value.str.replace_all(r"[$,]", "").cast(pl.Float64, strict=False)
            return pl.when(cleaned.is_finite()).then(cleaned)  # NaN, inf, 1e309: unparsable
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
    rows: list[tuple[int, int, list[str], str]], kind: str, path: Path
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(contract rows with `_span`, quarantine rows with `_span`) from well-shaped records."""
    fields, contract, _ = KINDS[kind]
    headers = [f.header for f in fields]
    frame = pl.DataFrame(
        [values for _, _, values, _ in rows], schema=dict.fromkeys(headers, pl.String), orient="row"
    ).with_columns(
        pl.Series("_line", [line for line, _, _, _ in rows], dtype=pl.Int64),
        pl.Series("_span", [span for _, span, _, _ in rows], dtype=pl.Int64),
        pl.Series("_raw", [raw for _, _, _, raw in rows], dtype=pl.String),
    )
    parsed = frame.with_columns(_parse(f).alias(f"_p:{f.header}") for f in fields)
    dates = [f.header for f in fields if f.kind == "month"]
    # An accident cannot have happened after the file was read: the extract's Mon-YY reads
    # YY 00-68 as 20YY, so a mistyped "Feb-30" would be an accident in 2030.
    today = date.today()
    absurd = [
        pl.when(~pl.col(f"_p:{h}").dt.year().is_between(MIN_YEAR, MAX_YEAR))
        .then(pl.format("{}={} outside {}-{}", pl.lit(h), pl.col(h).str.strip_chars(),
                        pl.lit(MIN_YEAR), pl.lit(MAX_YEAR)))
        .when(pl.col(f"_p:{h}") > pl.lit(today))
        .then(pl.format("{}={} ({}) is after {}", pl.lit(h), pl.col(h).str.strip_chars(),
                        pl.col(f"_p:{h}"), pl.lit(today.isoformat())))
        for h in dates
    ]  # fmt: skip
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
        (pl.concat_str(absurd, separator="; ", ignore_nulls=True) if absurd else pl.lit("")).alias(
            "_absurd"
        ),
    )
    good, bad = split_by_problem(
        parsed,
        [pl.col(f"_p:{f.header}").alias(f.name) for f in fields],
        path,
        [
            ("_missing", "missing_required_field", "empty {}"),
            ("_absurd", IMPLAUSIBLE_DATE, "implausible date: {}"),
            ("_failed", "unparsable_field", "unparsable {}"),
        ],
    )
    spans = good.get_column("_span")
    return contract.conform(good.drop("_span")).collect().with_columns(spans), bad


def _read_file(
    path: Path, encoding: str, seen: Deduper, ledger: Counter[str]
) -> tuple[str, list[tuple[int, int, list[str], str]], list[QuarantineRow], int]:
    """(kind, well-shaped records, quarantine rows, physical lines read) of one file.

    The ledger gets the lines of the header, blank lines and quarantined records.
    """
    reader = CsvRecords(
        path, encoding, max_lines=_MAX_LINES, max_field=_MAX_FIELD, blank_before_header=True
    )
    header = reader.read_header()
    ledger["blank_line"] += reader.blank_before
    if header is None:
        raise SourceFormatError(path, no_header(reader), line=1)
    kind = _kind(path, header)
    ledger["header"] += reader.header_span
    rows: list[tuple[int, int, list[str], str]] = []
    source = source_name(path)
    bad: list[QuarantineRow] = []
    for record in reader:
        try:
            if record.blank:
                ledger["blank_line"] += record.span
            elif record.problem is not None or record.fields is None:
                bad.append((source, record.line, "ingest", record.problem or UNREADABLE_RECORD,
                            record.detail, record.raw))  # fmt: skip
                ledger["quarantined"] += record.span
            elif copy := seen.seen(record.raw, (path.name, record.line), scope=kind):
                bad.append((source, record.line, "ingest", DUPLICATE, copy, record.raw))
                ledger["quarantined"] += record.span
            else:
                rows.append((record.line, record.span, record.fields, record.raw))
        except Exception as exc:  # noqa: BLE001 - one record must not fail the file
            bad.append((source, record.line, "ingest", UNREADABLE_RECORD, unexpected(exc),
                        record.raw))  # fmt: skip
            ledger["quarantined"] += record.span
    return kind, rows, bad, reader.lines.count


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
        seen = Deduper()
        lines = 0
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"EPA RMP CSV not found: {path}")
            kind, rows, wrong, count = _read_file(path, self.text_encoding(), seen, ledger)
            lines += count
            good, unparsable = _typed(rows, kind, path)
            frames[kind].append(good.drop("_span"))
            ledger[KINDS[kind][2]] += int(good["_span"].sum() or 0)
            ledger["quarantined"] += int(unparsable["_span"].sum() or 0)
            wrong_frame = pl.DataFrame(wrong, schema=QUARANTINE_SCHEMA, orient="row")
            typed_bad = unparsable.drop("_span").cast(dict(QUARANTINE_SCHEMA))
            bad.append(pl.concat([wrong_frame, typed_bad]))
        quarantine = pl.concat(bad).sort("source_file", "source_line", maintain_order=True)
        outputs = {kind: out_dir / f"{kind}.parquet" for kind in KINDS}
        rows_out = 0
        for kind, path in outputs.items():
            table = pl.concat(frames[kind])
            table.write_parquet(path, compression="zstd")
            rows_out += table.height
        quarantine_path = out_dir / "quarantine.parquet"
        quarantine.write_parquet(quarantine_path)
        return IngestResult(
            table_path=None,
            quarantine_path=quarantine_path,
            rows_out=rows_out,
            rows_quarantined=quarantine.height,
            input_units=lines,
            ledger=+ledger,
            unit="line",
            tables=outputs,
        )
