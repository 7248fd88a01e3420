"""The one way connectors read a raw text file: physical lines, never a silently changed byte.

A file is sniffed for compression by its magic bytes (gzip, bz2, a zip with one member) and
decompressed whatever its name says (zstd, xz, 7z and RAR are refused saying how to unpack
them); a leading UTF-8 BOM is dropped; lines end at \\n, \\r\\n or a bare \\r (CR-only files
exist). Each physical line is decoded on its own in the declared encoding: a line that does not
decode is yielded with `problem="bad_encoding"` and its raw bytes, never with U+FFFD in place of
them; a line holding a NUL byte is yielded with `problem="nul_byte"` (NUL is valid in every
accepted encoding, so it gets its own reason: it marks binary or truncated-and-padded data, not
a wrong encoding). A line that decodes but already holds U+FFFD (an earlier tool replaced its
bytes) is `bad_encoding` too, and escapes show it as \\ufffd, so no replacement character
reaches a table. Line numbers are 1-based physical lines, and `TextLines.count` is the number of
lines read, so a connector's ledger can prove lines in = lines in records out + lines
quarantined + lines in counted buckets. The first non-ASCII lines are kept (`TextLines.wide`) so
a connector can tell a file in another encoding (one that does not decode, or decodes as rare
characters) from a few damaged lines; a UTF-16 file is refused as a whole, saying how to
convert it.
"""

from __future__ import annotations

import bz2
import gzip
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from connectors.base import TEXT_ENCODINGS, SourceFormatError
from connectors.encodings import CONVERT, utf16
from connectors.workbooks import save_as_csv, workbook_kind

ENCODINGS = TEXT_ENCODINGS
BAD_ENCODING = "bad_encoding"
NUL_BYTE = "nul_byte"
CORRUPT = "corrupt_compression"  # a cut or damaged gzip/bz2 stream: its unreadable tail
_BOM = b"\xef\xbb\xbf"
_EOL = re.compile(rb"\r\n|\r|\n")
_CHUNK = 1 << 20
_CODECS = {"utf-8-sig": "utf-8", "utf8": "utf-8", "latin1": "latin-1", "iso-8859-1": "latin-1"}
KEEP_WIDE = 200  # non-ASCII lines a TextLines keeps for the file-level encoding verdict


def codec(encoding: str) -> str:
    """The Python codec used per line for a declared encoding (BOMs are handled once per file)."""
    name = encoding.strip().lower().replace("_", "-")
    name = _CODECS.get(name, name)
    if name not in ENCODINGS:
        raise ValueError(f"unsupported encoding {encoding!r}; accepted: {', '.join(ENCODINGS)}")
    return name


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line: its number, its text (None when unreadable), its bytes, its problem."""

    number: int
    text: str | None
    raw: bytes
    problem: str | None = None
    detail: str = ""

    def escaped(self, encoding: str = "utf-8") -> str:
        """The line as quarantine text: undecodable bytes and NULs as \\xNN escapes."""
        if self.text is not None and self.problem is None:
            return self.text
        return escape(self.raw, encoding)


def escape(raw: bytes, encoding: str = "utf-8") -> str:
    """Bytes as text that round-trips: what decodes stays, other bytes and NUL become \\xNN."""
    text = raw.decode(codec(encoding), "backslashreplace")
    return text.replace("\x00", "\\x00").replace("\ufffd", "\\ufffd")


def compression(head: bytes) -> str | None:
    """gzip, bz2 or zip from a file's first bytes; None for plain data."""
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    if head[:3] == b"BZh":
        return "bz2"
    if head[:4] == b"PK\x03\x04":
        return "zip"
    return None


