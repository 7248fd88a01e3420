"""Connector for free-text clinical notes (Chinese and English) in JSON Lines or CSV files.

One note per JSON line or CSV record, with fields note_id, patient_id, note_date, language,
note_type and text (spec option `fields` maps other source names onto them). A line that is
not a JSON object, a CSV record with the wrong number of fields, a note without id or text,
an unreadable date or a language other than Chinese or English is quarantined with file,
line and reason; blank lines are counted, not read.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult
from connectors.parquet_chunks import ChunkedParquet
from connectors.registry import register
from schemas.medical import CLINICAL_NOTES

FIELDS = ("note_id", "patient_id", "note_date", "language", "note_type", "text")
# Source names accepted for each field when the spec gives no `fields` mapping.
ALIASES: dict[str, tuple[str, ...]] = {
    "note_id": ("note_id", "id"),
    "patient_id": ("patient_id", "patient"),
    "note_date": ("note_date", "date"),
    "language": ("language", "lang"),
    "note_type": ("note_type", "type"),
    "text": ("text", "note", "note_text"),
}
LANGUAGES = {"zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "chinese": "zh", "中文": "zh",
             "en": "en", "en-us": "en", "en_us": "en", "english": "en", "英文": "en"}  # fmt: skip
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


class NoteProblem(ValueError):
    """One record cannot become a note; args are (reason code, detail)."""


def _date(value: str | None) -> date | None:
    """A note date from 'YYYY-MM-DD[...]' (also / or . separated)."""
    if not value:
        return None
    match = _DATE.match(value.strip())
    if not match:
        raise NoteProblem("unparsable_field", f"note_date={value!r} is not a date")
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise NoteProblem("unparsable_field", f"note_date={value!r}: {exc}") from None


def _language(value: str | None, text: str) -> str:
    """zh or en: as declared (normalized), else detected from Han characters in the text."""
    if value:
        lang = LANGUAGES.get(value.strip().lower())
        if lang is None:
            raise NoteProblem("unsupported_language", f"language={value!r} is not Chinese/English")
        return lang
    return "zh" if _HAN.search(text) else "en"


def note_row(record: dict[str, Any], fields: dict[str, str]) -> tuple[Any, ...]:
    """The contract values of one record (without source columns), or NoteProblem."""
    values = {}
    for name in FIELDS:
        raw = (
            record.get(fields[name])
            if name in fields
            else next((record[a] for a in ALIASES[name] if record.get(a) not in (None, "")), None)
        )
        values[name] = None if raw in (None, "") else str(raw)
    empty = [n for n in ("note_id", "text") if not (values[n] or "").strip()]
    if empty:
        raise NoteProblem("missing_required_field", f"empty {', '.join(empty)}")
    text = values["text"] or ""
    return (
        values["note_id"],
        values["patient_id"],
        _date(values["note_date"]),
        _language(values["language"], text),
        values["note_type"],
        text,
    )


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of every line of a JSON Lines file."""
    with path.open(encoding="utf-8-sig", errors="replace") as fh:
        for line, raw in enumerate(fh, start=1):
            yield line, raw.rstrip("\r\n")


def _csv(path: Path) -> Iterator[tuple[int, list[str], list[str]]]:
    """(first line, fields, header) per CSV record after the header."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip() for h in next(reader, [])]
        end = reader.line_num
        for row in reader:
            start, end = end + 1, reader.line_num
            yield start, row, header


@register
class ClinicalNotesConnector(Connector):
    """Reads clinical notes from .jsonl/.ndjson or .csv files into the clinical_notes table."""

    format = "clinical_notes"
    tables = ("clinical_notes",)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """One note per line/record; every line is counted as a note, blank or quarantined."""
        out_dir.mkdir(parents=True, exist_ok=True)
        fields: dict[str, str] = dict(self.options.get("fields", {}))
        unknown = sorted(set(fields) - set(FIELDS))
        if unknown:
            raise ValueError(f"clinical_notes option fields: unknown {unknown}; known {FIELDS}")
        schema = CLINICAL_NOTES.polars_schema()
        notes = ChunkedParquet(out_dir / ".notes", schema)
        bad = ChunkedParquet(out_dir / ".quarantine", QUARANTINE_SCHEMA)
        ledger: Counter[str] = Counter()
        units = 0
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"clinical notes file not found: {path}")
            for line, raw, record in self._records(path, ledger):
                units += 1
                try:
                    if isinstance(record, NoteProblem):
                        raise record
                    row = note_row(record, fields)
                except NoteProblem as problem:
                    reason, detail = problem.args
                    bad.append((path.name, line, "ingest", reason, detail, raw))
                    ledger["quarantined"] += 1
                    continue
                notes.append((*row, path.name, line))
                ledger["note"] += 1
        table, quarantine = out_dir / "clinical_notes.parquet", out_dir / "quarantine.parquet"
        notes.scan().sink_parquet(table, compression="zstd")
        bad.scan().sink_parquet(quarantine, compression="zstd")
        for folder in (out_dir / ".notes", out_dir / ".quarantine"):
            for part in folder.iterdir():
                part.unlink()
            folder.rmdir()
        return IngestResult(
            table_path=table,
            quarantine_path=quarantine,
            rows_out=ledger["note"],
            rows_quarantined=ledger["quarantined"],
            input_units=units + ledger["blank_line"],
            ledger=+ledger,
            unit="line",
        )

    def _missing_columns(self, header: list[str]) -> list[str]:
        """Required fields (note id, text) that a CSV header cannot provide."""
        fields = self.options.get("fields", {})
        return [
            name
            for name in ("note_id", "text")
            if not {fields.get(name), *ALIASES[name]} & set(header)
        ]

    def _records(
        self, path: Path, ledger: Counter[str]
    ) -> Iterator[tuple[int, str, dict[str, Any] | NoteProblem]]:
        """(line, raw text, record or the problem that stops it) of every non-blank unit."""
        if path.suffix.lower() == ".csv":
            for line, row, header in _csv(path):
                raw = ",".join(row)
                if not any(f.strip() for f in row):
                    ledger["blank_line"] += 1
                elif missing := self._missing_columns(header):
                    detail = f"header {header} has no {' or '.join(missing)} column"
                    yield line, raw, NoteProblem("header_mismatch", detail)
                elif len(row) != len(header):
                    detail = f"{len(row)} fields, header has {len(header)}"
                    yield line, raw, NoteProblem("wrong_column_count", detail)
                else:
                    yield line, raw, dict(zip(header, row, strict=True))
            return
        for line, raw in _lines(path):
            if not raw.strip():
                ledger["blank_line"] += 1
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield line, raw, NoteProblem("malformed_json", f"{exc.msg} at column {exc.colno}")
                continue
            if not isinstance(record, dict):
                yield line, raw, NoteProblem("malformed_json", "line is not a JSON object")
                continue
            yield line, raw, record
