"""Scanning files record by record: JSONL in / JSONL out, CSV / Parquet columns to a summary.

Bad input never stops a batch and is never skipped silently: each JSONL line gets exactly one
output line, carrying either its spans or an "error" that names the line (and id) at fault.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import polars as pl

from privacy.detect.scanner import Scanner
from privacy.detect.spans import Span

log = logging.getLogger(__name__)

BATCH_LINES = 1000
# Texts longer than this are scanned in overlapping windows (bounded memory per call) ...
CHUNK_CHARS = 100_000
CHUNK_OVERLAP = 200
# ... and texts longer than this are refused with an error record instead of stalling a batch.
MAX_TEXT_CHARS = 2_000_000


@dataclass(slots=True)
class _Pending:
    """One JSONL line on its way through the scanner."""

    line: int
    record_id: Any = None
    text: str | None = None
    error: str | None = None
    spans: list[Span] = field(default_factory=list)

    def output(self) -> dict[str, Any]:
        """The output JSON object for this line."""
        out: dict[str, Any] = {"id": self.record_id, "line": self.line}
        if self.error is not None:
            out["error"] = self.error
            out["spans"] = []
        else:
            out["spans"] = [s.to_dict() for s in self.spans]
        return out


@dataclass(slots=True)
class JsonlReport:
    """Counts of what a JSONL scan wrote."""

    lines: int = 0
    errors: int = 0
    spans: int = 0
    entities: Counter[str] = field(default_factory=Counter)


def scan_text_chunked(scanner: Scanner, text: str, lang: str = "auto") -> list[Span]:
    """Scan one long text in overlapping windows and shift spans back to whole-text offsets."""
    if len(text) <= CHUNK_CHARS:
        return scanner.scan([text], lang)[0]
    starts = list(range(0, len(text), CHUNK_CHARS - CHUNK_OVERLAP))
    windows = [text[s : s + CHUNK_CHARS] for s in starts]
    seen: dict[tuple[int, int, str], Span] = {}
    for offset, spans in zip(starts, scanner.scan(windows, lang), strict=True):
        for s in spans:
            key = (s.start + offset, s.end + offset, s.entity_type)
            if key not in seen or seen[key].score < s.score:
                seen[key] = Span(key[0], key[1], s.entity_type, s.score, s.text)
    return sorted(seen.values(), key=lambda s: (s.start, s.end, s.entity_type))


def _parse_line(raw: bytes, line_no: int, text_field: str, id_field: str) -> _Pending:
    """Decode and validate one JSONL line; problems become the record's error."""
    item = _Pending(line_no)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        item.error = f"line {line_no}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at {exc.start})"
        return item
    if not decoded.strip():
        item.error = f"line {line_no}: empty line"
        return item
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        item.error = f"line {line_no}: invalid JSON ({exc.msg} at column {exc.colno})"
        return item
    if not isinstance(record, dict):
        item.error = f"line {line_no}: expected a JSON object, got {type(record).__name__}"
        return item
    item.record_id = record.get(id_field)
    where = f"line {line_no}" + (f" (id {item.record_id!r})" if item.record_id is not None else "")
    if text_field not in record:
        item.error = f"{where}: no field {text_field!r}"
        return item
    text = record[text_field]
    if text is None:
        return item  # a null text has nothing to detect: empty spans, not an error
    if not isinstance(text, str):
        item.error = f"{where}: field {text_field!r} is {type(text).__name__}, not a string"
        return item
    if len(text) > MAX_TEXT_CHARS:
        item.error = f"{where}: text has {len(text)} characters, over the {MAX_TEXT_CHARS} limit"
        return item
    item.text = text
    return item


def _plain_line(raw: bytes, line_no: int) -> _Pending:
    """One line of a plain text file as a record: its id is its line number."""
    item = _Pending(line_no, record_id=line_no)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        item.error = f"line {line_no}: not valid UTF-8 (byte 0x{raw[exc.start]:02x} at {exc.start})"
        return item
    if len(text) > MAX_TEXT_CHARS:
        item.error = (
            f"line {line_no}: text has {len(text)} characters, over the {MAX_TEXT_CHARS} limit"
        )
        return item
    item.text = text
    return item