# Compressions Python's standard library cannot stream here: refused with the command that
# unpacks them (MarineCadastre publishes its 2024+ days as .csv.zst), not read as binary lines.
_UNPACKERS = (
    (b"\x28\xb5\x2f\xfd", "zstd", "zstd -d {name}"),
    (b"\xfd7zXZ\x00", "xz", "xz -dk {name}"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip", "7z x {name}"),
    (b"Rar!\x1a\x07", "RAR", "unrar x {name}"),
)


def unsupported_packing(path: Path) -> str | None:
    """One line saying how to unpack a file whose compression is not read, else None."""
    with Path(path).open("rb") as fh:
        head = fh.read(8)
    for magic, kind, command in _UNPACKERS:
        if head.startswith(magic):
            name = Path(path).name
            return (
                f"{name} is {kind}-compressed, which Bohai does not read: unpack it "
                f"(`{command.format(name=name)}`) or recompress it as gzip, and point Bohai at "
                "that file"
            )
    return None


@contextmanager
def open_bytes(path: Path, member: str | None = None) -> Iterator[BinaryIO]:
    """The file's content as a byte stream, decompressed when its magic bytes say so.

    `member` names one file inside a zip archive (a Synthea export of many CSVs).
    """
    path = Path(path)
    if member is not None:
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            yield stream
        return
    with path.open("rb") as fh:
        kind = compression(fh.read(4))
    if kind == "gzip":
        with gzip.open(path, "rb") as stream:
            yield stream  # type: ignore[misc]
    elif kind == "bz2":
        with bz2.open(path, "rb") as stream:
            yield stream  # type: ignore[misc]
    elif kind == "zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise SourceFormatError(path, f"a damaged zip file: {exc}") from None
        with archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                kind = workbook_kind(path)
                many = f"a zip with {len(members)} files; expected exactly one text file"
                raise SourceFormatError(path, save_as_csv(path.name, kind) if kind else many)
            with archive.open(members[0]) as stream:
                yield stream
    else:
        if (kind := workbook_kind(path)) is not None:  # an .xls: binary, no line is text
            raise SourceFormatError(path, save_as_csv(path.name, kind))
        if (packed := unsupported_packing(path)) is not None:
            raise SourceFormatError(path, packed)
        with path.open("rb") as stream:
            yield stream


def split_lines(stream: BinaryIO, chunk: int = _CHUNK) -> Iterator[bytes]:
    """Physical lines of a byte stream without their terminators (\\n, \\r\\n or bare \\r)."""
    read = getattr(stream, "read1", stream.read)  # read1: a cut gzip gives up what it decoded
    head = b""
    while len(head) < len(_BOM) and (more := read(len(_BOM) - len(head))):
        head += more
    carry, pending_cr = head.removeprefix(_BOM), False
    held: list[bytes] = []  # chunks of one long line, joined once its end comes (not per chunk)
    while data := read(chunk):
        if pending_cr and data[:1] == b"\n":
            data = data[1:]  # the \n of a \r\n split across two chunks
        if b"\n" not in data and b"\r" not in data:
            held.append(data)
            pending_cr = False
            continue
        if held:
            carry, held = carry + b"".join(held), []
        data = carry + data
        pending_cr = data.endswith(b"\r")
        parts = _EOL.split(data)
        carry = parts.pop()
        yield from parts
    if held:
        carry += b"".join(held)
    parts = _EOL.split(carry)  # carry is unsplit only when the stream was shorter than a BOM
    last = parts.pop()
    yield from parts
    if last:
        yield last


def decode_line(number: int, raw: bytes, name: str) -> Line:
    """Decode one physical line, or mark why it cannot be."""
    if b"\x00" in raw:
        at = raw.index(b"\x00") + 1
        detail = f"NUL byte at byte {at} (binary or padded data)"
        return Line(number, None, raw, NUL_BYTE, detail)
    try:
        text = raw.decode(name)
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.end].hex(" ")
        detail = (
            f"not {name} text: byte(s) {bad} at byte {exc.start + 1}; if the whole feed is in "
            "another encoding, set source.encoding (gb18030, gbk, latin-1, utf-8-sig)"
        )
        return Line(number, None, raw, BAD_ENCODING, detail)
    if "\ufffd" in text:  # bytes replaced upstream: the text is already lost, never release it
        at = text.index("\ufffd") + 1
        detail = f"holds U+FFFD at character {at}: an earlier tool replaced bytes it could not read"
        return Line(number, None, raw, BAD_ENCODING, detail)
    return Line(number, text, raw)


