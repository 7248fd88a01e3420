"""For `bohai init`: a bounded sample of a file, the connector that reads it, and its contracts."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from connectors.base import Connector, IngestResult
from connectors.registry import connector_class, get_connector, known_formats
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
    their format.
    """
    into.mkdir(parents=True, exist_ok=True)
    target = into / path.name
    with path.open("rb") as src:
        head = src.read(4096)
    if b"\x00" in head or path.suffix.lower() == ".zip":
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


# Real GBK/GB18030 Chinese is almost all GB2312 hanzi: both bytes in 0xA1-0xFE. Latin-1 text read
# as GB18030 pairs each accented letter with the ASCII letter after it ("ü" + "l" in Müller) into a
# rare extension character whose second byte is ASCII, so few of its characters are GB2312-shaped.
GB2312_SHARE = 0.8
# C1 control bytes (0x80-0x9F) are no Latin-1 text: a sample holding them is not read as Latin-1.
_C1 = re.compile(rb"[\x80-\x9f]")


def _gb2312_share(text: str) -> tuple[float, int]:
    """(share of non-ASCII characters that are GB2312-shaped two-byte characters, their count)."""
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 1.0, 0
    shaped = sum(
        1
        for ch in wide
        if len(b := ch.encode("gb18030")) == 2 and min(b) >= 0xA1 and max(b) <= 0xFE
    )
    return shaped / len(wide), len(wide)


def sniff_encoding(sample: Path) -> tuple[str, str]:
    """The text encoding of a sample (utf-8, gb18030 or latin-1) and why.

    GB18030 decodes most Latin-1 text too (a European name list became rare hanzi), so a
    GB18030 reading must look Chinese (GB2312_SHARE); otherwise a sample without C1 control
    bytes is Latin-1. Compressed or binary samples are left to the connectors (utf-8).
    """
    data = sample.read_bytes()
    if b"\x00" in data[:4096] or data[:2] in (b"\x1f\x8b", b"PK", b"BZ"):
        return "utf-8", "binary or compressed sample: the connector's default"
    try:
        data.decode("utf-8")
        return "utf-8", "the sample decodes as UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 (byte {data[exc.start]:#04x} at offset {exc.start:,})"
    try:
        share, wide = _gb2312_share(data.decode("gb18030"))
    except UnicodeDecodeError:
        gb_why = "nor GB18030"
    else:
        if share >= GB2312_SHARE:
            return "gb18030", (
                f"{utf8_error}; the whole sample decodes as GB18030 (GBK's superset), "
                f"{share:.0%} of its {wide:,} characters GB2312 hanzi"
            )
        gb_why = (
            f"as GB18030 only {share:.0%} of its {wide:,} characters are GB2312 hanzi (accented "
            "Latin-1 letters glued to the ASCII letter after them)"
        )
    if not _C1.search(data):
        return "latin-1", f"{utf8_error}, {gb_why}; Latin-1 reads it (no C1 control bytes)"
    return "utf-8", f"{utf8_error}, {gb_why}, nor Latin-1: undecodable lines will be quarantined"


@dataclass(slots=True)
class Detection:
    """Which connector reads the sample, how well, and what every other one managed."""

    format: str
    result: IngestResult
    out_dir: Path
    tried: dict[str, str] = field(default_factory=dict)
    connector: Connector | None = None

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


def _rank(fmt: str, result: IngestResult) -> tuple[bool, float, int]:
    """A format-specific connector that reads most of the sample first, then by rate and rows."""
    generic = bool(getattr(connector_class(fmt), "generic", False))
    rate, rows = _score(result)
    return (not generic and rate >= SPECIFIC_ENOUGH, rate, rows)


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
    for fmt in formats:
        out = work / f"detect-{fmt}"
        out.mkdir(parents=True, exist_ok=True)
        try:
            readers[fmt] = get_connector(fmt)
            readers[fmt].encoding = encoding
            result = readers[fmt].read([sample], out, declared_date=None)
        except Exception as exc:  # noqa: BLE001 - a connector refusing the file is the answer
            tried[fmt] = f"refused ({type(exc).__name__}: {str(exc)[:160]})"
            continue
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
    return Detection(best, results[best][0], results[best][1], tried, readers[best])


def match_contract(frame_schema: pl.Schema, table: str) -> str | None:
    """The registered contract whose columns and types are exactly the table's, if any."""
    matches = [name for name in known_schemas() if get_schema(name).polars_schema() == frame_schema]
    if not matches:
        return None
    return next((m for m in matches if m.endswith(table)), matches[0])


def daily_uri(path: Path) -> tuple[str, date | None]:
    """The file's URI, with a {date} placeholder where its name holds a date."""
    found = _DATE_IN_NAME.search(path.name)
    if not found:
        return str(path), None
    sep = found["sep"]
    day = date(int(found["y"]), int(found["m"]), int(found["d"]))
    placeholder = "{date}" if sep == "-" else f"{{date:%Y{sep}%m{sep}%d}}"
    name = path.name[: found.start()] + placeholder + path.name[found.end() :]
    return str(path.parent / name), day