def _scan_pending(scanner: Scanner, batch: Sequence[_Pending], lang: str) -> None:
    """Fill spans for a batch; if the batch fails, retry record by record and keep going."""
    todo = [p for p in batch if p.text]
    short = [p for p in todo if len(p.text or "") <= CHUNK_CHARS]
    try:
        for p, spans in zip(short, scanner.scan([p.text for p in short], lang), strict=True):
            p.spans = spans
    except Exception:  # noqa: BLE001 - isolate the bad record below
        log.exception("batch scan failed; rescanning record by record")
        for p in short:
            _scan_one(scanner, p, lang)
    for p in todo:
        if len(p.text or "") > CHUNK_CHARS:
            _scan_one(scanner, p, lang)


def _scan_one(scanner: Scanner, item: _Pending, lang: str) -> None:
    """Scan one record, turning an unexpected failure into that record's error."""
    try:
        item.spans = scan_text_chunked(scanner, item.text or "", lang)
    except Exception as exc:  # noqa: BLE001 - reported in the record, not raised
        item.error = f"line {item.line}: scan failed: {type(exc).__name__}: {exc}"


def _batches(stream: IO[bytes], size: int) -> Iterator[list[tuple[int, bytes]]]:
    """(line number, raw bytes without newline) in batches."""
    batch: list[tuple[int, bytes]] = []
    for n, raw in enumerate(stream, start=1):
        batch.append((n, raw.rstrip(b"\r\n")))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _json_line(obj: dict[str, Any]) -> str:
    """Compact JSON line; lone surrogates from the input are written as \\u escapes."""
    line = json.dumps(obj, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(obj, ensure_ascii=True)
    return line + "\n"


def scan_jsonl(
    input_path: Path,
    output_path: Path,
    scanner: Scanner,
    text_field: str = "text",
    id_field: str = "id",
    lang: str = "auto",
    plain: bool = False,
) -> JsonlReport:
    """Write one `{"id", "line", "spans"|"error"}` line per input line; offsets into the text.

    `plain` reads each line of a text file as one text (its id is its line number) instead of
    a JSON object.
    """
    report = JsonlReport()
    with input_path.open("rb") as src, output_path.open("w", encoding="utf-8") as dst:
        for raw_batch in _batches(src, BATCH_LINES):
            batch = [
                _plain_line(raw, n) if plain else _parse_line(raw, n, text_field, id_field)
                for n, raw in raw_batch
            ]
            _scan_pending(scanner, batch, lang)
            for item in batch:
                dst.write(_json_line(item.output()))
                report.lines += 1
                report.errors += item.error is not None
                report.spans += len(item.spans)
                report.entities.update(s.entity_type for s in item.spans)
    return report


@dataclass(slots=True)
class ColumnSummary:
    """Per-column result of a table scan."""

    column: str
    rows: int = 0
    nulls: int = 0
    rows_with_pii: int = 0
    undecodable_rows: list[int] = field(default_factory=list)
    entities: Counter[str] = field(default_factory=Counter)


def read_table(path: Path) -> pl.DataFrame:
    """A CSV (bad UTF-8 bytes replaced by U+FFFD, reported per row) or Parquet file."""
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        return pl.read_parquet(path)
    if suffix in (".csv", ".tsv", ".txt"):
        sep = "\t" if suffix == ".tsv" else ","
        return pl.read_csv(path, separator=sep, encoding="utf8-lossy", infer_schema=False)
    raise ValueError(f"{path}: unsupported table format {suffix!r} (use .csv, .tsv or .parquet)")


def scan_table(
    path: Path, columns: Sequence[str], scanner: Scanner, lang: str = "auto"
) -> list[ColumnSummary]:
    """Counts per entity type for each requested text column of a CSV / Parquet file."""
    frame = read_table(path)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: no column(s) {missing}; columns are {frame.columns}")
    out: list[ColumnSummary] = []
    for column in columns or frame.columns:
        values = frame.get_column(column).cast(pl.String).to_list()
        summary = ColumnSummary(column, rows=len(values), nulls=sum(v is None for v in values))
        summary.undecodable_rows = [i + 1 for i, v in enumerate(values) if v and "\ufffd" in v]
        for spans in scanner.scan(values, lang):
            summary.rows_with_pii += bool(spans)
            summary.entities.update(s.entity_type for s in spans)
        out.append(summary)
    return out
