"""Connector for NOAA/BOEM MarineCadastre AIS CSV files, streamed by polars into ais_positions.

Two ways in, one typed plan. A byte pre-scan counts the physical lines and, per line (numpy over
8 MiB chunks, on two threads), its commas and length; it also looks for anything polars' CSV
reader would not read exactly: compression, another declared encoding, NUL, a bare CR, bytes
that are not UTF-8, or a quote that does not make plain quoted fields closed on their own line
(a line holding quotes is matched against the RFC 4180 field grammar and its fields counted by
the csv module, so `"HAI XING 0, JR"` stays on the fast path). A clean file takes the fast path:
polars' CSV reader streams it, and the few lines the pre-scan flagged are quarantined by line
number with their exact text (a short or long row is `wrong_field_count`, never padded with
nulls; an over-long line is `oversized_field`); blank lines are counted, not read; quarantined
lines that held quotes get their exact text back. Exact duplicate lines are found before the
read (connectors.line_copies: the pre-scan spills a hash of each bare line to on-disk buckets,
repeats are confirmed on the text) and flagged like the pre-scan's lines (`duplicate_record`,
first kept). The fast read parses each field directly and keeps the rows that parse so; the rest
are spilled and judged by the careful plan (connectors.marinecadastre_plan). Any other file
takes the line-level path (connectors.csv_records): legal quoted newlines, `runaway_quote` for a
stray quote, `bad_encoding` with the raw bytes, duplicates, then the careful plan over spilled
text parts. The ledger counts physical lines: header, lines of kept positions, quarantined
lines, blank lines.
"""

from __future__ import annotations

import codecs
import csv
import shutil
import zipfile
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import BinaryIO

import numpy as np
import polars as pl

from connectors.base import (
    QUARANTINE_SCHEMA,
    UNREADABLE_RECORD,
    WORK_TABLE,
    Connector,
    IngestResult,
    SourceFormatError,
    parquet_rows,
)
from connectors.clean_lines import QUOTED_FIELD
from connectors.csv_records import WRONG_FIELDS, CsvRecords
from connectors.dedupe import DUPLICATE, Deduper
from connectors.line_arrow import series
from connectors.line_copies import LineHashes, bucket_bits, later_copies, read_lines
from connectors.line_gaps import absent_lines
from connectors.marinecadastre_plan import EXTRA as _EXTRA
from connectors.marinecadastre_plan import LINE as _LINE
from connectors.marinecadastre_plan import RAW as _RAW
from connectors.marinecadastre_plan import (
    REQUIRED_COLUMNS,
    TYPED,
    Flag,
    careful_plans,
    direct_rows,
)
from connectors.parquet_chunks import ChunkedParquet
from connectors.quarantine_text import RAW_KEEP, capped_bytes
from connectors.registry import register
from connectors.text_lines import compression, is_compressed, open_bytes
from schemas.ais import AIS_POSITIONS

Spill = Callable[[np.ndarray, np.ndarray, np.ndarray], None]  # (line numbers, hashes, starts)

_WORKERS = 2  # pre-scan threads: the machines this runs on have two cores or more
_MAX_LINE = 8192  # real lines are ~150 bytes; a longer one holds a runaway or giant field
_MAX_RECORD_LINES = 5
_FAST_ENCODINGS = ("utf-8", "utf-8-sig")
_FFFD = "\ufffd".encode()
# A line polars and the csv module read alike: plain fields, or quoted ones closed on the line
# with inner quotes doubled. Anything else (a stray or unclosed quote, a quoted newline) is
# left to the line-level reader. Checked by polars' regex engine, which never backtracks (a
# backtracking form kept a backtrack point per character: a 50 MB quoted field took 6 GB and
# 60 s in Python's re), on all the quoted lines of a chunk at once.
_QUOTED = QUOTED_FIELD
_RECORD = rf'^(?:{_QUOTED}|[^",\r\n]*)(?:,(?:{_QUOTED}|[^",\r\n]*))*$'


