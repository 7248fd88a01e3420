"""CSV records over physical lines: each record knows its line span, a runaway quote loses nothing.

The reader takes physical lines from `connectors.text_lines` and groups them into records the way
the csv module would, but with limits: a record whose quoted field is still open after
`max_lines` lines or `2 * max_field` characters, or whose multi-line text does not give the
header's field count, or which holds a field longer than `max_field` over several lines, is a
`runaway_quote`: only its FIRST line is reported (quarantined) and reading resumes at the next
physical line, so the good lines a stray quote would have swallowed still come through. A legal
quoted newline inside a short field stays one record spanning its lines. A one-line record
with a field over `max_field` is `oversized_field`; one with another field count than the header
is `wrong_field_count` (with `trailing_empty`, empty fields past the header's width, as a
spreadsheet writes `,,` at line ends, are dropped first); undecodable and NUL lines keep their
reasons from text_lines. No csv
`field larger than field limit` error can happen: the module's limit is raised and the reader
applies its own. A problem line's text is kept whole up to `quarantine_text.RAW_KEEP` characters,
then cut with its length noted (the raw file keeps every byte).
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from connectors.base import SourceFormatError
from connectors.encodings import other_encoding
from connectors.quarantine_text import capped
from connectors.text_lines import Line, TextLines, escape

RUNAWAY = "runaway_quote"
WRONG_FIELDS = "wrong_field_count"
OVERSIZED = "oversized_field"
MAX_LINES = 50
MAX_FIELD = 64 * 1024
_UNCLOSED = "unexpected end of data"

csv.field_size_limit(2**31 - 1)  # the reader enforces its own, per-column-sane limits


@dataclass(frozen=True, slots=True)
class CsvRecord:
    """One CSV record (or problem line): first physical line, lines spanned, fields, raw text."""

    line: int
    span: int
    fields: list[str] | None
    raw: str
    problem: str | None = None
    detail: str = ""

    @property
    def blank(self) -> bool:
        """A line with nothing but whitespace: counted, not read."""
        return self.problem is None and not self.fields


def _parse(texts: list[str], delimiter: str) -> tuple[list[list[str]], bool]:
    """(rows, complete) of lines joined as one CSV text; incomplete = a quote still open."""
    lines = [t + "\n" for t in texts]
    try:
        return list(csv.reader(lines, delimiter=delimiter, strict=True)), True
    except csv.Error as err:
        if _UNCLOSED in str(err):
            return [], False
    rows = list(csv.reader(lines, delimiter=delimiter))  # lenient, as the csv module reads
    return rows, sum(t.count('"') for t in texts) % 2 == 0


def _blank(line: Line) -> bool:
    """Whether a physical line decoded to white space only."""
    return line.problem is None and line.text is not None and not line.text.strip()


class CsvRecords:
    """Read a CSV file's header, then iterate its records; `lines.count` is lines read so far."""

    def __init__(
        self,
        path: Path,
        encoding: str = "utf-8",
        *,
        delimiter: str = ",",
        max_lines: int = MAX_LINES,
        max_field: int = MAX_FIELD,
        member: str | None = None,
        skip_lines: int = 0,
        trailing_empty: bool = False,
        blank_before_header: bool = False,
    ) -> None:
        self.path = Path(path)
        self.encoding = encoding
        self.delimiter = delimiter
        self.max_lines = max_lines
        self.max_field = max_field
        self.lines = TextLines(self.path, encoding, member)
        self.header: list[str] | None = None
        self.header_span = 0
        self.skip_lines = skip_lines  # an export's preamble before the header: counted, not read
        self.preamble = 0
        # blank lines an export wrote before its header: skipped and counted (`blank_before`)
        # when asked, else the header is the first line whatever it holds
        self.blank_before_header = blank_before_header
        self.blank_before = 0
        # empty fields past the header's width (a spreadsheet's `,,` line ends) are dropped
        self.trailing_empty = trailing_empty
        self._source = iter(self.lines)
        self._pending: deque[Line] = deque()

    def _take(self) -> Line | None:
        """The next physical line, re-read ones (after a runaway) first."""
        if self._pending:
            return self._pending.popleft()
        return next(self._source, None)

    def read_header(self) -> list[str] | None:
        """The header fields (stripped) from the first record after `skip_lines`; None for a file
        with no lines there."""
        while self.preamble < self.skip_lines and self._take() is not None:
            self.preamble += 1
        first = self._take()
        while self.blank_before_header and first is not None and _blank(first):
            self.blank_before += 1
            first = self._take()
        if first is None:
            return None
        if first.problem is not None:
            found = other_encoding([first.raw], self.lines.codec)
            if found is not None:  # a day's file re-sent in another encoding than the feed's
                other, why = found
                declared = self.lines.encoding
                raise SourceFormatError(
                    self.path,
                    f"not {declared} text: the header line does not decode as {declared} "
                    f"({why}). Convert this file (iconv -f {other.upper()} -t {declared.upper()}) "
                    f"or, if the whole feed is now {other}, set source.encoding: {other}",
                    first.number,
                )
            raise SourceFormatError(
                self.path,
                f"header line is unreadable ({first.problem}): {first.escaped(self.encoding)}",
                first.number,
            )
        record = self._record(first, width=None)
        if record.problem is not None or record.fields is None:
            raise SourceFormatError(
                self.path, f"header is unreadable: {record.problem}", first.number
            )
        self.header = [f.strip() for f in record.fields]
        self.header_span = record.span
        return self.header

    def __iter__(self) -> Iterator[CsvRecord]:
        """Every record after the header (blank lines and problem lines included)."""
        if self.header is None and self.lines.count == 0:
            self.read_header()
        width = len(self.header) if self.header else None
        while (first := self._take()) is not None:
            yield self._record(first, width)

    def escaped(self, raw: bytes) -> str:
        """Bytes as quarantine text in the declared encoding."""
        return escape(raw, self.encoding)

    def _record(self, first: Line, width: int | None) -> CsvRecord:
        """The record starting at `first`, taking more lines only while a quote is open."""
        if first.problem is not None or first.text is None:
            raw = first.escaped(self.encoding)
            return CsvRecord(first.number, 1, None, raw, first.problem, first.detail)
        text = first.text
        if not text.strip():
            return CsvRecord(first.number, 1, [], text)
        if '"' not in text:
            return self._checked(first.number, 1, text.split(self.delimiter), text, width)
        lines = [first]
        rows, complete = _parse([text], self.delimiter)
        size = len(text)
        while not complete and len(lines) < self.max_lines and size <= 2 * self.max_field:
            nxt = self._take()
            if nxt is None:
                break
            lines.append(nxt)
            if nxt.problem is not None or nxt.text is None:
                break
            size += len(nxt.text) + 1
            rows, complete = _parse([ln.text or "" for ln in lines], self.delimiter)
        if len(lines) == 1:
            if not complete or len(rows) != 1:
                return CsvRecord(first.number, 1, None, capped(text), RUNAWAY, "quote never closed")
            return self._checked(first.number, 1, rows[0], text, width)
        if complete and len(rows) == 1:
            rows = [self._trimmed(rows[0], width)]
        good = (
            complete
            and len(rows) == 1
            and (width is None or len(rows[0]) == width)
            and all(len(f) <= self.max_field for f in rows[0])
        )
        if good:
            raw = "\n".join(ln.text or "" for ln in lines)
            return CsvRecord(first.number, len(lines), rows[0], raw)
        self._pending.extendleft(reversed(lines[1:]))  # resynchronise at the next line
        why = (
            f"quote still open after {len(lines)} lines"
            if not complete
            else f"quoted text over {len(lines)} lines does not give one record of {width} fields"
        )
        return CsvRecord(first.number, 1, None, capped(text), RUNAWAY, f"{why}; next line read on")

    def _trimmed(self, fields: list[str], width: int | None) -> list[str]:
        """The fields without empty ones past `width`, when the reader drops those."""
        if self.trailing_empty and width and len(fields) > width:
            if not any(f.strip() for f in fields[width:]):
                return fields[:width]
        return fields

    def _checked(
        self, line: int, span: int, fields: list[str], raw: str, width: int | None
    ) -> CsvRecord:
        """A one-line record, or why its fields cannot be used as they stand."""
        fields = self._trimmed(fields, width)
        longest = len(raw) if len(raw) <= self.max_field else max(map(len, fields), default=0)
        if longest > self.max_field:
            detail = f"a field of {longest} characters (limit {self.max_field})"
            return CsvRecord(line, span, None, capped(raw), OVERSIZED, detail)
        if width is not None and len(fields) != width:
            detail = f"{len(fields)} fields, header has {width}"
            return CsvRecord(line, span, None, capped(raw), WRONG_FIELDS, detail)
        return CsvRecord(line, span, fields, raw)


__all__ = [
    "MAX_FIELD",
    "MAX_LINES",
    "OVERSIZED",
    "RUNAWAY",
    "WRONG_FIELDS",
    "CsvRecord",
    "CsvRecords",
]


def no_header(reader: CsvRecords) -> str:
    """Why a file has no CSV header, true to its bytes: '0 bytes' only when it has none."""
    if reader.blank_before:
        return f"empty file: no CSV header, only {reader.blank_before} blank line(s)"
    if reader.path.stat().st_size == 0:
        return "empty file (0 bytes): no CSV header"
    return "empty file: no CSV header, no line of text"
