"""Connector for any delimited table with a header (a clinic's patient list, a register export).

Records are read over physical lines by connectors.csv_records (encodings, BOM, compression,
runaway quotes, wrong field counts, undecodable lines; empty fields past the header's width, a
spreadsheet's `,,` at line ends, are dropped), exact duplicates are quarantined
(`duplicate_record`), then each column is typed as `source.options.columns` declares (the
contract named by `source.options.contract`, registered when the spec loads); a row whose
declared field does not parse is quarantined as `unparsable_field`, one with an empty
non-nullable field as `missing_required_field`, one with a date outside 1800-2200 as
`implausible_date`. Without declared columns (`bohai init` reading a sample) the
types are inferred from the file (a decimal comma included). Headers become column names:
trimmed, units spelled out (`[m³/h]` -> `m3_h`, `°C` -> `degc`, `%` -> `pct`), lower case, runs
of anything but letters (CJK included) and digits turned into `_`; a spec drafted before units
were spelled out (`_m_h`, `_c`) still matches its file. The delimiter is `,`, tab,
`;` or `|`, whichever splits the header most, unless `options.delimiter` names it. An export
that writes lines before its header (a DCS export's title, who exported it and when) says where
the header is with `options.header_line` (1-based; drafted by `bohai init`, which finds it as the
first line as wide as the rows after it): the lines before it are counted as `preamble`, never
read, and a file whose header is elsewhere is refused by the header check. A row of units
under the header (`[m³/h];[°C]`, as DCS and Excel exports write) is `options.units_line: true`
(drafted when the sample's first record has no number and the next has some): it is counted as
`units_line`, never read, and only a record without a number is taken for it. Timestamps
that name no zone are wall-clock times in `options.timezone` (an IANA zone such as
`Asia/Shanghai`; UTC when absent), stored as UTC instants; the partition day is cut in the same
zone (pipelines.partition_rules). The ledger counts physical lines: header, lines of kept
records, quarantined lines, blank lines, and the header repeated inside the file (exports
joined end to end), which is counted apart, not read as a record. Polars splits the lines a
byte pre-scan finds clean and the careful reader reads the rest (connectors.delimited_fast: the
same outcome); `options.careful: true` reads every line carefully.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, ClassVar

import polars as pl

from connectors.base import (
    IMPLAUSIBLE_DATE,
    MAX_YEAR,
    MIN_YEAR,
    QUARANTINE_SCHEMA,
    Connector,
    IngestResult,
    SourceFormatError,
    parquet_rows,
    source_name,
)
from connectors.csv_fast import FrameParts
from connectors.csv_records import CsvRecords
from connectors.dedupe import DUPLICATE
from connectors.delimited_fast import Evidence, Settle, spill_fast, spilled_schema
from connectors.encodings import other_encoding
from connectors.parquet_chunks import ChunkedParquet
from connectors.preamble import excel_separator, first_line, preamble_lines
from connectors.record_copies import RecordCopies
from connectors.registry import register
from connectors.text_lines import TextLines, bad_byte, line_start
from connectors.typed_split import split_by_problem
from schemas.column_types import infer_dtype, parse_expr, sentinel, text
from schemas.declared import LINEAGE, ColumnDecl, column_decls, declared_contract, table_zone
from schemas.table import TableSchema

RECORD = "record"
UNPARSABLE = "unparsable_field"
MISSING = "missing_required_field"
DELIMITERS = (",", "\t", ";", "|")
# A number as a cell writes it (decimal point or comma, exponent): a units row holds none.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$")
# A header cell of digits, signs, points, commas, exponents and spaces only is a value, not a
# name (a headerless run split at its decimal commas gives `3766000e-01   3`).
_DIGITS_ONLY = re.compile(r"^(?=.*\d)[\d\s.,eE+-]+$")
INFER_ROWS = 1_000_000  # types inferred (no declared columns) from at most this many records
_NOT_NAME = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
# Unit signs a name would lose, spelled out (after NFKC: `³` is `3`, `℃` is `°C`, `µ` is `μ`).
UNIT_WORDS = {"°": "deg", "%": "pct", "‰": "permille", "μ": "u", "Ω": "ohm"}
_SAYS_MORE = re.compile(r"[^\w\s-]")  # a header with brackets, units, signs: kept as description
_UNIT_SIGN = re.compile("|".join(map(re.escape, UNIT_WORDS)))


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


def sniff_delimiter(path: Path, encoding: str, skip: int = 0) -> str:
    """Excel's `sep=X` first line, else the delimiter that splits the first readable line after
    `skip` lines into the most cells."""
    named = excel_separator(first_line(path, encoding))
    if named:
        return named
    for i, line in enumerate(TextLines(path, encoding)):
        if i < skip:
            continue
        if line.text is not None and line.text.strip():
            return max(DELIMITERS, key=lambda d: line.text.count(d))  # type: ignore[union-attr]
        break
    return ","


def _named(names: list[str]) -> dict[str, str]:
    """Positional part-file columns renamed to the header's column names."""
    return {f"_c{i}": n for i, n in enumerate(names)}


