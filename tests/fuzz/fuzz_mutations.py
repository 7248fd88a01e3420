"""Realistic defects of real feeds, applied to a seed file's bytes at a chosen position.

Each mutation takes the file's bytes and a `random.Random` (hypothesis draws it, so failures
shrink and replay) and returns the mutated bytes plus the raw identifier it planted in a line
that must end in quarantine (or None). Planted lines carry bytes no accepted line can hold (a
NUL, or GB18030 / Latin-1 bytes under a UTF-8 spec), so whatever the format, the identifier
may only ever reach the quarantine, never an output table.
"""

from __future__ import annotations

import gzip
import io
import random
import re
import zipfile
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
Files = dict[str, bytes]


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


def ending_repeat(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A line sent again with only its line end changed (\\n <-> \\r\\n: a resend by a tool)."""
    lines = _lines(data)
    if not lines:
        return data, None
    i = _pick(lines, rng)
    body, end = _end(lines[i])
    other = b"\n" if end == b"\r\n" else b"\r\n"
    lines[i] = body + (end or other)
    lines.insert(i + 1, body + other)
    return b"".join(lines), None


def utf16_file(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """The whole file re-encoded as UTF-16 (LE or BE, with or without a BOM), as Excel saves."""
    text = data.decode("utf-8", "replace").replace("\ufffd", "?")
    codec = rng.choice(["utf-16", "utf-16-le", "utf-16-be"])
    return text.encode(codec), None


def cut_multibyte(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """The file cut inside a multi-byte UTF-8 character (or one started at the end when none)."""
    starts = [i for i, b in enumerate(data) if b >= 0xC0]
    if starts:
        i = rng.choice(starts)
        return data[: i + 1], None
    return data + "张".encode()[:2], None


def long_tail_line(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A last line of 1-3 MiB with no newline at all (a log or blob appended without an end)."""
    size = rng.randint(MB, 3 * MB)
    filler = rng.choice([b"x", b"9,", b"ab "])
    return data + (filler * size)[:size], None


def header_repeated(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """The first line (a header) repeated in the middle (two exports concatenated)."""
    lines = _lines(data)
    if len(lines) < 2:
        return data, None
    body, end = _end(lines[0])
    if not end:
        return data, None
    i = _pick(lines, rng)
    if not lines[i - 1].endswith((b"\n", b"\r")):
        return data, None
    lines.insert(i, body + end)
    return b"".join(lines), None


_TOKEN = re.compile(rb'"[^"\\\r\n]{1,40}"|[^,;\t\r\n ":{}\[\]]+')


def _replace_token(
    data: bytes, rng: random.Random, pattern: re.Pattern[bytes], values: list[bytes]
) -> bytes:
    found = list(pattern.finditer(data))
    if not found:
        return data
    m = rng.choice(found)
    value = rng.choice(values)
    if m.group().startswith(b'"') and not value.startswith(b'"'):
        value = b'"' + value + b'"'
    return data[: m.start()] + value + data[m.end() :]


def whitespace_field(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """One field (or JSON string, or token) holding only spaces or a tab."""
    return _replace_token(data, rng, _TOKEN, [b"   ", b" ", b"\t", b'"  "']), None


_DATE_TIME = re.compile(rb"\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d:\d\d)?|\b\d\d:\d\d:\d\d\b")
ABSURD_DATES = [
    b"9999-12-31",
    b"9999-12-31T23:59:59",
    b"1900-01-00",
    b"2023-02-30",
    b"2023-13-01",
    b"2023-01-01T24:00:00",
    b"24:00:00",
    b"23:59:60",
    b"0000-00-00",
]


def absurd_date(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A date or time replaced by an absurd one (year 9999, day 0, Feb 30, 24:00:00...)."""
    return _replace_token(data, rng, _DATE_TIME, ABSURD_DATES), None


_NUMBER = re.compile(rb"(?<![\w.:-])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.:-])")
ABSURD_NUMBERS = [
    b"1e309",
    b"-1e309",
    b"-0",
    b"-0.0",
    b"NaN",
    b"nan",
    b"inf",
    b"-Infinity",
    "１２３".encode(),
    "٣".encode(),
    b"1,5",
    b"99999999999999999999999",
]


def absurd_number(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """A number replaced by 1e309, -0, NaN, inf, full-width or Arabic-Indic digits, a 23-digit..."""
    return _replace_token(data, rng, _NUMBER, ABSURD_NUMBERS), None


def delimiter_switch(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """From a data line on, the comma delimiter becomes ';' or a tab (a feed's locale changed)."""
    lines = _lines(data)
    if len(lines) < 2:
        return data, None
    i = _pick(lines, rng)
    new = rng.choice([b";", b"\t"])
    old = b"," if csv else b" "
    return b"".join(lines[:i] + [line.replace(old, new) for line in lines[i:]]), None


def smart_quotes(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """Windows-1252 smart quotes and dash around a planted mobile number in a data line."""
    text = rng.choice([b"\x93Dr. Li\x94 ", b"\x91ok\x92 \x96 "]) + PLANTED_MOBILE.encode()

    def edit(body: bytes) -> bytes:
        pos = rng.randrange(len(body) + 1)
        return body[:pos] + text + body[pos:]

    return _edit_line(data, rng, edit), PLANTED_MOBILE


def cr_only(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """Every line end a bare CR (classic Mac OS, some lab instruments)."""
    return _EOL.sub(b"\r", data), None


def zip_two_members(data: bytes, rng: random.Random, csv: bool) -> Mutated:
    """The file zipped together with a second member (a copy or a README)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.csv" if csv else "data.txt", data)
        archive.writestr(rng.choice(["README.txt", "copy.csv"]), rng.choice([b"readme\n", data]))
    return buffer.getvalue(), None


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
    "ending_repeat": ending_repeat,
    "utf16": utf16_file,
    "cut_multibyte": cut_multibyte,
    "long_tail_line": long_tail_line,
    "header_repeated": header_repeated,
    "whitespace_field": whitespace_field,
    "absurd_date": absurd_date,
    "absurd_number": absurd_number,
    "delimiter_switch": delimiter_switch,
    "smart_quotes": smart_quotes,
    "cr_only": cr_only,
    "zip_two_members": zip_two_members,
}


def copy_name(name: str, rng: random.Random) -> str:
    """The name a second delivery of `name` gets (a browser's ' (1)', a resend suffix)."""
    stem, dot, suffix = name.partition(".")
    return rng.choice([f"{stem} (1){dot}{suffix}", f"{stem}_resent{dot}{suffix}"])


def twice_under_two_names(files: Files, target: str, rng: random.Random) -> Files:
    """The same file delivered twice, the second time under another name."""
    return {**files, copy_name(target, rng): files[target]}


FILE_MUTATIONS: dict[str, Callable[[Files, str, random.Random], Files]] = {
    "twice_under_two_names": twice_under_two_names,
}
KINDS = sorted([*MUTATIONS, *FILE_MUTATIONS])


def apply(
    kind: str, files: Files, target: str, rng: random.Random, csv: bool
) -> tuple[Files, str | None]:
    """Files with one defect applied to `target` (or to the set of files), and the planted id."""
    if kind in FILE_MUTATIONS:
        return FILE_MUTATIONS[kind](files, target, rng), None
    data, planted = MUTATIONS[kind](files[target], rng, csv)
    return {**files, target: data}, planted
