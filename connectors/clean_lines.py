"""Which physical lines of a delimited text file polars can read exactly as the careful reader
(connectors.csv_records) would, found by one byte pass with numpy.

A data line is clean when it decodes in the declared encoding (no U+FFFD, no BOM, no NUL), holds
no quote, is no longer than the field limit and has exactly the header's number of delimiters:
the careful reader would split it on the delimiter, and so does polars' CSV reader. With
`quoted`, a line whose quotes are all well formed (each quoted field wholly inside quotes, its
quotes doubled, the header's number of fields) is clean too: the csv module and polars read it
alike (a reader that splits it must let polars unquote: `csv_fast.fast_records(quoted=True)`).
Every other
data line is flagged for the careful reader, which may also take the lines after it (a legal
quoted newline). A bare CR ends a line for `connectors.text_lines` but not for polars, so a file
holding one is `trouble`: it is read line by line as a whole. Lines are numbered and counted as
`TextLines` counts them (the last line needs no line end); line 1 is the header.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from connectors.text_lines import decode_line

CHUNK = 16 << 20
# A field wholly inside quotes, inner quotes doubled (polars' regex syntax).
QUOTED_FIELD = r'"(?:[^"]|"")*"'
_LF, _CR, _QUOTE, _NUL = 10, 13, 34, 0
# ASCII bytes that are not white space to str.strip(): a line with none may be blank.
_SOLID = np.array([b < 128 and not chr(b).isspace() for b in range(256)])


@dataclass(slots=True)
class LineScan:
    """Physical lines of a file, why (if at all) it must be read line by line, the data lines
    the careful reader must read, and where each chunk of the scan starts."""

    lines: int = 0
    trouble: str | None = None
    flagged: list[np.ndarray] = field(default_factory=list)
    index: list[tuple[int, int]] = field(default_factory=list)  # (first line, byte offset)

    def flagged_count(self) -> int:
        """How many data lines are flagged."""
        return sum(len(f) for f in self.flagged)

    def flagged_lines(self) -> np.ndarray:
        """Numbers of the flagged data lines, sorted."""
        return np.concatenate(self.flagged) if self.flagged else np.empty(0, np.int64)


@dataclass(frozen=True, slots=True)
class Chunk:
    """Whole lines of a file: their first number and bytes, where each ends (its LF), and
    whether any CR (always of a CRLF in a scanned file) is among them."""

    first: int
    body: bytes
    ends: np.ndarray
    crlf: bool

    def starts(self) -> np.ndarray:
        """Where each line starts in `body`."""
        starts = np.empty(len(self.ends), np.int64)
        starts[:1] = 0
        starts[1:] = self.ends[:-1] + 1
        return starts

    def stops(self) -> np.ndarray:
        """Where each line's text stops in `body` (before its CR, if any, and LF)."""
        if not self.crlf:
            return self.ends
        arr = np.frombuffer(self.body, np.uint8)
        before = np.maximum(self.ends - 1, 0)
        return self.ends - (arr[before] == _CR)

    def numbers(self) -> np.ndarray:
        """The physical line number of each line."""
        return np.arange(self.first, self.first + len(self.ends), dtype=np.int64)

    def raw(self, k: int) -> bytes:
        """The bytes of line k of the chunk, without its line end."""
        start = int(self.ends[k - 1]) + 1 if k else 0
        text = self.body[start : int(self.ends[k])]
        return text[:-1] if self.crlf and text.endswith(b"\r") else text


def _chunk(first: int, body: bytes) -> Chunk:
    """A chunk of whole LF-ended lines."""
    ends = np.flatnonzero(np.frombuffer(body, np.uint8) == _LF)
    return Chunk(first, body, ends, b"\r" in body)


def _bare_cr(body: bytes) -> bool:
    """Whether a CR in `body` (whole LF-ended lines) does not start a CRLF."""
    arr = np.frombuffer(body, np.uint8)
    after = np.flatnonzero(arr == _CR) + 1
    return bool(len(after)) and (after[-1] == len(arr) or not (arr[after] == _LF).all())


