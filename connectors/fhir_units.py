"""Input units of FHIR JSON files: bundle entries, NDJSON lines, or one resource per file.

Files are read through `text_lines` (gzip/bz2/zip sniffed by magic bytes, BOM dropped) in the
declared encoding. A bundle's bytes that do not decode are kept as lone surrogates
(surrogateescape), so only the resources that hold them are quarantined `bad_encoding`; an
NDJSON line that does not decode is quarantined on its own. A bundle cut short (a truncated
download) still yields every complete entry before the cut, and the cut-off rest is one
`truncated_json` unit. Nothing here raises on file content but a UTF-16 file, refused whole
with the conversion to make (as `text_lines` refuses it for NDJSON).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.line_problems import describe
from connectors.text_lines import TextLines, codec, open_bytes, refuse_utf16

MAX_RAW = 2_000
TRUNCATED = "truncated_json"
MALFORMED = "malformed_json"
NOT_AN_OBJECT = "unreadable_record"
_BOM = "\ufeff"
_ENTRY = re.compile(r'"entry"\s*:\s*\[')
# Undecodable bytes come back as U+DC80..U+DCFF; other lone surrogates come from JSON escapes
# ("\\ud800") and cannot be written as UTF-8 text either.
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class Unit:
    """One input unit: its index (entry or line), the resource or raw text, and any problem."""

    index: int
    resource: dict[str, Any] | None
    raw: str
    problem: tuple[str, str] | None = None
    blank: bool = False


def is_ndjson(path: Path) -> bool:
    """NDJSON by name: `.ndjson`, also when compressed (`.ndjson.gz`)."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    return ".ndjson" in suffixes


def unescape(text: str, encoding: str) -> str:
    """Text with lone surrogates from undecodable bytes shown as \\xNN escapes (never U+FFFD)."""
    if not _SURROGATE.search(text):
        return text
    try:
        data = text.encode(codec(encoding), "surrogateescape")
        return data.decode(codec(encoding), "backslashreplace")
    except UnicodeError:  # a surrogate from a JSON escape, not from a byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def has_bad_bytes(text: str) -> bool:
    """True when a decoded text still carries bytes the declared encoding could not decode."""
    return _SURROGATE.search(text) is not None


def _object(index: int, value: Any, raw: str, where: str) -> Unit:
    """A unit for one parsed JSON value: a resource object, or a quarantine for anything else."""
    if isinstance(value, dict):
        return Unit(index, value, raw)
    kind = "an array" if isinstance(value, list) else type(value).__name__
    return Unit(index, None, raw[:MAX_RAW], (NOT_AN_OBJECT, f"{where} is {kind}, not an object"))


def ndjson_units(path: Path, encoding: str) -> Iterator[Unit]:
    """One unit per physical line; blank lines are units too (counted, not quarantined)."""
    for line in TextLines(path, encoding):
        if line.text is None:
            detail = describe(line, encoding)
            yield Unit(line.number, None, line.escaped(encoding)[:MAX_RAW], (line.problem, detail))
            continue
        if not line.text.strip():
            yield Unit(line.number, None, "", blank=True)
            continue
        try:
            value = json.loads(line.text)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield Unit(line.number, None, line.text[:MAX_RAW], (MALFORMED, _json_error(exc)))
            continue
        yield _object(line.number, value, line.text, "NDJSON line")


def _json_error(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return f"{type(exc).__name__}: nested too deeply"


def _read_all(path: Path) -> tuple[bytes, str | None]:
    """The file's (decompressed) bytes, and what broke when a compressed stream is damaged."""
    chunks: list[bytes] = []
    with open_bytes(path) as stream:
        read = getattr(stream, "read1", stream.read)  # read1: a cut gzip gives up what it decoded
        try:
            while chunk := read(1 << 20):
                chunks.append(chunk)
        except (EOFError, OSError, zlib.error) as exc:
            return b"".join(chunks), f"compressed stream damaged ({type(exc).__name__}: {exc})"
    return b"".join(chunks), None


def _salvage(text: str, reason: str, why: str = "") -> Iterator[Unit]:
    """Complete entries of a broken bundle, then the unreadable rest as one unit."""
    match = _ENTRY.search(text)
    pos = match.end() if match else len(text)
    index = 0
    while match:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            break
        try:
            entry, pos = _DECODER.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError):
            break
        yield _entry(index, entry)
        index += 1
    rest = text[pos:] if match else text
    if why:
        detail = f"{why}; {index} complete entries before it"
    elif reason == TRUNCATED:
        detail = f"file ends inside the JSON after {index} complete entries"
    else:
        detail = f"not valid JSON after {index} complete entries; the rest is one unit"
    yield Unit(index, None, rest[:MAX_RAW], (reason, detail if match else why or "no entry list"))


def _entry(index: int, entry: Any) -> Unit:
    """A bundle entry's resource, or a quarantine when the entry holds none."""
    resource = entry.get("resource") if isinstance(entry, dict) else None
    raw = json.dumps(entry, ensure_ascii=False)
    if isinstance(resource, dict):
        return Unit(index, resource, raw)
    return Unit(index, None, raw[:MAX_RAW], ("malformed_entry", "entry holds no resource object"))


def document_units(path: Path, encoding: str) -> Iterator[Unit]:
    """Units of a JSON document: bundle entries, array items, or the one resource it is."""
    refuse_utf16(path)  # else one malformed_json unit, 'Expecting value at line 1 column 1'
    data, damage = _read_all(path)
    text = data.decode(codec(encoding), "surrogateescape").removeprefix(_BOM)
    if damage is not None:  # a cut download: the complete entries before the cut still count
        yield from _salvage(text, TRUNCATED, damage)
        return
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        if not text.strip():
            return  # an empty file holds no units; the stage's has_data check reports it
        if not text.lstrip().startswith(("{", "[")):  # not cut JSON: no JSON at all (NULs, text)
            yield Unit(0, None, text[:MAX_RAW], (MALFORMED, f"not JSON: {_json_error(exc)}"))
            return
        # Cut short: the document does not end with the closing brace, or fails right at its end.
        tail = text.rstrip()
        at_end = isinstance(exc, json.JSONDecodeError) and exc.pos >= len(tail) - 1
        ended = at_end or not tail.endswith(("}", "]"))
        if _ENTRY.search(text) or ended:
            yield from _salvage(text, TRUNCATED if ended else MALFORMED)
        else:
            yield Unit(0, None, text[:MAX_RAW], (MALFORMED, _json_error(exc)))
        return
    if isinstance(doc, dict) and doc.get("resourceType") == "Bundle":
        entries = doc.get("entry") or []
        if not isinstance(entries, list):
            yield Unit(0, None, text[:MAX_RAW], ("malformed_entry", "Bundle.entry is no array"))
            return
        for index, entry in enumerate(entries):
            yield _entry(index, entry)
        return
    if isinstance(doc, list):
        for index, item in enumerate(doc):
            yield _object(index, item, json.dumps(item, ensure_ascii=False), "array item")
        return
    yield _object(0, doc, text, "the document")


def file_units(path: Path, encoding: str) -> Iterator[Unit]:
    """Every input unit of one FHIR file, NDJSON or JSON."""
    if is_ndjson(path):
        return ndjson_units(path, encoding)
    return document_units(path, encoding)