def _squashed(name: str) -> str:
    return name.lower().replace("_", "").replace(" ", "")


def _hint(names: list[str]) -> str:
    """What to do with a header that names the columns otherwise (another year's or vendor's
    layout, e.g. `mmsi,base_date_time,longitude,...`): the connector reads MarineCadastre's."""
    known = {_squashed(c): c for c in REQUIRED_COLUMNS}
    alike = [
        f"{n} for {known[_squashed(n)]}"
        for n in names
        if _squashed(n) in known and n not in known.values()
    ]
    said = f" (the header writes {', '.join(alike[:3])})" if alike else ""
    return (
        f"{said}; this connector reads MarineCadastre's own column names: rename the header, "
        "or draft a spec for this layout with `bohai init --from FILE --format delimited_table`"
    )


def read_header(path: Path, encoding: str = "utf-8") -> list[str]:
    """Column names from line 1, checked so a file of another shape fails loudly, not silently."""
    header = CsvRecords(path, encoding).read_header()
    if header is None or not any(header):
        raise SourceFormatError(path, "empty file: no CSV header", line=1)
    names = [n.strip() for n in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        raise SourceFormatError(path, f"missing columns {', '.join(missing)}{_hint(names)}", line=1)
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SourceFormatError(path, f"duplicate columns {', '.join(dupes)}", line=1)
    return names


@dataclass(slots=True)
class Prescan:
    """Physical lines of a file, why (if at all) the fast path cannot read it, and the lines
    it must not take as they stand: flagged (by number) and blank."""

    lines: int
    trouble: str | None
    flagged: dict[int, Flag] = field(default_factory=dict)
    blank: list[int] = field(default_factory=list)
    quoted: list[np.ndarray] = field(default_factory=list)  # lines polars unquotes, by chunk
    index: list[tuple[int, int]] = field(default_factory=list)  # (first line, offset) a chunk

    def quoted_lines(self) -> np.ndarray:
        """Numbers of the lines holding quoted fields (their table text lost the quotes)."""
        return np.concatenate(self.quoted) if self.quoted else np.empty(0, np.int64)

    encoding: str = "utf-8"  # how the (possibly transcoded) file is to be read


def prescan(
    path: Path,
    width: int,
    encoding: str = "utf-8",
    chunk_bytes: int = 8 << 20,  # two threads: less memory traffic than 16 MiB, fewer spills than 4
    spill: Spill | None = None,
) -> Prescan:
    """One pass over the bytes: count lines, flag short/long/over-long/blank lines, and stop at
    the first thing polars' CSV reader would misread; `spill` gets the numbers, hashes and byte
    offsets of the other data lines, for the copy finder.

    This thread reads the chunks, checks their bytes and numbers their lines (a count of LFs);
    `_WORKERS` threads scan the LF-ended bodies at once (numpy and polars let go of the GIL),
    and their results are taken in file order, so flags, spills and the first trouble come out
    as one thread would give them.
    """
    with path.open("rb") as fh:
        head = fh.read(4)
        if compression(head):
            return Prescan(0, f"{compression(head)}-compressed", encoding=encoding)
        if encoding not in _FAST_ENCODINGS:
            return Prescan(0, f"declared {encoding}", encoding=encoding)
        fh.seek(0)
        scan = Prescan(0, None, encoding=encoding)
        in_bytes: list[str] = []  # the first chunk's trouble, after the bodies before it
        with ThreadPoolExecutor(_WORKERS, thread_name_prefix="prescan") as pool:
            pending: deque[Future[_Part]] = deque()
            try:
                for body, first, offset in _bodies(fh, chunk_bytes, in_bytes):
                    pending.append(pool.submit(_scan_part, body, width, first, offset, spill))
                    while len(pending) > _WORKERS or (pending and pending[0].done()):
                        if not _merge(scan, pending.popleft().result(), spill):
                            return scan
                while pending:
                    if not _merge(scan, pending.popleft().result(), spill):
                        return scan
            finally:
                for future in pending:
                    future.cancel()
        scan.trouble = in_bytes[0] if in_bytes else None
    return scan


@dataclass(slots=True)
class _Part:
    """One body's pre-scan, its lines already numbered where they stand in the file."""

    scan: Prescan
    first: int
    offset: int
    spilled: list[tuple[np.ndarray, np.ndarray, np.ndarray]]


def _bodies(fh: BinaryIO, chunk_bytes: int, trouble: list[str]) -> Iterator[tuple[bytes, int, int]]:
    """(LF-ended body, its first line's number, its byte offset) of each chunk read; stops,
    with what it found in `trouble`, at the first chunk holding bytes polars would misread."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    carry, offset, lines, seam = b"", 0, 0, b""
    while chunk := fh.read(chunk_bytes):
        if chunk.endswith(b"\r"):
            chunk += fh.read(1)  # keep a CRLF together
        found = _chunk_trouble(chunk, decoder, seam)
        if found:
            trouble.append(found)
            return
        seam = chunk[-2:] if len(chunk) > 1 else (seam + chunk)[-2:]
        cut = chunk.rfind(b"\n") + 1
        if not cut:
            carry += chunk
            continue
        body = b"".join((carry, memoryview(chunk)[:cut])) if cut < len(chunk) or carry else chunk
        carry = chunk[cut:]
        yield body, lines + 1, offset
        lines += int(np.count_nonzero(np.frombuffer(body, np.uint8) == 10))  # 3x bytes.count
        offset += len(body)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        trouble.append("a cut UTF-8 character at the end")
        return
    if carry:
        yield carry + b"\n", lines + 1, offset


def _scan_part(body: bytes, width: int, first: int, offset: int, spill: Spill | None) -> _Part:
    """Scan one body on a worker thread, holding what it would spill for the merge."""
    part = _Part(Prescan(first - 1, None), first, offset, [])
    keep = None if spill is None else lambda *arrays: part.spilled.append(arrays)
    _scan_lines(body, width, part.scan, keep, offset)
    return part


def _merge(scan: Prescan, part: _Part, spill: Spill | None) -> bool:
    """Add one body's results to the file's, in file order; False at a trouble (stop there)."""
    local = part.scan
    scan.index.append((part.first, part.offset))
    scan.lines = local.lines
    scan.flagged |= local.flagged
    scan.blank.extend(local.blank)
    scan.quoted.extend(local.quoted)
    if local.trouble:
        scan.trouble = local.trouble
        return False
    for arrays in part.spilled:
        spill(*arrays)  # type: ignore[misc]  # spilled only when there is a spill
    return True


def plain_copy(path: Path, encoding: str, folder: Path) -> tuple[Path, str] | None:
    """An uncompressed copy of the file under its own name in `folder` (Latin-1 transcoded to
    UTF-8, which cannot fail), so compressed or Latin-1 feeds still take the fast path; returns
    the copy and the encoding to read it in, or None when the compressed data is damaged."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    latin = encoding == "latin-1"
    try:
        with open_bytes(path) as source, target.open("wb") as out:
            while chunk := source.read(8 << 20):
                out.write(chunk.decode("latin-1").encode("utf-8") if latin else chunk)
    except (EOFError, OSError, zlib.error, zipfile.BadZipFile):
        target.unlink(missing_ok=True)
        return None
    return target, "utf-8" if latin else encoding


def _chunk_trouble(
    chunk: bytes, decoder: codecs.IncrementalDecoder, seam: bytes = b""
) -> str | None:
    """What in this chunk polars' CSV reader would not read exactly (blank lines are fine).

    `seam` is the previous chunk's last two bytes: a U+FFFD cut by the chunk boundary is in
    neither chunk alone. The decoder sees every chunk while it holds the start of a character
    from the previous one, so a cut character followed by ASCII is not completed by a later
    chunk's bytes.
    """
    if b"\x00" in chunk:
        return "a NUL byte"
    if b"\r" in chunk and _bare_cr(chunk):
        return "a bare CR line end"
    if not chunk.isascii() or decoder.getstate()[0]:
        if _FFFD in chunk or _FFFD in seam + chunk[:2]:
            return "U+FFFD (bytes replaced upstream)"
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return "bytes that are not UTF-8"
    return None


def _bare_cr(chunk: bytes) -> bool:
    """Whether a CR in `chunk` is not the start of a CRLF (one numpy pass: counting CRs and
    CRLFs as bytes cost three times as much on a CRLF file)."""
    arr = np.frombuffer(chunk, np.uint8)
    after = np.flatnonzero(arr == 13) + 1
    return bool(len(after)) and (after[-1] == len(arr) or not (arr[after] == 10).all())


def _scan_lines(
    body: bytes, width: int, scan: Prescan, spill: Spill | None, offset: int = 0
) -> None:
    """Count the LF-ended lines of `body` (which starts at byte `offset` of its file); flag
    those polars would not read as they stand.

    One numpy pass finds every LF and comma (so each line's end and comma count); the hashes
    of the lines' texts come from polars over the chunk's own bytes; only flagged and quoted
    lines are looked at one by one. A CRLF is read where it stands (every CR is part of one
    here, a bare CR being trouble): a line's length and text leave it out, so a CRLF file
    costs no copy of its bytes without the CRs (0.9 s of CPU per 5M bench/ais_gen_alt.py rows).
    """
    if not body:
        return
    arr = np.frombuffer(body, np.uint8)
    marks = np.flatnonzero((arr == 10) | (arr == 44))
    at_lf = np.flatnonzero(arr[marks] == 10)
    ends = marks[at_lf]
    commas = np.diff(at_lf, prepend=-1) - 1
    text_ends = ends - _cr_ended(arr, ends)
    lengths = text_ends - _starts(ends)
    texts = spill is not None or b'"' in body  # (a memchr: most files hold no quote)
    pieces = _pieces(body, ends, text_ends) if texts else pl.Series(dtype=pl.Binary)
    first = scan.lines + 1
    scan.lines += len(ends)
    numbers = np.arange(first, first + len(ends))
    quoted = np.empty(0, np.int64)
    if b'"' in body:  # most files hold no quote, so they skip this array pass
        quoted = np.unique(np.searchsorted(ends, np.flatnonzero(arr == 34)))
    if len(quoted):
        fields, bad = quoted_fields(pieces.gather(2 * quoted))
        if bad is not None:
            line = numbers[quoted[bad]]
            scan.trouble = f"a quote that is no closed field on its line (line {line})"
            return
        commas[quoted] = fields - 1
        scan.quoted.append(numbers[quoted])
    data = numbers > 1
    blank = (lengths == 0) & data
    odd = ((commas != width - 1) | (lengths > _MAX_LINE)) & ~blank & data
    scan.blank.extend(numbers[blank].tolist())
    for k in np.flatnonzero(odd).tolist():
        whole = lengths[k] <= RAW_KEEP
        text = (_text if whole else _giant)(body, ends, text_ends, k)
        if commas[k] != width - 1:
            flag = (WRONG_FIELDS, f"{commas[k] + 1} fields, header has {width}", text)
        else:
            flag = ("oversized_field", f"a line of {lengths[k]} bytes (limit {_MAX_LINE})", text)
        scan.flagged[int(numbers[k])] = flag
    if spill is not None:
        taken = data & ~blank & ~odd
        starts = _starts(ends) + offset
        hashes = pieces.hash().to_numpy()[0::2]  # the texts' (a line hashes alike LF or CRLF)
        spill(numbers[taken], hashes[taken], starts[taken])


def _cr_ended(arr: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """1 for each line (ending at LF `ends`) whose LF follows a CR, else 0."""
    before = np.zeros(len(ends), np.int64)
    inner = ends > 0
    before[inner] = arr[ends[inner] - 1] == 13
    return before


def _starts(ends: np.ndarray) -> np.ndarray:
    """Where each line starts, from where each (LF-ended) line ends."""
    starts = np.empty(len(ends), np.int64)
    starts[:1] = 0
    starts[1:] = ends[:-1] + 1
    return starts


def _text(body: bytes, ends: np.ndarray, text_ends: np.ndarray, k: int) -> str:
    """Line k of a chunk whose lines end at `ends`, without its line end (LF or CRLF)."""
    return body[int(ends[k - 1]) + 1 if k else 0 : int(text_ends[k])].decode("utf-8")


def _giant(body: bytes, ends: np.ndarray, text_ends: np.ndarray, k: int) -> str:
    """A giant line's quarantine text: its head and length, without decoding all of it."""
    return capped_bytes(body, int(ends[k - 1]) + 1 if k else 0, int(text_ends[k]))


def quoted_fields(lines: pl.Series) -> tuple[np.ndarray, int | None]:
    """(fields of each line, None) for lines (binary, UTF-8, LF included) that hold quotes,
    or (empty, index of the first) when one is no record of fields closed on its line.

    What matching the grammar and counting fields with the csv module line by line gave
    (tests/connectors/test_marinecadastre.py), at a fraction of its cost (0.8 s of CPU for
    the 75k quoted lines of 5M bench/ais_gen_alt.py rows): the fields are the commas left
    once every quoted field is removed, plus one.
    """
    text = lines.cast(pl.String).str.strip_suffix("\n")
    bad = np.flatnonzero(~text.str.contains(_RECORD).to_numpy())
    if len(bad):
        return np.empty(0, np.int64), int(bad[0])
    commas = text.str.replace_all(_QUOTED, "").str.count_matches(",", literal=True)
    return commas.to_numpy().astype(np.int64) + 1, None


def _pieces(body: bytes, ends: np.ndarray, text_ends: np.ndarray) -> pl.Series:
    """The chunk's line texts (without LF or CRLF) and line ends, alternating, as a binary
    Series on the chunk's own buffer: piece 2k is line k's text."""
    import pyarrow as pa  # here, not at import: a run that reads no CSV does not load it

    offsets = np.empty(2 * len(ends) + 1, np.int64)
    offsets[0] = 0
    offsets[1::2] = text_ends
    offsets[2::2] = ends + 1
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(body)]
    return series(pa.LargeBinaryArray.from_buffers(pa.large_binary(), 2 * len(ends), buffers))


def _scan(path: Path, names: list[str]) -> pl.LazyFrame:
    """Fast path: every field as text (or parsed, for `TYPED`: a value the reader cannot parse
    becomes null, and direct_rows leaves its row to the careful plan), one extra column to
    catch surplus fields, line numbers."""
    schema = {n: TYPED.get(n, pl.String()) for n in names} | {_EXTRA: pl.String()}
    return pl.scan_csv(
        path,
        has_header=False,
        skip_rows=1,
        schema=schema,
        missing_columns="insert",
        truncate_ragged_lines=True,
        encoding="utf8",
        empty_string_is_null=True,
        ignore_errors=True,
    ).with_row_index(_LINE, offset=2)


def _careful_rows(
    path: Path, names: list[str], lines: np.ndarray, index: list[tuple[int, int]], spill: Path
) -> pl.LazyFrame:
    """The given lines of a clean file read as `_scan` reads them, through a spilled CSV of
    just those lines, each led by its number."""
    schema = {_LINE: pl.Int64()} | {n: pl.String() for n in names} | {_EXTRA: pl.String()}
    if len(lines) == 0:
        return pl.LazyFrame(schema=schema)
    with spill.open("w", encoding="utf-8", newline="") as out:
        out.writelines(f"{number},{text}\n" for number, text in read_lines(path, lines, index))
    return pl.scan_csv(
        spill,
        has_header=False,
        schema=schema,
        missing_columns="insert",
        truncate_ragged_lines=True,
        encoding="utf8",
        empty_string_is_null=True,
    )


def _spaced_times(path: Path, names: list[str]) -> bool:
    """Whether line 2 writes BaseDateTime with a space (older years) rather than a T."""
    with path.open("rb") as fh:
        fh.readline()
        line = fh.readline(1 << 16).decode("utf-8", errors="replace")
    fields = next(csv.reader([line]), [])
    at = names.index("BaseDateTime")
    return at < len(fields) and " " in fields[at].strip()


@dataclass(slots=True)
class _Slow:
    """State of the line-level path: shared quarantine spill, duplicates seen, ledger, spans."""

    quarantine: ChunkedParquet
    seen: Deduper = field(default_factory=Deduper)
    ledger: Counter[str] = field(default_factory=Counter)
    spans: dict[tuple[str, int], int] = field(default_factory=dict)


def _spill(
    path: Path, names: list[str], encoding: str, work: Path, slow: _Slow
) -> tuple[pl.LazyFrame, int]:
    """Line-level path: records of one file as text parts (problems quarantined on the way)."""
    reader = CsvRecords(
        path, encoding, max_lines=_MAX_RECORD_LINES, max_field=_MAX_LINE, member=None
    )
    reader.read_header()
    slow.ledger["header"] += reader.header_span
    schema = pl.Schema({_LINE: pl.Int64(), _RAW: pl.String()} | {n: pl.String() for n in names})
    parts = ChunkedParquet(work / f"{len(list(work.iterdir())):04d}", schema)
    for record in reader:
        if record.blank:
            slow.ledger["blank_line"] += record.span
            continue
        reason, detail = record.problem, record.detail
        if reason is None and record.fields is None:
            reason = UNREADABLE_RECORD
        elif reason is None:
            copy = slow.seen.seen(record.raw, (path.name, record.line))
            reason, detail = (DUPLICATE, copy) if copy else (None, "")
        if reason is not None:
            slow.quarantine.append((path.name, record.line, "ingest", reason, detail, record.raw))
            slow.ledger["quarantined"] += record.span
            continue
        fields = record.fields or []
        if record.span > 1:
            slow.spans[(path.name, record.line)] = record.span
        parts.append((record.line, record.raw, *fields))
    return parts.scan(), reader.lines.count


@register
class MarineCadastreConnector(Connector):
    """Reads MarineCadastre CSVs with one streaming plan that sinks good and bad rows together."""

    format = "marinecadastre_csv"

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Check every header, pre-scan the bytes, then stream all files (fast path if clean)."""
        encoding = self.text_encoding()
        out_dir.mkdir(parents=True, exist_ok=True)
        plain = out_dir / ".mc_plain"
        try:
            ready = [self._ready(Path(path), encoding, plain) for path in paths]
            bits = bucket_bits(sum(path.stat().st_size for path, _, _ in ready))
            copies = LineHashes(out_dir / ".mc_hashes", bits)
            try:
                files = [
                    (path, names, prescan(path, len(names), enc, spill=partial(copies.add, i)))
                    for i, (path, names, enc) in enumerate(ready)
                ]
                if files and all(scan.trouble is None for _, _, scan in files):
                    _flag_copies(files, copies)
                    return self._fast(files, out_dir)
            finally:
                copies.close()
            return self._slow(files, out_dir)
        finally:
            shutil.rmtree(plain, ignore_errors=True)

    @staticmethod
    def _ready(path: Path, encoding: str, plain: Path) -> tuple[Path, list[str], str]:
        """(file to read, its columns, its encoding): the header checked, and a compressed or
        Latin-1 file replaced by a plain UTF-8 copy when it can be made."""
        if not path.is_file():
            raise FileNotFoundError(f"MarineCadastre CSV not found: {path}")
        names = read_header(path, encoding)
        if is_compressed(path) or encoding == "latin-1":
            copy = plain_copy(path, encoding, plain)
            if copy is not None:  # else damaged: the line-level path reads what it can
                return copy[0], names, copy[1]
        return path, names, encoding

    def _fast(self, files: list[tuple[Path, list[str], Prescan]], out_dir: Path) -> IngestResult:
        """Clean files (exact copies already flagged): polars' CSV reader end to end.

        One pass parses every row directly and sinks the kept ones; the lines it left out
        are read again and judged by the careful plan, its kept rows merged in by line.
        """
        work = out_dir / ".mc_careful"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        easies = []
        for path, names, scan in files:
            rows = _scan(path, names)
            if scan.blank or scan.flagged:
                rows = rows.filter(~pl.col(_LINE).is_in(sorted([*scan.blank, *scan.flagged])))
            easies.append(direct_rows(rows, names, path.name, _spaced_times(path, names)))
        pl.concat(easies).sink_parquet(table_path, **WORK_TABLE)
        set_aside = [np.array(sorted([1, *s.blank, *s.flagged]), np.int64) for _, _, s in files]
        absent = absent_lines(
            table_path, [p.name for p, _, _ in files], [s.lines for _, _, s in files], set_aside
        )
        goods, bads = [], []
        for index, ((path, names, scan), lines) in enumerate(zip(files, absent, strict=True)):
            rows = _careful_rows(path, names, lines, scan.index, work / f"{index}.csv")
            good, bad = careful_plans(rows, names, path.name)
            goods.append(good)
            bads.append(bad)
            if scan.flagged:  # quarantined as they are; put in line order by _in_line_order
                flagged = [(path.name, n, "ingest", *why) for n, why in scan.flagged.items()]
                bads.append(pl.LazyFrame(flagged, schema=QUARANTINE_SCHEMA, orient="row"))
        kept = work / "kept.parquet"
        pl.collect_all(
            [
                pl.concat(bads).sink_parquet(quarantine_path, compression="lz4", lazy=True),
                pl.concat(goods).sink_parquet(kept, lazy=True),
            ]
        )
        _merge_kept(table_path, kept, files)
        shutil.rmtree(work)
        _quoted_raw(quarantine_path, files)
        _in_line_order(quarantine_path, files)
        rows_out, rows_bad = parquet_rows(table_path), parquet_rows(quarantine_path)
        ledger = Counter(
            {
                "header": len(files),
                "position": rows_out,
                "quarantined": rows_bad,
                "blank_line": sum(len(scan.blank) for _, _, scan in files),
            }
        )
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=rows_out,
            rows_quarantined=rows_bad,
            input_units=sum(scan.lines for _, _, scan in files),
            ledger=+ledger,
            unit="line",
        )

    def _slow(self, files: list[tuple[Path, list[str], Prescan]], out_dir: Path) -> IngestResult:
        """Line-level path for files with quotes, odd bytes, compression or duplicates."""
        work = out_dir / ".mc_parts"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        slow = _Slow(ChunkedParquet(work / "quarantine", QUARANTINE_SCHEMA))
        goods: list[pl.LazyFrame] = []
        bads: list[pl.LazyFrame] = []
        lines = 0
        for path, names, scan in files:
            rows, count = _spill(path, names, scan.encoding, work, slow)
            lines += count
            good, bad = careful_plans(rows, names, path.name)
            goods.append(good)
            bads.append(bad)
        table_path, quarantine_path = out_dir / "table.parquet", out_dir / "quarantine.parquet"
        spilled = slow.quarantine.scan()
        plans = [
            pl.concat([*bads, spilled]).sink_parquet(quarantine_path, compression="lz4", lazy=True)
        ]
        if goods:
            plans.append(pl.concat(goods).sink_parquet(table_path, lazy=True, **WORK_TABLE))
        else:
            AIS_POSITIONS.empty().write_parquet(table_path, compression="zstd")
        pl.collect_all(plans)
        rows_out, rows_bad = parquet_rows(table_path), parquet_rows(quarantine_path)
        ledger = slow.ledger + Counter(
            {"position": rows_out, "quarantined": rows_bad - slow.quarantine.rows}
        )
        _settle_spans(table_path, quarantine_path, slow.spans, ledger)
        shutil.rmtree(work)
        return IngestResult(
            table_path=table_path,
            quarantine_path=quarantine_path,
            rows_out=rows_out,
            rows_quarantined=rows_bad,
            input_units=lines,
            ledger=+ledger,
            unit="line",
        )


def _flag_copies(files: list[tuple[Path, list[str], Prescan]], copies: LineHashes) -> None:
    """Flag every later exact copy of a line (first kept, across files) before parsing.

    As on the line-level path, a copy is `duplicate_record` whatever its fields hold; lines
    the pre-scan already flagged (wrong field count, over-long) keep their own reason.
    """
    names = [path.name for path, _, _ in files]
    for index, line, text, kept_file, kept_line in later_copies([p for p, _, _ in files], copies):
        detail = f"exact copy of {names[kept_file]} line {kept_line} (first copy kept)"
        files[index][2].flagged[line] = (DUPLICATE, detail, text)


def _merge_kept(table: Path, kept: Path, files: list[tuple[Path, list[str], Prescan]]) -> None:
    """Put the rows the careful plan kept into the table at their lines (both in line order).

    Usually there are none (their rows were bad), and the table is not rewritten.
    """
    if parquet_rows(kept) == 0:
        return
    order = {path.name: index for index, (path, _, _) in enumerate(files)}
    key = (
        pl.col("source_file").replace_strict(order, return_dtype=pl.Int64) * (1 << 40)
        + pl.col(_LINE)
    ).alias("_k")
    merged = table.with_suffix(".merged.parquet")
    (
        pl.scan_parquet(table)
        .with_columns(key)
        .merge_sorted(pl.scan_parquet(kept).with_columns(key), key="_k")
        .drop("_k")
        .sink_parquet(merged, **WORK_TABLE)
    )
    merged.replace(table)


def _in_line_order(quarantine: Path, files: list[tuple[Path, list[str], Prescan]]) -> None:
    """Sort the (small) quarantine by file, then line: flagged lines were appended per file.

    Sorting inside the streaming plan, beside the table's sink, held far more memory.
    """
    if not any(scan.flagged for _, _, scan in files):
        return
    order = pl.DataFrame({"source_file": [p.name for p, _, _ in files], "_f": range(len(files))})
    bad = pl.read_parquet(quarantine).join(order, on="source_file", how="left")
    bad.sort("_f", _LINE).drop("_f").write_parquet(quarantine, compression="lz4")


def _quoted_raw(quarantine: Path, files: list[tuple[Path, list[str], Prescan]]) -> None:
    """Give quarantined lines that held quoted fields their exact text back.

    The fast plan's raw text is the fields joined by commas, which is the line itself except
    where polars removed quotes; those few rows are read back from the file.
    """
    if not any(scan.quoted for _, _, scan in files):
        return
    bad = pl.read_parquet(quarantine)
    fixes: list[tuple[str, int, str]] = []
    for path, _, scan in files:
        lines = bad.filter(pl.col("source_file") == path.name)[_LINE].to_numpy()
        wanted = set(lines[np.isin(lines, scan.quoted_lines())].tolist()) - set(scan.flagged)
        texts = read_lines(path, np.array(sorted(wanted)), scan.index)
        fixes += [(path.name, n, t) for n, t in texts]
    if fixes:
        exact = pl.DataFrame(fixes, schema=["source_file", _LINE, "raw"], orient="row")
        bad.update(exact, on=["source_file", _LINE]).write_parquet(quarantine, compression="lz4")


def _settle_spans(
    table: Path, quarantine: Path, spans: dict[tuple[str, int], int], ledger: Counter[str]
) -> None:
    """Add the extra lines of multi-line records to the bucket they ended in."""
    if not spans:
        return
    keys = pl.LazyFrame(
        [(f, ln, n - 1) for (f, ln), n in spans.items()],
        schema={"source_file": pl.String, "source_line": pl.Int64, "_extra": pl.Int64},
        orient="row",
    )
    for bucket, path in (("position", table), ("quarantined", quarantine)):
        extra = (
            pl.scan_parquet(path)
            .select("source_file", "source_line")
            .join(keys, on=["source_file", "source_line"])
            .select(pl.col("_extra").sum())
            .collect()
            .item()
        )
        ledger[bucket] += int(extra or 0)
