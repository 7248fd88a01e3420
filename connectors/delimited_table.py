"""Connector for any delimited table with a header (a clinic's patient list, a register export).

Records are read over physical lines by connectors.csv_records (encodings, BOM, compression,
runaway quotes, wrong field counts, undecodable lines), exact duplicates are quarantined
(`duplicate_record`), then each column is typed as `source.options.columns` declares (the
contract named by `source.options.contract`, registered when the spec loads); a row whose
declared field does not parse is quarantined as `unparsable_field`, one with an empty
non-nullable field as `missing_required_field`, one with a date outside 1800-2200 as
`implausible_date`. Without declared columns (`bohai init` reading a sample) the
types are inferred from the file (a decimal comma included). Headers become column names:
trimmed, units spelled out (`[m³/h]` -> `m3_h`, `°C` -> `degc`, `%` -> `pct`), lower case, runs
of anything but letters (CJK included) and digits turned into `_`; a spec drafted before units
were spelled out (`_m_h`, `_c`) still matches its file. The delimiter is `,`, tab,
`;` or `|`, whichever splits the header most, unless `options.delimiter` names it. Timestamps
that name no zone are wall-clock times in `options.timezone` (an IANA zone such as
`Asia/Shanghai`; UTC when absent), stored as UTC instants; the partition day is cut in the same
zone (pipelines.partition_rules). The ledger counts physical lines: header, lines of kept
records, quarantined lines, blank lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

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
from connectors.csv_records import CsvRecords
from connectors.dedupe import DUPLICATE, Deduper
from connectors.encodings import other_encoding
from connectors.registry import register
from connectors.text_lines import BAD_ENCODING, TextLines, bad_byte, line_start
from connectors.typed_split import split_by_problem
from schemas.column_types import infer_dtype, parse_expr, sentinel, text
from schemas.declared import LINEAGE, ColumnDecl, column_decls, declared_contract, table_zone
from schemas.table import TableSchema

RECORD = "record"
UNPARSABLE = "unparsable_field"
MISSING = "missing_required_field"
DELIMITERS = (",", "\t", ";", "|")
_NOT_NAME = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
# Unit signs a name would lose, spelled out (after NFKC: `³` is `3`, `℃` is `°C`, `µ` is `μ`).
UNIT_WORDS = {"°": "deg", "%": "pct", "‰": "permille", "μ": "u", "Ω": "ohm"}
_SAYS_MORE = re.compile(r"[^\w\s-]")  # a header with brackets, units, signs: kept as description
_UNIT_SIGN = re.compile("|".join(map(re.escape, UNIT_WORDS)))
Row = tuple[int, int, list[str], str]
QuarantineRow = tuple[str, int, str, str, str, str]


_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def _latin_letters(cell: str) -> str:
    """Accented Latin letters spelled in ASCII (Füllstand -> Fuellstand, Débit -> Debit), so a
    name keeps them; Chinese and other scripts pass through unchanged."""
    spelled = cell.translate(_GERMAN)
    out = []
    for ch in spelled:
        if "LATIN" in unicodedata.name(ch, ""):
            base = unicodedata.normalize("NFKD", ch)
            out.append("".join(c for c in base if not unicodedata.combining(c)))
        else:
            out.append(ch)
    return "".join(out)


def column_name(header: str, index: int, units: bool = True) -> str:
    """A contract column name for a header cell (`Birth Date` -> `birth_date`).

    With `units` the unit stays readable (`TI-203 [°C]` -> `ti_203_degc`); without, the name
    is the one drafts written before units were kept would hold (`ti_203_c`).
    """
    cell = header.strip()
    if units:
        cell = _UNIT_SIGN.sub(lambda m: f" {UNIT_WORDS[m[0]]}", unicodedata.normalize("NFKC", cell))
        cell = _latin_letters(cell)
    name = _NOT_NAME.sub("_", cell.lower()).strip("_")
    if not name:
        return f"column_{index + 1}"
    return name if not name[0].isdigit() else f"c_{name}"


def column_names(header: list[str], units: bool = True) -> list[str]:
    """Names for every header cell, a repeated name numbered (`phone`, `phone_2`)."""
    names: list[str] = []
    for i, cell in enumerate(header):
        name, n = column_name(cell, i, units), 2
        while name in names or name in {"source_file", "source_line"}:
            name, n = f"{column_name(cell, i, units)}_{n}", n + 1
        names.append(name)
    return names


def sniff_delimiter(path: Path, encoding: str) -> str:
    """The delimiter that splits the first readable line into the most cells."""
    for line in TextLines(path, encoding):
        if line.text is not None and line.text.strip():
            return max(DELIMITERS, key=lambda d: line.text.count(d))  # type: ignore[union-attr]
        break
    return ","


def _frame(rows: list[Row], names: list[str]) -> pl.DataFrame:
    """Well-shaped records as strings, with their line, span and raw text."""
    return pl.DataFrame(
        [values for _, _, values, _ in rows], schema=dict.fromkeys(names, pl.String), orient="row"
    ).with_columns(
        pl.Series("_line", [r[0] for r in rows], dtype=pl.Int64),
        pl.Series("_span", [r[1] for r in rows], dtype=pl.Int64),
        pl.Series("_raw", [r[3] for r in rows], dtype=pl.String),
    )


def _joined(parts: list[pl.Expr], separator: str) -> pl.Expr:
    """The non-null parts joined, "" when there are none."""
    if not parts:
        return pl.lit("")
    return pl.concat_str(parts, separator=separator, ignore_nulls=True).fill_null("")


def _typed(
    frame: pl.DataFrame, decls: list[ColumnDecl], path: Path, zone: str = "UTC"
) -> tuple[pl.DataFrame, ...]:
    """(typed rows with `_span`, quarantine rows with `_span`) of one file's records."""
    typed = [
        parse_expr(d.name, d.dtype, d.format, d.decimal_comma, zone, d.null_values).alias(
            f"_p:{d.name}"
        )
        for d in decls
    ]
    reasons = [sentinel(d.name, d.null_values).alias(d.reason_column) for d in decls
               if d.reason_column]  # fmt: skip
    parsed = frame.with_columns(typed)
    failed = [
        pl.when(
            pl.col(f"_p:{d.name}").is_null()
            & text(d.name).is_not_null()
            & sentinel(d.name, d.null_values).is_null()
        ).then(pl.format("{}={}", pl.lit(d.name), text(d.name)))
        for d in decls
    ]
    missing = [
        pl.when(pl.col(f"_p:{d.name}").is_null()).then(pl.lit(d.name))
        for d in decls
        if not d.nullable
    ]
    absurd = [
        pl.when(~pl.col(f"_p:{d.name}").dt.year().is_between(MIN_YEAR, MAX_YEAR)).then(
            pl.format("{}={}", pl.lit(d.name), text(d.name))
        )
        for d in decls
        if d.dtype in ("date", "datetime")
    ]
    parsed = parsed.with_columns(
        _joined(failed, "; ").alias("_failed"),
        _joined(missing, ", ").alias("_missing"),
        _joined(absurd, "; ").alias("_absurd"),
    )
    return split_by_problem(
        parsed,
        [pl.col(f"_p:{d.name}").alias(d.name) for d in decls] + reasons,
        path,
        [
            ("_failed", UNPARSABLE, "unparsable {}"),
            ("_missing", MISSING, "empty {}"),
            ("_absurd", IMPLAUSIBLE_DATE, f"date outside {MIN_YEAR}-{MAX_YEAR}: {{}}"),
        ],
    )


