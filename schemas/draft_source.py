"""For `bohai init`: a bounded sample of a file, the connector that reads it, and its contracts."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from connectors.base import Connector, IngestResult
from connectors.encodings import CONVERT, sniff_bytes
from connectors.fhir_units import is_ndjson
from connectors.registry import connector_class, get_connector, known_formats
from connectors.workbooks import save_as_csv, workbook_kind
from schemas.draft_options import Reading, with_decimal_comma, with_local_times
from schemas.registry import get_schema, known_schemas

SAMPLE_RECORDS = 5000
# A date in a file name (AIS_2023_01_11.csv, log-2026-11-01.nmea, 20230111.csv) makes the
# dataset daily: the URI gets a {date:...} placeholder in its place.
_DATE_IN_NAME = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-_]?)(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?!\d)"
)


class DraftError(ValueError):
    """The file cannot be drafted into a spec (no connector reads it, not found ...)."""


def bounded_sample(path: Path, into: Path, records: int = SAMPLE_RECORDS) -> Path:
    """Copy the first `records` records of a text file (a quoted field may span lines).

    Binary files (e.g. a .zip export) are copied whole: they cannot be cut without reading
    their format; so is a JSON document (a FHIR Bundle written over many lines, not NDJSON):
    cut at a line it would be a truncated bundle of its first few dozen resources, and the
    tables of the resources after them (observations, conditions ...) left out of the draft.
    """
    into.mkdir(parents=True, exist_ok=True)
    target = into / path.name
    with path.open("rb") as src:
        head = src.read(4096)
    document = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") and not is_ndjson(path)
    if b"\x00" in head or path.suffix.lower() == ".zip" or document:
        shutil.copyfile(path, target)
        return target
    quotes, kept = 0, 0
    with path.open("rb") as src, target.open("wb") as dst:
        for line in src:
            dst.write(line)
            quotes += line.count(b'"')
            if quotes % 2 == 0:  # outside a quoted field: this line ends a record
                kept += 1
                if kept > records:  # the header plus `records` records
                    break
    return target


SCAN_LIMIT = 1 << 30  # bytes of the file searched for non-ASCII text past an all-ASCII sample
_WINDOW = 1 << 20  # bytes sniffed from the first non-ASCII line on


def _first_non_ascii(source: Path) -> tuple[int, int, bytes] | None:
    """(line, byte offset, bytes from that line on) of a plain file's first non-ASCII byte."""
    with source.open("rb") as fh:
        if fh.read(4)[:2] in (b"\x1f\x8b", b"PK", b"BZ"):
            return None
        fh.seek(0)
        offset, newlines, tail = 0, 0, b""
        while offset < SCAN_LIMIT and (chunk := fh.read(1 << 20)):
            if not chunk.isascii():
                at = next(i for i, b in enumerate(chunk) if b > 127)
                start = (tail + chunk[:at]).rfind(b"\n") + 1 - len(tail)  # that line's start
                newlines += chunk[: max(start, 0)].count(b"\n")
                fh.seek(offset + start)
                return newlines + 1, offset + at, fh.read(_WINDOW)
            newlines += chunk.count(b"\n")
            offset += len(chunk)
            tail = chunk[-4096:]
    return None


def sniff_encoding(sample: Path, source: Path | None = None) -> tuple[str, str]:
    """The text encoding of a sample (utf-8, gb18030, big5 or latin-1) and why.

    A sample that is all ASCII says nothing: the rest of `source` (a GBK export whose Chinese
    rows come after the first 5,000) is searched for its first non-ASCII line, which decides.
    A UTF-16 file is refused with what to type; compressed or binary samples are left to the
    connectors (utf-8).
    """
    if (kind := workbook_kind(sample)) is not None:
        raise DraftError(save_as_csv((source or sample).name, kind))
    data = sample.read_bytes()
    encoding, why = sniff_bytes(data)
    if encoding == "utf-16":
        name = (source or sample).name
        raise DraftError(
            f"{name} is {why}: Bohai reads UTF-8, GB18030/GBK, Big5 and Latin-1 text; "
            + CONVERT.format(name=name, stem=Path(name).stem)
        )
    # NULs make a sample binary unless it reads as Chinese text (a HIS export that pads some
    # fields with NULs: those lines are quarantined nul_byte, the rest need the encoding).
    binary = b"\x00" in data[:4096] and encoding not in ("gb18030", "big5")
    if binary or data[:2] in (b"\x1f\x8b", b"PK", b"BZ"):
        return "utf-8", "binary or compressed sample: the connector's default"
    if data.isascii() and source is not None and source.stat().st_size > len(data):
        later = _first_non_ascii(source)
        if later is None:
            return "utf-8", "the sample and the rest of the file are ASCII (UTF-8)"
        line, offset, window = later
        cut = window.rfind(b"\n")  # whole lines only: a window may end inside a character
        encoding, why = sniff_bytes(window[: cut if cut > 0 else len(window)])
        why = why.rpartition("; the whole sample ")[2]  # its offsets are the window's
        return encoding, (
            f"the sampled records are all ASCII; the file's first non-ASCII byte (line "
            f"{line:,}, byte offset {offset:,}) and the lines after it: {why}"
        )
    return encoding, "the sample decodes as UTF-8" if why == "decodes as UTF-8" else why