def _records(parts: ChunkedParquet | FrameParts, names: list[str]) -> pl.LazyFrame:
    """A file's spilled records with its header's column names, lazily."""
    return parts.scan().rename(_named(names))


def _joined(parts: list[pl.Expr], separator: str) -> pl.Expr:
    """The non-null parts joined, "" when there are none."""
    if not parts:
        return pl.lit("")
    return pl.concat_str(parts, separator=separator, ignore_nulls=True).fill_null("")


def _typed(
    frame: pl.DataFrame, decls: list[ColumnDecl], path: Path, zone: str = "UTC"
) -> tuple[pl.DataFrame, ...]:
    """(typed rows with `_span`, quarantine rows with `_span`) of one file's records.

    Each value is stripped once (`_t:`), its null word found once (`_s:`); the problem texts
    are written for the rows that have a problem only (polars builds a `then` for every row).
    """
    listed = [d for d in decls if d.null_values]
    steps = frame.with_columns(
        *(text(d.name).alias(f"_t:{d.name}") for d in decls),
        *(sentinel(d.name, d.null_values).alias(f"_s:{d.name}") for d in listed),
    )
    steps = steps.with_columns(
        parse_expr(
            d.name, d.dtype, d.format, d.decimal_comma, zone, d.null_values, f"_t:{d.name}"
        ).alias(f"_p:{d.name}")
        for d in decls
    )
    checks = {
        "failed": [
            (d, pl.col(f"_p:{d.name}").is_null() & pl.col(f"_t:{d.name}").is_not_null()
             & (pl.col(f"_s:{d.name}").is_null() if d.null_values else True))
            for d in decls
        ],
        "missing": [(d, pl.col(f"_p:{d.name}").is_null()) for d in decls if not d.nullable],
        "absurd": [
            (d, ~pl.col(f"_p:{d.name}").dt.year().is_between(MIN_YEAR, MAX_YEAR))
            for d in decls
            if d.dtype in ("date", "datetime")
        ],
    }  # fmt: skip
    flags = [c.fill_null(False) for found in checks.values() for _, c in found]
    problem = pl.any_horizontal(flags) if flags else pl.lit(False)
    steps = steps.with_columns(problem.alias("_problem"))
    value = {"failed": "{}={}", "missing": "{}", "absurd": "{}={}"}

    def said(kind: str, d: ColumnDecl, found: pl.Expr) -> pl.Expr:
        shown = [pl.lit(d.name)] + ([pl.col(f"_t:{d.name}")] if "=" in value[kind] else [])
        return pl.when(found).then(pl.format(value[kind], *shown))

    texts = {k: [said(k, d, c) for d, c in found] for k, found in checks.items()}
    ok = steps.filter(~pl.col("_problem")).with_columns(
        pl.lit("").alias(c) for c in ("_failed", "_missing", "_absurd")
    )
    bad = steps.filter(pl.col("_problem")).with_columns(
        _joined(texts["failed"], "; ").alias("_failed"),
        _joined(texts["missing"], ", ").alias("_missing"),
        _joined(texts["absurd"], "; ").alias("_absurd"),
    )
    reasons = [
        (pl.col(f"_s:{d.name}") if d.null_values else pl.lit(None, pl.String)).alias(
            d.reason_column
        )
        for d in decls
        if d.reason_column
    ]
    return split_by_problem(
        pl.concat([ok, bad]),
        [pl.col(f"_p:{d.name}").alias(d.name) for d in decls] + reasons,
        path,
        [
            ("_failed", UNPARSABLE, "unparsable {}"),
            ("_missing", MISSING, "empty {}"),
            ("_absurd", IMPLAUSIBLE_DATE, f"date outside {MIN_YEAR}-{MAX_YEAR}: {{}}"),
        ],
    )