def _refuse_other_encoding(path: Path, lines: TextLines, count: int) -> None:
    """Refuse a file whose non-ASCII lines are text in another encoding (a feed that changed
    encoding: quarantining them would drop exactly its Chinese rows, reading them would release
    mojibake), naming the line and byte offset of the first one."""
    found = other_encoding([raw for _, raw in lines.wide], lines.codec)
    if found is None:
        return  # damaged lines, not another encoding: they stay quarantined one by one
    other, why = found
    number, raw = lines.undecodable or lines.wide[0]
    at = bad_byte(raw, lines.codec)
    offset = line_start(path, number) + at
    declared = lines.encoding
    what = (
        f"{count:,} line(s) do not decode, the first at byte offset {offset:,}"
        if count
        else f"its non-ASCII text reads as rare characters from byte offset {offset:,}"
    )
    raise SourceFormatError(
        path,
        f"not {declared} text: {what} (byte {raw[at]:#04x}), and {why}. Convert this file to "
        f"{declared} (iconv -f {other.upper()} -t {declared.upper()}) or, if the whole feed is "
        f"now {other}, set source.encoding: {other}",
        line=number,
    )


def _matching_names(path: Path, header: list[str], decls: list[ColumnDecl]) -> list[str]:
    """The header's names, which must be exactly the declared columns (in any order)."""
    declared = sorted(d.name for d in decls)
    names = column_names(header)
    if sorted(names) != declared and sorted(column_names(header, units=False)) == declared:
        return column_names(header, units=False)  # a spec drafted before units were kept
    if sorted(names) != declared:
        missing = [n for n in declared if n not in names]
        extra = [n for n in names if n not in declared]
        raise SourceFormatError(
            path, f"header does not match the declared columns: missing {missing}, extra {extra}", 1
        )
    return names