def scan_chunks(path: Path, chunk_bytes: int | None = None) -> Iterator[Chunk]:
    """The file as chunks of whole lines, each ending at an LF (one is added after a last line
    that has none); a CRLF is never cut. Chunks are about `chunk_bytes` (default `CHUNK`)."""
    chunk_bytes = chunk_bytes or CHUNK
    first, carry = 1, b""
    with path.open("rb") as fh:
        while data := fh.read(chunk_bytes):
            cut = data.rfind(b"\n") + 1
            if not cut:
                carry += data
                continue
            body = carry + data[:cut] if carry else data[:cut]
            carry = data[cut:]
            chunk = _chunk(first, body)
            first += len(chunk.ends)
            yield chunk
    if carry:
        yield _chunk(first, carry + b"\n")


def chunks_at(path: Path, index: list[tuple[int, int]], which: list[int]) -> Iterator[Chunk]:
    """The scan's chunks numbered `which` (ascending), read again from their offsets."""
    with path.open("rb") as fh:
        for k in which:
            first, offset = index[k]
            fh.seek(offset)
            size = index[k + 1][1] - offset if k + 1 < len(index) else -1
            body = fh.read(size)
            yield _chunk(first, body if body.endswith(b"\n") else body + b"\n")


def _with_byte(chunk: Chunk, mask: np.ndarray) -> np.ndarray:
    """Indexes of the chunk's lines holding a byte where `mask` is set."""
    return np.unique(np.searchsorted(chunk.ends, np.flatnonzero(mask)))


def _undecodable(chunk: Chunk, arr: np.ndarray, codec: str) -> np.ndarray:
    """Indexes of the chunk's lines `decode_line` marks (bad bytes, U+FFFD) or holding a BOM."""
    if chunk.body.isascii():
        return np.empty(0, np.int64)
    try:
        text = chunk.body.decode(codec)
    except UnicodeDecodeError:
        text = None
    if text is not None and "\ufffd" not in text and "\ufeff" not in text:
        return np.empty(0, np.int64)
    wide = _with_byte(chunk, arr >= 128).tolist()
    bad = []
    for k in wide:
        line = decode_line(chunk.first + k, chunk.raw(k), codec)
        if line.problem is not None or "\ufeff" in (line.text or ""):
            bad.append(k)
    return np.array(bad, np.int64)


def _blank_like(chunk: Chunk, arr: np.ndarray, codec: str) -> np.ndarray:
    """Indexes of the chunk's lines that decode to white space only. The careful reader counts
    them as blank lines; polars would read a record of empty fields when the delimiter is white
    space itself (a tab)."""
    if not len(chunk.ends):
        return np.empty(0, np.int64)
    solid = np.logical_or.reduceat(_SOLID[arr], chunk.starts())  # each span holds its LF
    candidates = np.flatnonzero(~solid)
    blank = [
        k
        for k in candidates.tolist()
        if (text := decode_line(chunk.first + k, chunk.raw(k), codec).text) is not None
        and not text.strip()
    ]
    return np.array(blank, np.int64)


def quoted_line(width: int, delimiter: int) -> str:
    """A regular expression (polars' syntax) of a whole line of `width` fields whose quotes are
    all well formed: each field unquoted without a quote, or wholly quoted with doubled quotes."""
    d = f"\\x{{{delimiter:02X}}}"
    field = f'(?:{QUOTED_FIELD}|[^"{d}]*)'
    return f"^{field}(?:{d}{field}){{{width - 1}}}$"


def _badly_quoted(
    chunk: Chunk, lines: np.ndarray, codec: str, width: int, delimiter: int
) -> np.ndarray:
    """The `lines` (indexes, decodable, no NUL) whose quotes are not all well formed."""
    if not len(lines):
        return lines
    starts, stops = chunk.starts()[lines], chunk.stops()[lines]
    body = chunk.body
    text = b"\n".join(body[a:b] for a, b in zip(starts.tolist(), stops.tolist(), strict=True))
    shaped = pl.Series(text.decode(codec).split("\n")).str.contains(quoted_line(width, delimiter))
    return lines[~shaped.to_numpy()]


