"""Connector for plant historian exports in long form `tag,timestamp,value[,quality]` (CSV/Parquet).

Options (from the spec's `source.options`):
- `tags`: tag dictionary {tag: {unit, low, high, description, ...}}; readings of other tags are
  quarantined (`unknown_tags: keep` keeps them, without a unit).
- `timezone`: zone of naive timestamps (default UTC); `timestamp_format`: strftime, else ISO.
- `columns`: header renames {tag|timestamp|value|quality: name in the file}; `ignore_columns`:
  further file columns to leave out; any other column is a different header, an error.
- `quality_map`: raw quality -> good/uncertain/bad, over OPC DA codes and the usual words;
  an empty quality field counts as not given (good), as does a file without the column.
- `status_values`: more words a historian writes in place of a reading; over the usual ones
  (PI's `Bad Input`, `I/O Timeout`, `Comm Fail`, `Shutdown`, ..., and MSVC's `1.#QNAN`,
  `-1.#IND`, `1.#INF`), such a value is kept as a null reading with quality `bad` and the word
  in `source_quality` (after the quality column's code when the file has one: `Bad (I/O
  Timeout)`), not quarantined: the historian said the reading is missing, and why.
- `decimal_comma: true`: values use a comma as the decimal mark (`"123,45"`, quoted when the
  delimiter is a comma); off by default, since `1,234` may be a thousands separator.
- `delimiter` (default ","), `run_id` (default: the file stem).
The ledger counts physical lines of a CSV (header, readings, quarantined lines, blank lines,
the header repeated where two exports were concatenated; an exact repeat of a line is
`duplicate_record`) and rows of a Parquet file. A CSV that polars
cannot scan as is (gzip under a .csv name, `source.encoding` other than UTF-8, undecodable
bytes, NUL, CR-only line ends) is read line by line through `text_lines`: a line that does not
decode is quarantined `bad_encoding` with its bytes escaped, never U+FFFD.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from connectors.base import (
    QUARANTINE_SCHEMA,
    Connector,
    IngestResult,
    SourceFormatError,
    parquet_rows,
    source_name,
)
from connectors.dedupe import DUPLICATE
from connectors.file_copies import file_copies
from connectors.line_problems import describe
from connectors.registry import register
from connectors.text_lines import TextLines, codec, is_compressed
from schemas.column_types import placed_in_zone
from schemas.petrochemical import SENSOR_READINGS
from schemas.sentinels import HISTORIAN_WORDS

FIELDS = ("tag", "timestamp", "value", "quality")
REQUIRED = FIELDS[:3]
_OPTIONS = {"tags", "unknown_tags", "timezone", "timestamp_format", "columns", "ignore_columns",
            "quality_map", "delimiter", "run_id", "status_values", "decimal_comma"}  # fmt: skip
# Words historians write in a value field for a reading they do not have (PI digital states,
# MSVC's printed NaN/infinity): a missing reading with a reason, not a malformed line.
_STATUS_VALUES = HISTORIAN_WORDS
_QUALITY_WORDS = {
    "good": "good", "g": "good", "ok": "good", "valid": "good",
    "uncertain": "uncertain", "u": "uncertain", "questionable": "uncertain",
    "suspect": "uncertain", "substituted": "uncertain",
    "bad": "bad", "b": "bad", "invalid": "bad", "error": "bad",
}  # fmt: skip
_OPC_DA = {3: "good", 1: "uncertain", 0: "bad", 2: "bad"}  # quality bits 7-6 of an OPC DA code
_NAIVE_FORMATS = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M")
_AWARE_FORMATS = ("%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M%z")
_UTC = pl.Datetime("us", "UTC")


class HistorianOptions:
    """Validated options; errors name the option."""

    def __init__(self, options: dict[str, Any]) -> None:
        unknown = set(options) - _OPTIONS
        if unknown:
            raise ValueError(f"historian: unknown options {sorted(unknown)}")
        self.tags: dict[str, dict[str, Any]] = {}
        for tag, entry in (options.get("tags") or {}).items():
            if not isinstance(entry, dict):
                raise ValueError(f"historian: tags.{tag} must be a mapping (unit, low, high, ...)")
            low, high = entry.get("low"), entry.get("high")
            if low is not None and high is not None and float(low) > float(high):
                raise ValueError(f"historian: tags.{tag}: low {low} is above high {high}")
            self.tags[str(tag)] = entry
        self.unknown_tags = options.get("unknown_tags", "quarantine")
        if self.unknown_tags not in ("quarantine", "keep"):
            raise ValueError("historian: unknown_tags must be quarantine or keep")
        self.timezone = str(options.get("timezone", "UTC"))
        self.timestamp_format: str | None = options.get("timestamp_format")
        renames = {str(k): str(v) for k, v in (options.get("columns") or {}).items()}
        if set(renames) - set(FIELDS):
            raise ValueError(f"historian: columns may rename only {FIELDS}")
        self.file_names = {v.strip().lower(): k for k, v in renames.items()}
        self.ignore = {str(c).strip().lower() for c in options.get("ignore_columns") or []}
        self.quality = {**_QUALITY_WORDS, **{str(c): _OPC_DA[c >> 6] for c in range(256)}}
        for raw, norm in (options.get("quality_map") or {}).items():
            if norm not in ("good", "uncertain", "bad"):
                raise ValueError(f"historian: quality_map.{raw} must be good, uncertain or bad")
            self.quality[str(raw).strip().lower()] = norm
        self.delimiter = str(options.get("delimiter", ","))
        self.run_id: str | None = options.get("run_id")
        extra = options.get("status_values") or []
        if not isinstance(extra, list):
            raise ValueError("historian: status_values must be a list of words")
        self.status_values = sorted(_STATUS_VALUES | {str(w).strip().lower() for w in extra})
        self.decimal_comma = bool(options.get("decimal_comma", False))

    def header(self, path: Path, names: list[str], line: int = 1) -> dict[str, int]:
        """Field -> position in the file; a header of another shape is a SourceFormatError."""
        positions: dict[str, int] = {}
        unexpected = []
        for i, name in enumerate(names):
            key = name.strip().lower()
            field = self.file_names.get(key, key if key not in self.file_names.values() else "")
            if field in FIELDS and field not in positions:
                positions[field] = i
            elif key not in self.ignore:
                unexpected.append(name)
        missing = [f for f in REQUIRED if f not in positions]
        if missing or unexpected:
            problems = [f"missing {', '.join(missing)}"] if missing else []
            problems += [f"unexpected {', '.join(unexpected)}"] if unexpected else []
            raise SourceFormatError(path, f"header {names}: {'; '.join(problems)}", line=line)
        return positions


def _timestamps(text: pl.Expr, opts: HistorianOptions) -> pl.Expr:
    """UTC times from text; naive times are local to the configured zone; null if unparsable."""
    clean = (
        text.str.strip_chars()
        .str.replace_all("/", "-", literal=True)
        .str.replace("T", " ", literal=True)
        .str.replace(r"Z$", "+00:00")
    )
    # ISO 8601's end of a day (2026-11-20 24:00:00, a daily export's last sample) is the next
    # day's midnight: read as 00:00 and moved on a day.
    end_of_day = clean.str.contains(r" 24:00(?::00(?:\.0+)?)?(?:[+-][0-9:]+)?$").fill_null(False)
    midnight = clean.str.replace(" 24:", " 00:", literal=True)
    clean = pl.when(end_of_day).then(midnight).otherwise(clean)
    next_day = pl.when(end_of_day).then(pl.duration(days=1)).otherwise(pl.duration(days=0))

    def aware(fmt: str) -> pl.Expr:
        stamp = clean.str.to_datetime(fmt, strict=False, time_unit="us", time_zone="UTC")
        return stamp + next_day

    def naive(fmt: str) -> pl.Expr:
        local = clean.str.to_datetime(fmt, strict=False, time_unit="us") + next_day
        return placed_in_zone(local, opts.timezone)  # the repeated hour by the file's order

    fmt = opts.timestamp_format
    if fmt:
        return aware(fmt) if "%z" in fmt else naive(fmt).dt.convert_time_zone("UTC")
    parsed = [aware(f) for f in _AWARE_FORMATS]
    parsed += [naive(f).dt.convert_time_zone("UTC") for f in _NAIVE_FORMATS]
    return pl.coalesce(parsed)


def _split_lines(delimiter: str) -> Any:
    """Split lines on the delimiter; the rare quoted line goes through the csv module."""

    def split(lines: pl.Series) -> pl.Series:
        fields = lines.str.split(delimiter, inclusive=False)
        quoted = lines.str.contains('"', literal=True).fill_null(False)
        if quoted.any():
            values = fields.to_list()
            for i in quoted.arg_true().to_list():
                values[i] = next(csv.reader([lines[i]], delimiter=delimiter), [])
            fields = pl.Series(fields.name, values, dtype=pl.List(pl.String))
        return fields

    return split


_CLEAN_CHUNK = 1 << 24
LINE_SEPARATOR = b"\x1f"  # a byte no text line holds: the fast path reads each line whole


def _clean(path: Path, encoding: str) -> bool:
    """True when polars can scan the file as is: plain, UTF-8, no NUL, no bare-CR line ends, and
    no unit separator (0x1F: the fast path reads each line as one field split at that byte)."""
    if is_compressed(path) or codec(encoding) != "utf-8":
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        if not fh.readline().removeprefix(codecs.BOM_UTF8).strip():
            return False  # blank lines before the header: the line reader skips and counts them
        fh.seek(0)
        while chunk := fh.read(_CLEAN_CHUNK):
            if b"\x00" in chunk or LINE_SEPARATOR in chunk or re.search(rb"\r(?!\n)", chunk):
                return False  # (a CRLF split across chunks only costs the slower reader)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _header(
    first: str, path: Path, opts: HistorianOptions, line: int = 1
) -> tuple[dict[str, int], int]:
    if not first.strip():
        raise SourceFormatError(path, "empty file: no CSV header", line=line)
    names = next(csv.reader([first], delimiter=opts.delimiter))
    return opts.header(path, names, line), len(names)


def _line_records(
    path: Path, opts: HistorianOptions, encoding: str
) -> tuple[pl.LazyFrame, int, dict[str, int], list[tuple[Any, ...]]]:
    """Lines of a file polars cannot scan as is (compressed, other encoding, bad bytes, CR)."""
    numbers: list[int] = []
    texts: list[str] = []
    bad: list[tuple[Any, ...]] = []
    header: tuple[dict[str, int], int] | None = None
    source = source_name(path)
    for line in TextLines(path, encoding):
        if line.text is None:
            detail = describe(line, encoding)
            bad.append(
                (source, line.number, "ingest", line.problem, detail, line.escaped(encoding))
            )
            continue
        # The header is the first line, after any blank ones (kept as lines: counted blank).
        if header is None and len(numbers) == line.number - 1 and line.text.strip():
            header = _header(line.text, path, opts, line.number)
            continue
        numbers.append(line.number)
        texts.append(line.text)
    if header is None and bad:  # an unreadable line where the header should be
        _, number, _, problem, detail, _ = bad[0]
        raise SourceFormatError(path, f"header line is unreadable ({problem}): {detail}", number)
    if header is None:
        raise SourceFormatError(
            path, f"empty file: no CSV header, only {len(numbers)} blank line(s)", 1
        )
    lines = pl.DataFrame(
        {"_line": numbers, "_raw": texts}, schema={"_line": pl.UInt32, "_raw": pl.String}
    )
    return lines.lazy(), header[1], header[0], bad


def _csv_records(
    path: Path, opts: HistorianOptions, encoding: str
) -> tuple[pl.LazyFrame, int, list[tuple[Any, ...]]]:
    """Data lines of a CSV as text fields, with line number, raw text and field count."""
    bad: list[tuple[Any, ...]] = []
    if _clean(path, encoding):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            positions, width = _header(fh.readline().rstrip("\r\n"), path, opts)
        lines = pl.scan_csv(
            path, has_header=False, skip_rows=1, separator=LINE_SEPARATOR.decode(), quote_char=None,
            schema={"_raw": pl.String}, empty_string_is_null=False,
        ).with_row_index("_line", offset=2)  # fmt: skip
    else:
        lines, width, positions, bad = _line_records(path, opts, encoding)
    split = pl.col("_raw").map_batches(
        _split_lines(opts.delimiter), return_dtype=pl.List(pl.String), is_elementwise=True
    )
    fields = lines.with_columns(split.alias("_fields")).with_columns(
        pl.col("_fields").list.len().alias("_n"),
        *(
            pl.col("_fields").list.get(positions[f], null_on_oob=True).alias(f"_{f}")
            if f in positions
            else pl.lit(None, pl.String).alias(f"_{f}")
            for f in FIELDS
        ),
        pl.lit(None, _UTC).alias("_ts_native"),
    )
    return fields.drop("_fields"), width, bad


def _parquet_records(path: Path, opts: HistorianOptions) -> tuple[pl.LazyFrame, int]:
    """Rows of a Parquet export as text fields (native datetimes kept), numbered from 1."""
    try:
        lf = pl.scan_parquet(path)
        schema = lf.collect_schema()
    except Exception as exc:  # polars raises several error types for a non-Parquet file
        raise SourceFormatError(path, f"not a readable Parquet file: {exc}") from exc
    names = schema.names()
    positions = opts.header(path, names)
    source = {f: names[i] for f, i in positions.items()}
    ts_type = schema[source["timestamp"]]
    native = pl.lit(None, _UTC)
    if isinstance(ts_type, pl.Datetime | pl.Date):
        ts = pl.col(source["timestamp"]).cast(
            pl.Datetime("us", getattr(ts_type, "time_zone", None))
        )
        if getattr(ts_type, "time_zone", None) is None:
            ts = placed_in_zone(ts, opts.timezone)
        native = ts.dt.convert_time_zone("UTC").cast(_UTC)
    fields = lf.with_row_index("_line", offset=1).select(
        "_line",
        pl.struct(names).struct.json_encode().alias("_raw"),
        pl.lit(len(names), pl.UInt32).alias("_n"),
        *(
            pl.col(source[f]).cast(pl.String).alias(f"_{f}")
            if f in source
            else pl.lit(None, pl.String).alias(f"_{f}")
            for f in FIELDS
        ),
        native.alias("_ts_native"),
    )
    return fields, len(names)


def _plans(
    records: pl.LazyFrame, width: int, path: Path, opts: HistorianOptions, run_id: str
) -> tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame]:
    """(good readings, quarantine rows, per-file counts) from one file's text fields."""
    tag = pl.col("_tag").str.strip_chars()
    raw_ts = pl.col("_timestamp").str.strip_chars()
    raw_value = pl.col("_value").str.strip_chars()
    raw_quality = pl.col("_quality").str.strip_chars()
    has_quality = raw_quality.is_not_null() & (raw_quality != "")  # empty: not given
    known = pl.lit(True) if opts.unknown_tags == "keep" or not opts.tags else tag.is_in(opts.tags)
    units = {t: (e.get("unit") or None) for t, e in opts.tags.items()}
    quality_key = pl.col("_quality").str.strip_chars().str.to_lowercase().str.replace(r"\.0+$", "")
    number = raw_value.str.replace(",", ".", literal=True) if opts.decimal_comma else raw_value
    # The header again in the middle (two exports concatenated): counted, as the generic
    # connector counts it, not quarantined as a reading whose timestamp is "timestamp".
    named = {field: name for name, field in opts.file_names.items()}
    again = (tag.str.to_lowercase() == named.get("tag", "tag")) & (
        raw_ts.str.to_lowercase() == named.get("timestamp", "timestamp")
    )
    rows = records.with_columns(
        ((pl.col("_raw").str.strip_chars() == "") | again.fill_null(False)).alias("_blank"),
        pl.coalesce(pl.col("_ts_native"), _timestamps(pl.col("_timestamp"), opts)).alias("_ts"),
        number.cast(pl.Float64, strict=False).alias("_v"),
        quality_key.replace_strict(opts.quality, default=None, return_dtype=pl.String).alias("_q"),
        raw_value.str.to_lowercase().is_in(opts.status_values).fill_null(False).alias("_status"),
    )
    value_bad = (
        (raw_value != "")
        & ~pl.col("_status")
        & (pl.col("_v").is_null() | pl.col("_v").is_infinite())
    )
    # the same line at another instant is no copy: a constant tag's reading in both passes of the
    # hour the clocks go back (02:30 CEST and 02:30 CET) is written alike
    repeat = ~pl.struct("_raw", "_ts").is_first_distinct()
    reason = (
        pl.when(repeat)
        .then(pl.lit(DUPLICATE))
        .when(pl.col("_n") != width)
        .then(pl.lit("wrong_field_count"))
        .when((tag == "") | tag.is_null() | (raw_ts == "") | raw_ts.is_null())
        .then(pl.lit("missing_required_field"))
        .when(pl.col("_ts").is_null())
        .then(pl.lit("unparsable_timestamp"))
        .when(value_bad)
        .then(pl.lit("unparsable_value"))
        .when(has_quality & pl.col("_q").is_null())
        .then(pl.lit("unknown_quality"))
        .when(~known)
        .then(pl.lit("unknown_tag"))
    )
    detail = (
        pl.when(repeat)
        .then(pl.lit("exact copy of an earlier line of this file (first copy kept)"))
        .when(pl.col("_n") != width)
        .then(pl.format("{} fields, header has {}", "_n", pl.lit(width)))
        .when((tag == "") | tag.is_null())
        .then(pl.lit("empty tag"))
        .when((raw_ts == "") | raw_ts.is_null())
        .then(pl.lit("empty timestamp"))
        .when(pl.col("_ts").is_null())
        .then(pl.format("timestamp={} (timezone {})", raw_ts, pl.lit(opts.timezone)))
        .when(value_bad)
        .then(pl.format("value={}", raw_value))
        .when(has_quality & pl.col("_q").is_null())
        .then(pl.format("quality={} is not in quality_map", raw_quality))
        .otherwise(pl.format("tag {} is not in the tag dictionary", tag))
    )
    rows = rows.with_columns(reason.alias("_reason"), detail.alias("_detail"))
    data = rows.filter(~pl.col("_blank"))
    good = data.filter(pl.col("_reason").is_null()).select(
        pl.lit(run_id).alias("run_id"),
        tag.alias("tag"),
        pl.col("_ts").alias("timestamp"),
        pl.when(pl.col("_v").is_nan() | pl.col("_status"))
        .then(None)
        .otherwise(pl.col("_v"))
        .alias("value"),
        tag.replace_strict(units, default=None, return_dtype=pl.String).alias("unit"),
        pl.when(pl.col("_status"))
        .then(pl.lit("bad"))
        .otherwise(pl.col("_q").fill_null("good"))
        .alias("quality"),
        pl.when(has_quality & pl.col("_status"))
        .then(pl.concat_str([raw_quality, pl.lit(" ("), raw_value, pl.lit(")")]))
        .when(has_quality)
        .then(raw_quality)
        .when(pl.col("_status"))
        .then(raw_value)
        .alias("source_quality"),
        pl.lit(source_name(path)).alias("source_file"),
        pl.col("_line").cast(pl.Int64).alias("source_line"),
    )
    bad = (
        data.filter(pl.col("_reason").is_not_null())
        .select(
            pl.lit(source_name(path)).alias("source_file"),
            pl.col("_line").cast(pl.Int64).alias("source_line"),
            pl.lit("ingest").alias("stage"),
            pl.col("_reason").alias("reason"),
            pl.col("_detail").alias("detail"),
            pl.col("_raw").alias("raw"),
        )
        .cast(dict(QUARANTINE_SCHEMA))
    )
    counts = records.select(
        pl.len().alias("records"),
        (pl.col("_raw").str.strip_chars() == "").sum().alias("blank_line"),
        again.fill_null(False).sum().alias("repeated_header"),
    )
    return SENSOR_READINGS.conform(good), bad, counts