@register
class DelimitedTableConnector(Connector):
    """Reads any header-first delimited text table into the contract its spec declares."""

    format = "delimited_table"
    generic: ClassVar[bool] = True  # `bohai init` prefers a format-specific connector

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.declared: list[ColumnDecl] = []  # the columns of the last read, declared or inferred

    @classmethod
    def declare_contracts(cls, options: dict[str, Any]) -> TableSchema:
        """Register the contract `options` declare (called when the spec loads)."""
        return declared_contract(options)

    def _read_file(
        self, path: Path, seen: Deduper, ledger: Counter[str]
    ) -> tuple[list[str], list[Row], list[QuarantineRow], int]:
        """(header cells, well-shaped records, quarantine rows, lines read) of one file."""
        encoding = self.text_encoding()
        delimiter = str(self.options.get("delimiter") or sniff_delimiter(path, encoding))
        reader = CsvRecords(path, encoding, delimiter=delimiter)
        header = reader.read_header()
        if header is None or not any(header):
            raise SourceFormatError(path, "empty file: no header line", line=1)
        if len(header) < 2:
            raise SourceFormatError(path, f"one column only: is {delimiter!r} the delimiter?", 1)
        ledger["header"] += reader.header_span
        rows: list[Row] = []
        bad: list[QuarantineRow] = []
        source = source_name(path)
        for record in reader:
            try:
                if record.blank:
                    ledger["blank_line"] += record.span
                elif record.problem is not None or record.fields is None:
                    why = record.problem or UNREADABLE_RECORD
                    bad.append((source, record.line, "ingest", why, record.detail, record.raw))
                    ledger["quarantined"] += record.span
                elif copy := seen.seen(record.raw, (path.name, record.line)):
                    bad.append((source, record.line, "ingest", DUPLICATE, copy, record.raw))
                    ledger["quarantined"] += record.span
                else:
                    rows.append((record.line, record.span, record.fields, record.raw))
            except Exception as exc:  # noqa: BLE001 - one record must not fail the file
                bad.append((source, record.line, "ingest", UNREADABLE_RECORD, unexpected(exc),
                            record.raw))  # fmt: skip
                ledger["quarantined"] += record.span
        _refuse_other_encoding(path, reader.lines, sum(b[3] == BAD_ENCODING for b in bad))
        return header, rows, bad, reader.lines.count

    def _decls(self, header: list[str], frame: pl.DataFrame) -> list[ColumnDecl]:
        """Declared columns, or (for a sample without a declaration) inferred ones."""
        if self.options.get("columns"):
            return column_decls(self.options)
        names = column_names(header)
        guesses = [infer_dtype(frame.get_column(n)) for n in names]
        if any(g.decimal_comma for g in guesses):  # `18,529` then reads like the file's others
            guesses = [infer_dtype(frame.get_column(n), True) for n in names]
        decls = []
        for cell, name, guess in zip(header, names, guesses, strict=True):
            named = bool(_SAYS_MORE.search(cell))  # signs or units the name cannot hold
            raw = {"dtype": guess.dtype, "format": guess.format, "description": cell.strip(),
                   "null_values": list(guess.null_values)}  # fmt: skip
            decl = ColumnDecl(
                name, raw if named else raw | {"description": ""}, guess.decimal_comma
            )
            decl.evidence = guess.evidence.replace("<column>", name)
            decls.append(decl)
        return decls

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Read every file's records, type them, quarantine what does not fit the contract."""
        out_dir.mkdir(parents=True, exist_ok=True)
        good: list[pl.DataFrame] = []
        bad: list[pl.DataFrame] = [pl.DataFrame(schema=QUARANTINE_SCHEMA)]
        ledger: Counter[str] = Counter()
        seen, lines, decls = Deduper(), 0, None
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"delimited table not found: {path}")
            header, rows, wrong, count = self._read_file(path, seen, ledger)
            decls = decls or self._decls(header, _frame(rows, column_names(header)))
            frame = _frame(rows, _matching_names(path, header, decls))
            typed, unparsable = _typed(frame, decls, path, table_zone(self.options))
            lines += count
            good.append(typed.drop("_span"))
            ledger[RECORD] += int(typed["_span"].sum() or 0)
            ledger["quarantined"] += int(unparsable["_span"].sum() or 0)
            wrong_frame = pl.DataFrame(wrong, schema=QUARANTINE_SCHEMA, orient="row")
            bad.append(
                pl.concat([wrong_frame, unparsable.drop("_span").cast(dict(QUARANTINE_SCHEMA))])
            )
        self.declared = list(decls or [])
        columns = tuple(c for d in self.declared for c in d.columns()) + LINEAGE
        contract = TableSchema("delimited_table", columns)
        table = pl.concat([contract.conform(g).collect() for g in good] or [contract.empty()])
        quarantine = pl.concat(bad).sort("source_file", "source_line", maintain_order=True)
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        table.write_parquet(table_path, compression="zstd")
        quarantine.write_parquet(quarantine_path)
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=table.height,
            rows_quarantined=quarantine.height,
            input_units=lines,
            ledger=+ledger,
            unit="line",
        )