@dataclass(slots=True)
class Detection:
    """Which connector reads the sample, how well, and what every other one managed."""

    format: str
    result: IngestResult
    out_dir: Path
    tried: dict[str, str] = field(default_factory=dict)
    connector: Connector | None = None
    options: dict[str, Any] = field(default_factory=dict)  # source.options the sample needed
    option_notes: tuple[str, ...] = ()  # the evidence for each, one sentence per option

    @property
    def evidence(self) -> str:
        """One sentence: how many units the chosen connector decoded, and the runner-up."""
        r = self.result
        share = r.rows_out / r.input_units if r.input_units else 0.0
        others = [f"{f}: {why}" for f, why in self.tried.items() if f != self.format]
        best_other = others[0] if others else "no other connector"
        return (
            f"{self.format} decoded {r.rows_out:,} rows from {r.input_units:,} sampled "
            f"{r.unit}s ({share:.0%}); next best {best_other}"
        )


SPECIFIC_ENOUGH = 0.5  # a format-specific connector reading this share beats a generic one


def _score(result: IngestResult) -> tuple[float, int]:
    return (result.rows_out / result.input_units if result.input_units else 0.0, result.rows_out)


def _generic(fmt: str) -> bool:
    return bool(getattr(connector_class(fmt), "generic", False))


def _rank(fmt: str, result: IngestResult) -> tuple[bool, float, int]:
    """A format-specific connector that reads most of the sample first, then by rate and rows."""
    rate, rows = _score(result)
    return (not _generic(fmt) and rate >= SPECIFIC_ENOUGH, rate, rows)


def detect_format(
    sample: Path, work: Path, only: str | None = None, encoding: str = "utf-8"
) -> Detection:
    """Read the sample with every registered connector (or `only`) and keep the best reader."""
    formats = [only] if only else known_formats()
    if only and only not in known_formats():
        raise DraftError(f"unknown format {only!r}; known: {', '.join(known_formats())}")
    results: dict[str, tuple[IngestResult, Path]] = {}
    readers: dict[str, Connector] = {}
    tried: dict[str, str] = {}
    options: dict[str, Reading] = {}
    for fmt in formats:
        out = work / f"detect-{fmt}"
        out.mkdir(parents=True, exist_ok=True)
        try:
            readers[fmt] = get_connector(fmt)
            readers[fmt].encoding = encoding
            result = readers[fmt].read([sample], out, declared_date=None)
        except Exception as exc:  # noqa: BLE001 - a connector refusing the file is the answer
            said = str(exc).replace(str(sample), sample.name)  # the user's file, not the copy
            tried[fmt] = f"refused ({type(exc).__name__}: {said[:160]})"
            continue
        if not _generic(fmt) and _score(result)[0] < SPECIFIC_ENOUGH:
            first = Reading(readers[fmt], result, out, {})
            found = with_decimal_comma(fmt, sample, work, encoding, first)
            if found is not first:
                options[fmt] = found
                readers[fmt], result, out = found.connector, found.result, found.out
        results[fmt] = (result, out)
        rate, rows = _score(result)
        tried[fmt] = f"{rows:,} rows from {result.input_units:,} {result.unit}s ({rate:.0%})"
    ranked = sorted(results, key=lambda f: _rank(f, results[f][0]), reverse=True)
    if not ranked or results[ranked[0]][0].rows_out == 0:
        detail = "; ".join(f"{f}: {why}" for f, why in tried.items())
        raise DraftError(
            f"no registered connector reads {sample.name} as {encoding} ({detail}); try --format"
        )
    best = ranked[0]
    order = [best, *ranked[1:], *(f for f in tried if f not in results)]
    tried = {f: tried[f] for f in order}
    if _generic(best):  # the generic reader drafts its own column types and zones
        return Detection(best, results[best][0], results[best][1], tried, readers[best])
    chosen = options.get(best) or Reading(readers[best], *results[best], {})
    chosen = with_local_times(best, sample, work, encoding, chosen)
    return Detection(
        best, chosen.result, chosen.out, tried, chosen.connector, chosen.options, chosen.notes
    )


def match_contract(frame_schema: pl.Schema, table: str) -> str | None:
    """The registered contract whose columns and types are exactly the table's, if any."""
    matches = [name for name in known_schemas() if get_schema(name).polars_schema() == frame_schema]
    if not matches:
        return None
    return next((m for m in matches if m.endswith(table)), matches[0])


def _dated(name: str) -> tuple[str, date] | None:
    """`name` with a {date} placeholder where it holds a date, and that date."""
    found = _DATE_IN_NAME.search(name)
    if not found:
        return None
    sep = found["sep"]
    day = date(int(found["y"]), int(found["m"]), int(found["d"]))
    placeholder = "{date}" if sep == "-" else f"{{date:%Y{sep}%m{sep}%d}}"
    return name[: found.start()] + placeholder + name[found.end() :], day


def daily_uri(path: Path) -> tuple[str, date | None]:
    """The file's URI, with a {date} placeholder where its name holds a date; else, where its
    folder's name does (`ais/2026-11-10/ais_0800.nmea`, a day's rotated logs), every file of
    that kind in the day's folder (`ais/{date}/*.nmea`). A folder holding the file's own day
    (`ais/2023_01_11/AIS_2023_01_11.csv`) gets the placeholder too: kept literal, every other
    day would be looked for in that one day's folder and found missing."""
    named = _dated(path.name)
    folder = _dated(path.parent.name)
    if named is not None:
        if folder is not None and folder[1] == named[1]:
            return str(path.parent.parent / folder[0] / named[0]), named[1]
        return str(path.parent / named[0]), named[1]
    if folder is not None:
        return str(path.parent.parent / folder[0] / f"*{path.suffix}"), folder[1]
    return str(path), None
