"""Realistic defects of real feeds, applied to a seed file's bytes at a chosen position.

Each mutation takes the file's bytes and a `random.Random` (hypothesis draws it, so failures
shrink and replay) and returns the mutated bytes plus the raw identifier it planted in a line
that must end in quarantine (or None). Planted lines carry bytes no accepted line can hold (a
NUL, or GB18030 / Latin-1 bytes under a UTF-8 spec), so whatever the format, the identifier
may only ever reach the quarantine, never an output table.
"""

from __future__ import annotations

import gzip
import random
import re
import zlib
from collections.abc import Callable

# A Chinese mobile number and a Synthea-style UUID: raw identifiers that must never leak.
PLANTED_MOBILE = "13912345678"
PLANTED_UUID = "5f0c2a9e-1b7d-4e2a-9c3f-7a6b5d4e3f21"
MB = 1 << 20
_EOL = re.compile(rb"\r\n|\r|\n")
_DATE = re.compile(rb"\b(1[89]|20)\d\d-[01]\d-[0-3]\d")
_UNIX = re.compile(rb"\b1[0-9]{9}\b")

Mutated = tuple[bytes, str | None]
Mutation = Callable[[bytes, random.Random, bool], Mutated]


def corrupt_gzip(data: bytes) -> bool:
    """True for a gzip stream that does not decompress whole (a cut or damaged download)."""
    if data[:2] != b"\x1f\x8b":
        return False
    try:
        gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return True
    return False


def physical_lines(data: bytes) -> int | None:
    """Lines as a reader must count them: gzip opened, BOM dropped, \\n, \\r\\n or bare \\r ends.

    None for a damaged gzip stream, whose line count no reader can know.
    """
    if corrupt_gzip(data):
        return None
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    data = data.removeprefix(b"\xef\xbb\xbf")
    if not data:
        return 0
    pieces = _EOL.split(data)
    return len(pieces) - (1 if pieces[-1] == b"" else 0)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _pick(lines: list[bytes], rng: random.Random) -> int:
    """A data line (not the first, which may be a header), when there is one."""
    return rng.randrange(1, len(lines)) if len(lines) > 1 else 0


def _end(line: bytes) -> tuple[bytes, bytes]:
    """(body, line end) of a line kept with its end."""
    body = line.rstrip(b"\r\n")
    return body, line[len(body) :]


def _edit_line(data: bytes, rng: random.Random, edit: Callable[[bytes], bytes]) -> bytes:
    lines = _lines(data) or [b""]
    i = _pick(lines, rng)
    body, end = _end(lines[i])
    lines[i] = edit(body) + end
    return b"".join(lines)


def stray_quote(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """One unclosed double quote somewhere in a data line."""

    def edit(body: bytes) -> bytes:
        if csv and b"," in body:
            cut = [m.end() for m in re.finditer(rb",", body)]
            pos = rng.choice(cut)
        else:
            pos = rng.randrange(len(body) + 1)
        return body[:pos] + b'"' + body[pos:]

    return _edit_line(data, rng, edit), None


def wrong_encoding(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A line that also carries GB18030 or Latin-1 bytes, with a planted mobile number."""
    text = rng.choice(
        [
            f"患者联系电话{PLANTED_MOBILE}".encode("gb18030"),
            f"Müller {PLANTED_MOBILE}".encode("latin-1"),
        ]
    )

    def edit(body: bytes) -> bytes:
        pos = rng.randrange(len(body) + 1)
        return body[:pos] + text + body[pos:]

    return _edit_line(data, rng, edit), PLANTED_MOBILE


def bom(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A UTF-8 byte order mark before the first line."""
    return b"\xef\xbb\xbf" + data, None


def nul_byte(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A NUL byte (binary padding) inside a line that also holds a planted patient id."""

    def edit(body: bytes) -> bytes:
        pos = rng.randrange(len(body) + 1)
        return body[:pos] + b"\x00" + PLANTED_UUID.encode() + body[pos:]

    return _edit_line(data, rng, edit), PLANTED_UUID


def truncate(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """The file cut at a random byte (an interrupted transfer)."""
    return data[: rng.randrange(len(data) + 1)], None


def leading_blank_lines(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """One to three blank (or blank-looking) lines before the first line, as an export may write."""
    blanks = [rng.choice([b"\n", b"\r\n", b"  \n", b"\t\n"]) for _ in range(rng.randint(1, 3))]
    return b"".join(blanks) + data, None


def empty(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A 0-byte file."""
    return b"", None


def gzipped(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """The same content gzip-compressed under the same file name."""
    return gzip.compress(data, mtime=0), None


def gzip_truncated(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A gzip download cut short: the compressed stream ends at a random byte."""
    packed = gzip.compress(data, mtime=0)
    return packed[: rng.randrange(10, max(11, len(packed) - 8))], None


def huge_field(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """1 MiB of text inside one line (a pasted blob in a free-text field)."""

    def edit(body: bytes) -> bytes:
        pos = rng.randrange(len(body) + 1)
        return body[:pos] + b"x" * MB + body[pos:]

    return _edit_line(data, rng, edit), None


def duplicate_line(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """One data line sent twice (a retried write)."""
    lines = _lines(data)
    if not lines:
        return data, None
    i = _pick(lines, rng)
    body, end = _end(lines[i])
    copy = body + (end or b"\n")
    if not end:
        lines[i] = copy
    lines.insert(i + 1, copy)
    return b"".join(lines), None


def quoted_newline(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """CSV: a field legally quoted around a newline; other formats: a line broken in two."""

    def edit(body: bytes) -> bytes:
        fields = body.split(b",")
        if csv and len(fields) > 1:
            j = rng.randrange(len(fields))
            if b'"' not in fields[j]:
                fields[j] = b'"' + fields[j] + b"\nsecond line" + b'"'
                return b",".join(fields)
        pos = rng.randrange(len(body) + 1)
        return body[:pos] + b"\n" + body[pos:]

    return _edit_line(data, rng, edit), None


def year_0001(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A date of year 0001 (a placeholder) where the file has dates, else a unix time of 0001."""
    dates = list(_DATE.finditer(data))
    if dates:
        m = rng.choice(dates)
        return data[: m.start()] + b"0001" + data[m.start() + 4 :], None
    times = list(_UNIX.finditer(data))
    if times:
        m = rng.choice(times)
        return data[: m.start()] + b"-62135596800" + data[m.end() :], None
    return data, None


def byte_edits(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """One to five random byte replacements, insertions or deletions."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        pos = rng.randrange(len(out) + 1)
        kind = rng.randrange(3)
        if kind == 0 and pos < len(out):
            out[pos] = rng.randrange(256)
        elif kind == 1:
            out[pos:pos] = bytes([rng.randrange(256)])
        else:
            del out[pos : pos + rng.randint(1, 4)]
    return bytes(out), None


MUTATIONS: dict[str, Mutation] = {
    "stray_quote": stray_quote,
    "wrong_encoding": wrong_encoding,
    "bom": bom,
    "nul_byte": nul_byte,
    "truncate": truncate,
    "empty": empty,
    "leading_blank_lines": leading_blank_lines,
    "gzip": gzipped,
    "gzip_truncated": gzip_truncated,
    "huge_field": huge_field,
    "duplicate_line": duplicate_line,
    "quoted_newline": quoted_newline,
    "year_0001": year_0001,
    "byte_edits": byte_edits,
}