def flag_lines(
    chunk: Chunk, width: int, codec: str, max_bytes: int, delimiter: int, quoted: bool = False
) -> np.ndarray:
    """Indexes of the chunk's data lines that are not clean (see the module docstring)."""
    arr = np.frombuffer(chunk.body, np.uint8)
    starts, stops = chunk.starts(), chunk.stops()
    marks = np.flatnonzero((arr == _LF) | (arr == delimiter))
    at_lf = np.flatnonzero(arr[marks] == _LF)
    delimiters = np.diff(at_lf, prepend=-1) - 1
    long = stops - starts > max_bytes
    odd = delimiters != width - 1
    with_quote = _with_byte(chunk, arr == _QUOTE) if b'"' in chunk.body else np.empty(0, np.int64)
    found = []
    if b"\x00" in chunk.body:
        found.append(_with_byte(chunk, arr == _NUL))
    found.append(_undecodable(chunk, arr, codec))
    if chr(delimiter).isspace():
        found.append(_blank_like(chunk, arr, codec))
    if quoted and len(with_quote):  # quoted lines checked by shape, their delimiters uncounted
        odd[with_quote] = False
        damaged = np.concatenate(found + [np.flatnonzero(long)])
        found.append(
            _badly_quoted(chunk, np.setdiff1d(with_quote, damaged), codec, width, delimiter)
        )
    else:
        found.append(with_quote)
    found.append(np.flatnonzero(odd | long))
    flagged = np.unique(np.concatenate(found).astype(np.int64))
    return flagged[chunk.first + flagged >= 2]  # line 1 is the header


def scan_lines(
    path: Path,
    width: int,
    codec: str,
    max_bytes: int,
    delimiter: str = ",",
    chunk_bytes: int | None = None,
    quoted: bool = False,
) -> LineScan:
    """Count the file's physical lines and flag the data lines polars must not read as they
    stand; stops at the first bare CR (`trouble`)."""
    scan = LineScan()
    offset = 0
    for chunk in scan_chunks(path, chunk_bytes):
        if b"\r" in chunk.body and _bare_cr(chunk.body):
            scan.trouble = "a bare CR line end"
            return scan
        scan.index.append((chunk.first, offset))
        offset += len(chunk.body)
        scan.lines += len(chunk.ends)
        flagged = flag_lines(chunk, width, codec, max_bytes, ord(delimiter), quoted)
        if len(flagged):
            scan.flagged.append(chunk.first + flagged)
    return scan


def count_lines(path: Path, chunk_bytes: int | None = None) -> int:
    """Physical lines of a file as `TextLines` counts them (\\n, \\r\\n or a bare \\r end one)."""
    lines = 0
    for chunk in scan_chunks(path, chunk_bytes):
        lines += len(chunk.ends)
        if chunk.crlf:
            arr = np.frombuffer(chunk.body, np.uint8)
            after = np.flatnonzero(arr == _CR) + 1
            lines += int((arr[after] != _LF).sum())  # every chunk ends with an LF
    return lines


def kept_runs(chunk: Chunk, keep: np.ndarray) -> bytes:
    """The bytes of the chunk's kept lines (LF-ended, CRs of CRLFs dropped), in order."""
    if keep.all():
        body = chunk.body
    else:
        starts = chunk.starts()
        edges = np.flatnonzero(np.diff(np.concatenate([[False], keep, [False]]).astype(np.int8)))
        body = b"".join(
            chunk.body[int(starts[a]) : int(chunk.ends[b - 1]) + 1]
            for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True)
        )
    return body.replace(b"\r\n", b"\n") if chunk.crlf else body


__all__ = [
    "CHUNK",
    "QUOTED_FIELD",
    "Chunk",
    "LineScan",
    "chunks_at",
    "count_lines",
    "flag_lines",
    "kept_runs",
    "quoted_line",
    "scan_chunks",
    "scan_lines",
]