@register
class HistorianConnector(Connector):
    """Reads historian long-form exports (CSV or Parquet) into sensor_readings."""

    format = "historian_long"

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Check every header first, then stream all files into table and quarantine Parquet."""
        opts = HistorianOptions({k: v for k, v in self.options.items() if k != "encoding"})
        encoding = self.text_encoding()
        goods, bads, counts = [], [], []
        headers = undecodable = 0
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"historian export not found: {path}")
        if copies := file_copies([Path(p) for p in paths]):
            # each file is its own run (run_id: the stem), so a resent copy would double every
            # reading with no duplicate stamp to catch it: refuse the copy as a whole
            copy, first = next(iter(copies.items()))
            detail = f"the same bytes as {first.name}: one export delivered twice"
            raise SourceFormatError(copy, detail, line=1)
        for path in map(Path, paths):
            if path.suffix.lower() in (".parquet", ".pq"):
                records, width = _parquet_records(path, opts)
            else:
                records, width, unreadable = _csv_records(path, opts, encoding)
                headers += 1
                undecodable += len(unreadable)  # quarantined already, not among the records
                bads.append(pl.DataFrame(unreadable, schema=QUARANTINE_SCHEMA, orient="row").lazy())
            good, bad, count = _plans(records, width, path, opts, opts.run_id or path.stem)
            goods.append(good)
            bads.append(bad)
            counts.append(count)
        out_dir.mkdir(parents=True, exist_ok=True)
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        if not goods:
            raise SourceFormatError(out_dir, "no historian export given")
        *_, counted = pl.collect_all(
            [
                pl.concat(goods).sink_parquet(table_path, compression="zstd", lazy=True),
                pl.concat(bads).sink_parquet(quarantine_path, compression="zstd", lazy=True),
                pl.concat(counts).sum(),
            ]
        )
        records, blank, repeated = (int(v) for v in counted.row(0))
        rows_out, rows_bad = parquet_rows(table_path), parquet_rows(quarantine_path)
        ledger = Counter({"reading": rows_out, "quarantined": rows_bad, "blank_line": blank})
        ledger["repeated_header"] = repeated
        ledger["header"] = headers
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=rows_out,
            rows_quarantined=rows_bad,
            input_units=records + headers + undecodable,
            ledger=+ledger,
            unit="line",
        )
