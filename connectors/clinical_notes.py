"""Connector for free-text clinical notes (Chinese and English) in JSON Lines or CSV files.

One note per JSON line or CSV record, with fields note_id, patient_id, note_date, language,
note_type and text (spec option `fields` maps other source names onto them). A line that is
not a JSON object, a CSV record with the wrong number of fields, a note without id or text,
an unreadable date or a language other than Chinese or English is quarantined with file,
line and reason; blank lines are counted, not read. Files are read as physical lines in the
spec's `source.encoding` (connectors.text_lines / csv_records): an undecodable line is
`bad_encoding` with its bytes (never U+FFFD), a stray CSV quote quarantines one line
(`runaway_quote`), an exact duplicate record is `duplicate_record` (first kept), a note date
outside 1800-2200 is `implausible_date`, an unexpected error on one record is
`unreadable_record`. The ledger counts physical lines (header, note lines, quarantined, blank).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

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
    unexpected,
)
from connectors.csv_records import CsvRecords, no_header
from connectors.dedupe import DUPLICATE, Deduper
from connectors.parquet_chunks import ChunkedParquet
from connectors.registry import register
from connectors.text_lines import TextLines
from schemas.medical import CLINICAL_NOTES

FIELDS = ("note_id", "patient_id", "note_date", "language", "note_type", "text")
# Source names accepted for each field when the spec gives no `fields` mapping.
ALIASES: dict[str, tuple[str, ...]] = {
    "note_id": ("note_id", "id"),
    "patient_id": ("patient_id", "patient"),
    "note_date": ("note_date", "date", "visit_date", "encounter_date", "record_date", "就诊日期",
                  "记录日期", "日期"),
    "language": ("language", "lang"),
    "note_type": ("note_type", "type"),
    "text": ("text", "note", "note_text", "病历", "内容"),
}  # fmt: skip
LANGUAGES = {"zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "chinese": "zh", "中文": "zh",
             "en": "en", "en-us": "en", "en_us": "en", "english": "en", "英文": "en"}  # fmt: skip
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")  # not 2023-01-0199
_MAX_LINES, _MAX_FIELD = 1000, 512 * 1024  # a discharge summary may run to many lines


class NoteProblem(ValueError):
    """One record cannot become a note; args are (reason code, detail)."""


def _date(value: str | None) -> date | None:
    """A note date from 'YYYY-MM-DD[...]' (also / or . separated)."""
    if not value:
        return None
    match = _DATE.match(value.strip())
    if not match:
        raise NoteProblem("unparsable_field", f"note_date={value!r} is not a date")
    year, month, day = (int(g) for g in match.groups())
    if not plausible_year(year):
        raise NoteProblem(IMPLAUSIBLE_DATE, f"note_date={value!r}: outside {MIN_YEAR}-{MAX_YEAR}")
    try:
        return date(year, month, day)
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
        seen = Deduper()
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"clinical notes file not found: {path}")
            counter: list[int] = []
            for line, span, raw, record in self._records(path, ledger, counter):
                try:
                    if isinstance(record, NoteProblem):
                        raise record
                    copy = seen.seen(raw, (path.name, line))
                    if copy is not None:
                        raise NoteProblem(DUPLICATE, copy)
                    row = note_row(record, fields)
                except NoteProblem as problem:
                    reason, detail = problem.args
                    bad.append((path.name, line, "ingest", reason, detail, raw))
                    ledger["quarantined"] += span
                    continue
                except Exception as exc:  # noqa: BLE001 - one record must not fail the file
                    bad.append((path.name, line, "ingest", UNREADABLE_RECORD, unexpected(exc), raw))
                    ledger["quarantined"] += span
                    continue
                notes.append((*row, path.name, line))
                ledger["note"] += span
            units += counter[0]
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
            input_units=units,
            ledger=+ledger,
            unit="line",
        )

    def ignored_columns(self, path: Path) -> list[str]:
        """Columns of a CSV file's header that no field reads: dropped unless `fields` maps them."""
        if path.suffix.lower() != ".csv":
            return []
        reader = CsvRecords(path, self.text_encoding(), blank_before_header=True)
        header = reader.read_header() or []
        fields = self.options.get("fields", {})
        read = {fields.get(n) for n in FIELDS} | {a for n in FIELDS for a in ALIASES[n]}
        return [h for h in header if h not in read]

    def _missing_columns(self, header: list[str]) -> list[str]:
        """Required fields (note id, text) that a CSV header cannot provide."""
        fields = self.options.get("fields", {})
        return [
            name
            for name in ("note_id", "text")
            if not {fields.get(name), *ALIASES[name]} & set(header)
        ]

    def _records(
        self, path: Path, ledger: Counter[str], counter: list[int]
    ) -> Iterator[tuple[int, int, str, dict[str, Any] | NoteProblem]]:
        """(line, span, raw text, record or its problem) of every non-blank unit.

        Blank and header lines go to the ledger; `counter` receives the physical lines read.
        """
        encoding = self.text_encoding()
        if path.suffix.lower() == ".csv":
            reader = CsvRecords(
                path, encoding, max_lines=_MAX_LINES, max_field=_MAX_FIELD, blank_before_header=True
            )
            header = reader.read_header()
            ledger["blank_line"] += reader.blank_before
            if header is None:
                raise SourceFormatError(path, no_header(reader), line=1)
            ledger["header"] += reader.header_span
            missing = self._missing_columns(header)
            for record in reader:
                if record.blank:
                    ledger["blank_line"] += record.span
                elif record.problem is not None or record.fields is None:
                    problem = NoteProblem(record.problem or UNREADABLE_RECORD, record.detail)
                    yield record.line, record.span, record.raw, problem
                elif missing:
                    detail = f"header {header} has no {' or '.join(missing)} column"
                    yield (
                        record.line,
                        record.span,
                        record.raw,
                        NoteProblem("header_mismatch", detail),
                    )
                else:
                    fields = dict(zip(header, record.fields, strict=True))
                    yield record.line, record.span, record.raw, fields
            counter.append(reader.lines.count)
            return
        lines = TextLines(path, encoding)
        for line in lines:
            if line.problem is not None or line.text is None:
                detail = line.detail or f"line is not {encoding} text"
                problem = NoteProblem(line.problem or UNREADABLE_RECORD, detail)
                yield line.number, 1, line.escaped(encoding), problem
                continue
            raw = line.text
            if not raw.strip():
                ledger["blank_line"] += 1
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as exc:
                said = exc.msg if exc.msg.endswith(" at") else f"{exc.msg} at"  # "starting at"
                detail = f"{said} column {exc.colno}"
                yield line.number, 1, raw, NoteProblem("malformed_json", detail)
                continue
            except RecursionError as exc:
                yield line.number, 1, raw, NoteProblem(UNREADABLE_RECORD, unexpected(exc))
                continue
            if not isinstance(record, dict):
                yield (
                    line.number,
                    1,
                    raw,
                    NoteProblem("malformed_json", "line is not a JSON object"),
                )
                continue
            yield line.number, 1, raw, record
        counter.append(lines.count)
