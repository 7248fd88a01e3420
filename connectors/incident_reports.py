"""Connector for free-text plant incident and shift reports, one per JSONL line or CSV record.

Options (from the spec's `source.options`):
- `fields`: renames {report_id|report_type|plant|unit|occurred_at|severity|reported_by|title|
  text: key in the file}; `ignore_fields`: further keys or columns to leave out. Any other
  key is quarantined (JSONL) or makes the header a different one (CSV, SourceFormatError).
- `timezone`: zone of naive times (default UTC). Times may be ISO 8601, `2026/11/01 08:30`
  or `2026年11月1日 08:30`.
- `encoding`: text encoding of the files (default utf-8; e.g. gb18030).
Files ending in .csv are CSV; anything else is read as JSON Lines.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult, SourceFormatError
from connectors.registry import register
from schemas.petrochemical import INCIDENT_REPORTS

FIELDS = ("report_id", "report_type", "plant", "unit", "occurred_at", "severity", "reported_by",
          "title", "text")  # fmt: skip
REQUIRED = ("report_id", "report_type", "occurred_at", "text")
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
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _csv_line(values: list[str]) -> str:
    """A record written back as CSV text, for the quarantine."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


class _Reader:
    """State of one read: options, good rows, quarantine rows and the ledger."""

    def __init__(self, options: dict[str, Any]) -> None:
        unknown = set(options) - {"fields", "ignore_fields", "timezone", "encoding"}
        if unknown:
            raise ValueError(f"incident_reports: unknown options {sorted(unknown)}")
        renames = {str(k): str(v) for k, v in (options.get("fields") or {}).items()}
        if set(renames) - set(FIELDS):
            raise ValueError(f"incident_reports: fields may rename only {FIELDS}")
        self.keys = {f: renames.get(f, f) for f in FIELDS}
        self.ignore = {str(k) for k in options.get("ignore_fields") or []}
        self.zone = ZoneInfo(str(options.get("timezone", "UTC")))
        self.encoding = str(options.get("encoding", "utf-8"))
        self.rows: list[dict[str, Any]] = []
        self.bad: list[tuple[str, int, str, str, str, str]] = []
        self.ledger: Counter[str] = Counter()
        self.records = 0

    def record(self, path: Path, line: int, obj: dict[str, Any], raw: str) -> None:
        """Validate one report and keep it, or quarantine it with the reason."""
        try:
            self.rows.append(self._row(obj) | {"source_file": str(path), "source_line": line})
            self.ledger["report"] += 1
        except _BadRecord as err:
            self.reject(path, line, err.reason, err.detail, raw)

    def reject(self, path: Path, line: int, reason: str, detail: str, raw: str) -> None:
        """Quarantine one record."""
        self.bad.append((str(path), line, "ingest", reason, detail, raw))
        self.ledger["quarantined"] += 1

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
        try:
            row["occurred_at"] = parse_time(row["occurred_at"], self.zone)
        except ValueError:
            key = self.keys["occurred_at"]
            raise _BadRecord("unparsable_field", f"{key}={row['occurred_at']!r}") from None
        return row

    def read_jsonl(self, path: Path) -> None:
        """One JSON object per line; blank lines are counted, bad lines quarantined."""
        with path.open("rb") as fh:
            for line, data in enumerate(fh, start=1):
                self.records += 1
                try:
                    text = data.decode(self.encoding).lstrip("\ufeff").rstrip("\r\n")
                except UnicodeDecodeError as err:
                    raw = data.decode(self.encoding, "backslashreplace").rstrip("\r\n")
                    self.reject(path, line, "decode_error", f"not {self.encoding}: {err}", raw)
                    continue
                if not text.strip():
                    self.ledger["blank_line"] += 1
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as err:
                    self.reject(path, line, "invalid_json", str(err), text)
                    continue
                if not isinstance(obj, dict):
                    kind = type(obj).__name__
                    self.reject(path, line, "not_an_object", f"a JSON {kind}, not an object", text)
                    continue
                self.record(path, line, obj, text)

    def read_csv(self, path: Path) -> None:
        """A header naming the layout's columns, then one report per record."""
        try:
            content = path.read_text(encoding=self.encoding).lstrip("\ufeff")
        except UnicodeDecodeError as err:
            raise SourceFormatError(path, f"not {self.encoding} text: {err}") from err
        reader = csv.reader(io.StringIO(content, newline=""))
        header = [h.strip() for h in next(reader, [])]
        if not header:
            raise SourceFormatError(path, "empty file: no CSV header", line=1)
        known = set(self.keys.values())
        unexpected = [h for h in header if h not in known and h not in self.ignore]
        missing = [self.keys[f] for f in REQUIRED if self.keys[f] not in header]
        if unexpected or missing:
            raise SourceFormatError(
                path, f"header {header}: missing {missing}, unexpected {unexpected}", line=1
            )
        line = reader.line_num + 1
        for values in reader:
            self.records += 1
            raw = _csv_line(values)
            if not values:
                self.ledger["blank_line"] += 1
            elif len(values) != len(header):
                detail = f"{len(values)} fields, header has {len(header)}"
                self.reject(path, line, "wrong_field_count", detail, raw)
            else:
                self.record(path, line, dict(zip(header, values, strict=True)), raw)
            line = reader.line_num + 1


@register
class IncidentReportsConnector(Connector):
    """Reads incident and shift reports (JSONL or CSV) into incident_reports."""

    format = "incident_reports"

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Validate every report; write good ones and quarantine the rest with the reason."""
        reader = _Reader(self.options)
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
            input_units=reader.records,
            ledger=reader.ledger,
            unit="record",
        )