def _refuse_other_encoding(path: Path, evidence: Evidence, count: int) -> None:
    """Refuse a file whose non-ASCII lines are text in another encoding (a feed that changed
    encoding: quarantining them would drop exactly its Chinese rows, reading them would release
    mojibake), naming the line and byte offset of the first one."""
    found = other_encoding([raw for _, raw in evidence.wide], evidence.codec)
    if found is None:
        return  # damaged lines, not another encoding: they stay quarantined one by one
    other, why = found
    number, raw = evidence.undecodable or evidence.wide[0]
    at = bad_byte(raw, evidence.codec)
    offset = line_start(path, number) + at
    declared = evidence.encoding
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


def _matching_names(
    path: Path, header: list[str], decls: list[ColumnDecl], line: int = 1
) -> list[str]:
    """The header's names, which must be the declared columns (in any order), optional ones
    (a column the feed added later) allowed to be missing, a renamed one under an alias."""
    declared = {d.name for d in decls}
    needed = {d.name for d in decls if not d.optional}
    renamed = {a: d.name for d in decls for a in d.aliases}
    names = [renamed.get(n, n) for n in column_names(header)]
    old = [renamed.get(n, n) for n in column_names(header, units=False)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SourceFormatError(
            path, f"header names column(s) {twice} twice (under a name and an alias)", line
        )
    if not needed <= set(names) <= declared and needed <= set(old) <= declared:
        return old  # a spec drafted before units were kept
    if not needed <= set(names) <= declared:
        missing = sorted(needed - set(names))
        extra = [n for n in names if n not in declared]
        fix = (
            "; a column the feed added: declare it in source.options.columns with "
            "optional: true (older files lack it) and give it a privacy category"
            if extra and not missing
            else f"; a column the feed renamed: list its new name under the declared one's "
            f"aliases (e.g. {missing[0]}: {{dtype: ..., aliases: [{extra[0]}]}})"
            if extra and missing
            else ""
        )
        raise SourceFormatError(
            path,
            f"header does not match the declared columns: missing {missing}, extra {extra}{fix}",
            line,
        )
    return names


def _without_copies(
    frame: pl.DataFrame, copies: pl.DataFrame, path: Path, names_of: dict[int, str]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(the chunk's records that copy no earlier one, quarantine rows of those that do)."""
    found = frame.join(
        copies.select(pl.col("line").alias("_line"), "first_file", "first_line"),
        on="_line",
        how="left",
        maintain_order="left",
    )
    copy = pl.col("first_line").is_not_null()
    quarantined = found.filter(copy).select(
        pl.lit(source_name(path)).alias("source_file"),
        pl.col("_line").alias("source_line"),
        pl.lit("ingest").alias("stage"),
        pl.lit(DUPLICATE).alias("reason"),
        pl.format(
            "exact copy of {} line {} (first copy kept)",
            pl.col("first_file").replace_strict(names_of, return_dtype=pl.String),
            pl.col("first_line"),
        ).alias("detail"),
        pl.col("_raw").alias("raw"),
        pl.col("_span"),
    )
    return found.filter(~copy).drop("first_file", "first_line"), quarantined


@dataclass(slots=True)
class _Spilled:
    """A read's part files (kept and failed records per file, ill-shaped records) and ledger."""

    wrong: ChunkedParquet
    kept: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)
    ledger: Counter[str] = field(default_factory=Counter)
    lines: int = 0

    def write(self, contract: TableSchema, table_path: Path, quarantine_path: Path) -> None:
        """The contract table and the quarantine (by file and line), each in one streamed pass."""
        table = [contract.conform(pl.scan_parquet(k)) for k in self.kept]
        bad = [self.wrong.scan()] + [
            pl.scan_parquet(f).drop("_span").cast(dict(QUARANTINE_SCHEMA)) for f in self.failed
        ]
        pl.collect_all(
            [
                pl.concat(table or [contract.empty().lazy()]).sink_parquet(
                    table_path, compression="zstd", lazy=True
                ),
                pl.concat(bad)
                .sort("source_file", "source_line", maintain_order=True)
                .sink_parquet(quarantine_path, lazy=True),
            ]
        )


@register
class DelimitedTableConnector(Connector):
    """Reads any header-first delimited text table into the contract its spec declares."""

    format = "delimited_table"
    generic: ClassVar[bool] = True  # `bohai init` prefers a format-specific connector

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.declared: list[ColumnDecl] = []  # the columns of the last read, declared or inferred
        self.header_line = 1  # where the last read found the header (after an export's preamble)
        self.units_line = False  # whether a sample's header had a units row under it

    @classmethod
    def declare_contracts(cls, options: dict[str, Any]) -> TableSchema:
        """Register the contract `options` declare (called when the spec loads)."""
        return declared_contract(options)

    def _read_file(
        self, path: Path, ledger: Counter[str], wrong: ChunkedParquet, work: Path
    ) -> tuple[list[str], ChunkedParquet | FrameParts, int]:
        """(header cells, spilled well-shaped records, lines read) of one file.

        Records go to part files under `work` as they are read (positional columns `_c0` ...),
        records that are not well shaped to `wrong`: memory holds one chunk, whatever the size.
        """
        encoding = self.text_encoding()
        skip = self._preamble(path, encoding)
        delimiter = str(self.options.get("delimiter") or sniff_delimiter(path, encoding, skip))
        reader = CsvRecords(
            path, encoding, delimiter=delimiter, skip_lines=skip, trailing_empty=True,
            blank_before_header=True,
        )  # fmt: skip
        header = reader.read_header()
        if header is None or not any(header):
            raise SourceFormatError(path, "empty file: no header line", line=skip + 1)
        if len(header) < 2:
            raise SourceFormatError(
                path,
                f"one column only: is {delimiter!r} the delimiter? (lines before the header: "
                "set source.options.header_line)",
                skip + 1,
            )
        if all(_DIGITS_ONLY.match(c) for c in header if c) and sum(1 for c in header if c) >= 2:
            raise SourceFormatError(
                path,
                f"no header: the first line is {len(header)} numbers ({', '.join(header[:3])}, "
                "...), a record; a delimited table needs a line naming its columns",
                skip + reader.blank_before + 1,
            )
        ledger["preamble"] += reader.preamble
        ledger["header"] += reader.header_span
        ledger["blank_line"] += reader.blank_before
        self.header_line = skip + reader.blank_before + 1
        settle = Settle(header, source_name(path), ledger, wrong)
        units = self._units_line(path, encoding, delimiter, skip)
        fast_ok = not skip and not reader.blank_before and not units
        if not self.options.get("careful") and fast_ok:
            refuse = partial(_refuse_other_encoding, path)
            fast = spill_fast(path, encoding, delimiter, settle, work, refuse)
            if fast is not None:
                return header, *fast
        parts = ChunkedParquet(work, spilled_schema(len(header)))
        for record in reader:
            if units and not record.blank:  # the units row under the header: counted, not read
                units = False
                if record.problem is None and record.fields is not None:
                    ledger["units_line"] += record.span
                    continue
            row = settle.row(record)
            if row is not None:
                parts.append(row)
        lines = reader.lines
        _refuse_other_encoding(
            path,
            Evidence(lines.wide, lines.undecodable, lines.codec, lines.encoding),
            settle.bad_encoding,
        )
        return header, parts, reader.lines.count

    def _units_line(self, path: Path, encoding: str, delimiter: str, skip: int) -> bool:
        """Whether the record under the header is a units row (`[m³/h]`, `kg/h`, `°C`): as
        `units_line` says, and found in a sample read without declared columns (`bohai init`);
        either way only a record with no number in it is one (a file without it loses no row)."""
        declared = self.options.get("units_line")
        if declared is not None and not isinstance(declared, bool):
            raise ValueError(f"source.options.units_line must be true or false, not {declared!r}")
        if declared is False or (declared is None and self.options.get("columns")):
            return False
        reader = CsvRecords(path, encoding, delimiter=delimiter, skip_lines=skip,
                            trailing_empty=True, blank_before_header=True)  # fmt: skip
        reader.read_header()
        rows = [r.fields for r in islice((r for r in reader if not r.blank), 2)]
        if not rows or rows[0] is None or any(_NUMBER.match(c.strip()) for c in rows[0]):
            return False
        filled = sum(1 for c in rows[0] if c.strip())
        if declared:
            return filled > 0
        after = (rows[1:] or [None])[0] or []
        numeric = [i for i, c in enumerate(after) if _NUMBER.match(c.strip())]
        # a unit above every number below it (a first record with empty numbers is no units row)
        found = len(numeric) >= 2 and all(i < len(rows[0]) and rows[0][i].strip() for i in numeric)
        self.units_line = self.units_line or found
        return found

    def _preamble(self, path: Path, encoding: str) -> int:
        """Lines before the header: as `header_line` says, else found in a sample read without
        declared columns (`bohai init`), else none."""
        if self.options.get("header_line") is not None:
            line = self.options["header_line"]
            if not isinstance(line, int) or isinstance(line, bool) or line < 1:
                raise ValueError(f"source.options.header_line must be a line number, not {line!r}")
            return line - 1
        if self.options.get("columns"):  # a spec without header_line: Excel's `sep=` line alone
            return int(excel_separator(first_line(path, encoding)) is not None)
        return preamble_lines(path, encoding, self.options.get("delimiter"))

    def _decls(self, header: list[str], records: pl.LazyFrame) -> list[ColumnDecl]:
        """Declared columns, or (for a sample without a declaration) inferred ones."""
        if self.options.get("columns"):
            return column_decls(self.options)
        names = column_names(header)
        frame = records.head(INFER_ROWS).collect()  # a sample `bohai init` reads: small
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

    def _read_files(self, paths: list[Path], work: Path) -> _Spilled:
        """Every file's records spilled, copies found, then typed and split chunk by chunk."""
        spilled = _Spilled(ChunkedParquet(work / "wrong", QUARANTINE_SCHEMA))
        copies = RecordCopies(work / "copies", sum(p.stat().st_size for p in paths if p.is_file()))
        files: list[tuple[list[str], ChunkedParquet | FrameParts]] = []
        decls = None
        for i, path in enumerate(map(Path, paths)):
            if not path.is_file():
                raise FileNotFoundError(f"delimited table not found: {path}")
            header, parts, count = self._read_file(
                path, spilled.ledger, spilled.wrong, work / f"{i:05d}"
            )
            spilled.lines += count
            if decls is None:
                decls = self._decls(header, _records(parts, column_names(header)))
            files.append((_matching_names(path, header, decls, self.header_line), parts))
            for part in parts.paths():
                chunk = pl.read_parquet(part, columns=["_line", "_raw"])
                copies.add(i, chunk["_line"], chunk["_raw"])
        later = copies.later()
        names_of = {i: Path(p).name for i, p in enumerate(paths)}
        for i, (path, (names, parts)) in enumerate(zip(map(Path, paths), files, strict=True)):
            mine = later.filter(pl.col("file") == i)
            for j, part in enumerate(parts.paths()):  # one chunk at a time: memory stays flat
                absent = [pl.lit(None, pl.String).alias(d.name) for d in decls or []
                          if d.name not in names]  # fmt: skip
                frame, copied = _without_copies(
                    pl.read_parquet(part).rename(_named(names)).with_columns(absent),
                    mine,
                    path,
                    names_of,
                )
                typed, unparsable = _typed(frame, decls or [], path, table_zone(self.options))
                kept, failed = (work / f"{i:05d}-{j:05d}.{k}.parquet" for k in ("kept", "failed"))
                typed.drop("_span").write_parquet(kept, compression="lz4")
                unparsable = pl.concat([copied, unparsable.cast(copied.schema)])
                unparsable.write_parquet(failed, compression="lz4")
                spilled.kept.append(kept)
                spilled.failed.append(failed)
                spilled.ledger[RECORD] += int(typed["_span"].sum() or 0)
                spilled.ledger["quarantined"] += int(unparsable["_span"].sum() or 0)
        self.declared = list(decls or [])
        return spilled

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Read every file's records, type them, quarantine what does not fit the contract."""
        out_dir.mkdir(parents=True, exist_ok=True)
        work = out_dir / ".delimited_parts"
        work.mkdir(exist_ok=True)
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        try:
            spilled = self._read_files(paths, work)
            columns = tuple(c for d in self.declared for c in d.columns()) + LINEAGE
            spilled.write(TableSchema("delimited_table", columns), table_path, quarantine_path)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=parquet_rows(table_path),
            rows_quarantined=parquet_rows(quarantine_path),
            input_units=spilled.lines,
            ledger=+spilled.ledger,
            unit="line",
        )
