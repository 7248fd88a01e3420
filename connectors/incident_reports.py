"""Connector for free-text plant incident and shift reports, one per JSONL line or CSV record.

Options (from the spec's `source.options`):
- `fields`: renames {report_id|report_type|plant|unit|occurred_at|severity|reported_by|title|
  text: key in the file}; `ignore_fields`: further keys or columns to leave out. Any other
  key is quarantined (JSONL) or makes the header a different one (CSV, SourceFormatError).
- `timezone`: zone of naive times (default UTC). Times may be ISO 8601, `2026/11/01 08:30`
  or `2026年11月1日 08:30`.
- `encoding`: text encoding of the files: an alias of the spec's `source.encoding`, used when
  that is left at utf-8 (e.g. gb18030).
Files ending in .csv are CSV; anything else is read as JSON Lines. Both are read as physical
lines (connectors.text_lines / csv_records): an undecodable line is `bad_encoding` with its
bytes, a stray quote quarantines one line (`runaway_quote`), an exact duplicate record is
`duplicate_record` (first kept), a time outside 1800-2200 is `implausible_date`, and an
unexpected error on one record is `unreadable_record`. The ledger counts physical lines.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

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
    plausible_year,
    source_name,
    unexpected,
)
from connectors.csv_records import CsvRecords
from connectors.dedupe import DUPLICATE, Deduper
from connectors.registry import register
from connectors.text_lines import TextLines
from schemas.petrochemical import INCIDENT_REPORTS

FIELDS = ("report_id", "report_type", "plant", "unit", "occurred_at", "severity", "reported_by",
          "title", "text")  # fmt: skip
REQUIRED = ("report_id", "report_type", "occurred_at", "text")
_MAX_LINES, _MAX_FIELD = 400, 256 * 1024  # a report's text may run to many paragraphs
_ZH_TIME = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(\d{1,2})[:：时](\d{1,2})分?$")


class _BadRecord(ValueError):
    """One record cannot be used: carries the quarantine reason code and detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def parse_time(text: str, zone: ZoneInfo) -> datetime:
    """An aware UTC datetime from ISO 8601, slashed or Chinese date-time text."""
    value = text.strip()
    match = _ZH_TIME.match(value)
    if match:
        y, mo, d, h, mi = (int(g) for g in match.groups())
        moment = datetime(y, mo, d, h, mi)
    else:
        moment = datetime.fromisoformat(value.replace("/", "-"))
    if not plausible_year(moment.year):
        raise _BadRecord(IMPLAUSIBLE_DATE, f"{value!r}: year outside {MIN_YEAR}-{MAX_YEAR}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


class _Reader:
    """State of one read: options, good rows, quarantine rows and the ledger."""

    def __init__(self, options: dict[str, Any], encoding: str = "utf-8") -> None:
        unknown = set(options) - {"fields", "ignore_fields", "timezone", "encoding"}
        if unknown:
            raise ValueError(f"incident_reports: unknown options {sorted(unknown)}")
        renames = {str(k): str(v) for k, v in (options.get("fields") or {}).items()}
        if set(renames) - set(FIELDS):
            raise ValueError(f"incident_reports: fields may rename only {FIELDS}")
        self.keys = {f: renames.get(f, f) for f in FIELDS}
        self.ignore = {str(k) for k in options.get("ignore_fields") or []}
        self.zone = ZoneInfo(str(options.get("timezone", "UTC")))
        self.encoding = encoding
        self.rows: list[dict[str, Any]] = []
        self.bad: list[tuple[str, int, str, str, str, str]] = []
        self.ledger: Counter[str] = Counter()
        self.lines = 0
        self.seen = Deduper()

    def record(self, path: Path, line: int, obj: dict[str, Any], raw: str, span: int = 1) -> None:
        """Validate one report and keep it, or quarantine it with the reason."""
        copy = self.seen.seen(raw, (path.name, line))
        if copy is not None:
            self.reject(path, line, DUPLICATE, copy, raw, span)
            return
        try:
            self.rows.append(
                self._row(obj) | {"source_file": source_name(path), "source_line": line}
            )
            self.ledger["report"] += span
        except _BadRecord as err:
            self.reject(path, line, err.reason, err.detail, raw, span)
        except Exception as exc:  # noqa: BLE001 - one record must not fail the file
            self.reject(path, line, UNREADABLE_RECORD, unexpected(exc), raw, span)

    def reject(
        self, path: Path, line: int, reason: str, detail: str, raw: str, span: int = 1
    ) -> None:
        """Quarantine one record (its `span` physical lines)."""
        self.bad.append((source_name(path), line, "ingest", reason, detail, raw))
        self.ledger["quarantined"] += span

    def _row(self, obj: dict[str, Any]) -> dict[str, Any]:
        known = set(self.keys.values())
        extra = sorted(k for k in obj if k not in known and k not in self.ignore)
        if extra:
            raise _BadRecord("unexpected_field", f"keys not in the report layout: {extra}")
        row: dict[str, Any] = {}
        for name, key in self.keys.items():
            value = obj.get(key)
            if isinstance(value, dict | list | bool):
                raise _BadRecord("unparsable_field", f"{key}: expected text, got {value!r:.60}")
            text = None if value is None else str(value).strip() or None
            row[name] = text
        missing = [self.keys[f] for f in REQUIRED if row[f] is None]
        if missing:
            raise _BadRecord("missing_required_field", f"empty {', '.join(missing)}")
        key = self.keys["occurred_at"]
        try:
            row["occurred_at"] = parse_time(row["occurred_at"], self.zone)
        except _BadRecord as err:
            raise _BadRecord(err.reason, f"{key}={err.detail}") from None
        except (ValueError, OverflowError):
            raise _BadRecord("unparsable_field", f"{key}={row['occurred_at']!r}") from None
        return row

    def read_jsonl(self, path: Path) -> None:
        """One JSON object per physical line; blank lines are counted, bad lines quarantined."""
        lines = TextLines(path, self.encoding)
        for line in lines:
            if line.problem is not None or line.text is None:
                detail = line.detail or f"line is not {self.encoding} text"
                raw = line.escaped(self.encoding)
                self.reject(path, line.number, line.problem or UNREADABLE_RECORD, detail, raw)
                continue
            text = line.text
            if not text.strip():
                self.ledger["blank_line"] += 1
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as err:
                self.reject(path, line.number, "invalid_json", str(err), text)
                continue
            except RecursionError as err:
                self.reject(path, line.number, UNREADABLE_RECORD, unexpected(err), text)
                continue
            if not isinstance(obj, dict):
                kind = type(obj).__name__
                detail = f"a JSON {kind}, not an object"
                self.reject(path, line.number, "not_an_object", detail, text)
                continue
            self.record(path, line.number, obj, text)
        self.lines += lines.count

    def read_csv(self, path: Path) -> None:
        """A header naming the layout's columns, then one report per record."""
        reader = CsvRecords(
            path, self.encoding, max_lines=_MAX_LINES, max_field=_MAX_FIELD,
            blank_before_header=True,
        )  # fmt: skip
        header = reader.read_header()
        if not header or not any(header):
            raise SourceFormatError(path, "empty file: no CSV header", line=1)
        known = set(self.keys.values())
        unexpected_ = [h for h in header if h not in known and h not in self.ignore]
        missing = [self.keys[f] for f in REQUIRED if self.keys[f] not in header]
        if unexpected_ or missing:
            raise SourceFormatError(
                path, f"header {header}: missing {missing}, unexpected {unexpected_}", line=1
            )
        self.ledger["header"] += reader.header_span
        self.ledger["blank_line"] += reader.blank_before
        for record in reader:
            if record.blank:
                self.ledger["blank_line"] += record.span
            elif record.problem is not None or record.fields is None:
                reason = record.problem or UNREADABLE_RECORD
                self.reject(path, record.line, reason, record.detail, record.raw, record.span)
            else:
                obj = dict(zip(header, record.fields, strict=True))
                self.record(path, record.line, obj, record.raw, record.span)
        self.lines += reader.lines.count


@register
class IncidentReportsConnector(Connector):
    """Reads incident and shift reports (JSONL or CSV) into incident_reports."""

    format = "incident_reports"

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Validate every report; write good ones and quarantine the rest with the reason."""
        reader = _Reader(self.options, self.text_encoding())
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"incident report file not found: {path}")
            if path.suffix.lower() == ".csv":
                reader.read_csv(path)
            else:
                reader.read_jsonl(path)
        out_dir.mkdir(parents=True, exist_ok=True)
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        schema = INCIDENT_REPORTS.polars_schema()
        pl.DataFrame(reader.rows, schema=schema).write_parquet(table_path, compression="zstd")
        quarantine = pl.DataFrame(reader.bad, schema=QUARANTINE_SCHEMA, orient="row")
        quarantine.write_parquet(quarantine_path)
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=len(reader.rows),
            rows_quarantined=len(reader.bad),
            input_units=reader.lines,
            ledger=+reader.ledger,
            unit="line",
        )