class TextLines:
    """Iterate a file's physical lines as `Line`s; `count` is how many were read so far."""

    def __init__(self, path: Path, encoding: str = "utf-8", member: str | None = None) -> None:
        self.path = Path(path)
        self.member = member
        self.encoding = encoding
        self.codec = codec(encoding)
        self.count = 0
        # (line number, bytes) of the first non-ASCII lines and the first undecodable one, for
        # `connectors.encodings.other_encoding`: is the file in another encoding?
        self.wide: list[tuple[int, bytes]] = []
        self.undecodable: tuple[int, bytes] | None = None

    def __iter__(self) -> Iterator[Line]:
        """Each physical line, numbered from 1.

        A damaged compressed stream (a cut download) yields the lines read before the damage,
        then one `corrupt_compression` line standing for the unreadable rest; it never raises.
        """
        if self.member is None:
            refuse_utf16(self.path)
        with open_bytes(self.path, self.member) as stream:
            try:
                for raw in split_lines(stream):
                    self.count += 1
                    line = decode_line(self.count, raw, self.codec)
                    if len(self.wide) < KEEP_WIDE and not raw.isascii():
                        self.wide.append((self.count, raw))
                    if line.problem == BAD_ENCODING and self.undecodable is None:
                        self.undecodable = (self.count, raw)
                    if self.count == 1 and line.text and line.text.startswith("\ufeff"):
                        line = Line(1, line.text[1:], raw)  # a BOM in gb18030 decodes to U+FEFF
                    yield line
            except (EOFError, OSError, zlib.error, zipfile.BadZipFile) as exc:
                self.count += 1
                detail = f"compressed data damaged after line {self.count - 1}: {exc}"
                yield Line(self.count, None, b"", CORRUPT, detail)


def bad_byte(raw: bytes, name: str) -> int:
    """Offset in the line of its first byte that does not decode, else of its first non-ASCII."""
    try:
        raw.decode(name)
    except UnicodeDecodeError as exc:
        return exc.start
    return next((i for i, b in enumerate(raw) if b > 127), 0)


def refuse_utf16(path: Path) -> None:
    """Raise SourceFormatError naming the conversion when a plain file is UTF-16 text (a
    compressed one is not peeked into: a damaged stream must fail where reading reaches it)."""
    with Path(path).open("rb") as fh:
        head = fh.read(512)
    if compression(head) is None and (wide := utf16(head)) is not None:
        raise SourceFormatError(
            path,
            f"{wide} text; Bohai reads UTF-8, GB18030/GBK, Big5 and Latin-1: "
            + CONVERT.format(name=path.name, stem=path.stem),
            line=1,
        )


def line_start(path: Path, number: int, member: str | None = None) -> int:
    """Byte offset (in the decompressed content) where physical line `number` starts."""
    line, pos, base, cr = 1, 0, 0, False
    with open_bytes(path, member) as stream:
        while line < number or cr:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            first = 0
            if cr and chunk[:1] == b"\n":  # the LF of a CRLF split across two chunks
                pos, first = pos + 1, 1
            cr = False
            for match in _EOL.finditer(chunk, first):
                if line >= number:
                    break
                line, pos = line + 1, base + match.end()
                cr = match.group() == b"\r" and match.end() == len(chunk)
            base += len(chunk)
    return pos


def read_lines(path: Path, encoding: str = "utf-8") -> list[Line]:
    """Every physical line of a (small) file at once."""
    return list(TextLines(path, encoding))


def is_compressed(path: Path) -> bool:
    """True when the file's magic bytes say gzip, bz2 or zip."""
    with Path(path).open("rb") as fh:
        return compression(fh.read(4)) is not None


__all__ = [
    "BAD_ENCODING",
    "CORRUPT",
    "ENCODINGS",
    "NUL_BYTE",
    "Line",
    "TextLines",
    "bad_byte",
    "codec",
    "compression",
    "escape",
    "is_compressed",
    "line_start",
    "open_bytes",
    "read_lines",
    "split_lines",
]
