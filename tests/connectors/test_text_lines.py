"""Physical-line reading: terminators, compression, BOM, encodings and NULs, nothing replaced."""

from __future__ import annotations

import bz2
import gzip
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.base import SourceFormatError
from connectors.text_lines import (
    BAD_ENCODING,
    CORRUPT,
    NUL_BYTE,
    TextLines,
    codec,
    escape,
    read_lines,
    split_lines,
)

_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=20
)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(_TEXT, max_size=12),
    ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=12, max_size=12),
    last_end=st.booleans(),
    chunk=st.integers(min_value=1, max_value=9),
)
def test_split_lines_keeps_every_physical_line(
    lines: list[str], ends: list[str], last_end: bool, chunk: int
) -> None:
    """Whatever the terminators and however the stream is chunked, lines come back as written."""
    # a bare CR before an empty LF-ended line would read as one CRLF: make that end a LF
    ends = [
        "\n" if e == "\r" and i + 1 < len(lines) and not lines[i + 1] else e
        for i, e in enumerate(ends)
    ]
    body = "".join(text + ends[i] for i, text in enumerate(lines))
    if lines and not last_end and lines[-1]:
        body = body[: -len(ends[len(lines) - 1])]
    got = list(split_lines(io.BytesIO(body.encode()), chunk=chunk))
    assert got == [t.encode() for t in lines]


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_TEXT, min_size=1, max_size=8), chunk=st.integers(1, 5))
def test_bom_is_dropped_once_at_any_chunk_size(lines: list[str], chunk: int) -> None:
    """A UTF-8 BOM before line 1 is removed even when chunks split it; later text is kept."""
    data = b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n"
    got = list(split_lines(io.BytesIO(data), chunk=chunk))
    assert got == [t.encode() for t in lines]


def test_cr_only_real_lexicon_counts_every_line(shared_file) -> None:
    """THUOCL_diming.txt ends its lines with a bare CR: each is its own line, BOM gone."""
    path = shared_file("lexicon/THUOCL_diming.txt")
    lines = read_lines(path)
    data = path.read_bytes()
    assert len(lines) == data.count(b"\r") + (not data.endswith(b"\r"))
    assert lines[0].text is not None and lines[0].text.startswith("中国\t")
    assert all(line.problem is None and "\r" not in (line.text or "") for line in lines)


@pytest.mark.parametrize("kind", ["gzip", "bz2", "zip"])
def test_compressed_file_under_a_csv_name_is_read(tmp_path: Path, kind: str) -> None:
    """Compression is sniffed from magic bytes, not the file name."""
    data = b"a,b\n1,2\n3,4\n"
    path = tmp_path / "feed.csv"
    if kind == "gzip":
        path.write_bytes(gzip.compress(data))
    elif kind == "bz2":
        path.write_bytes(bz2.compress(data))
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("inner.csv", data)
    assert [line.text for line in TextLines(path)] == ["a,b", "1,2", "3,4"]


def test_zip_with_several_members_is_a_format_error(tmp_path: Path) -> None:
    """A zip of two files is not one text file: the error names the file."""
    path = tmp_path / "two.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "x\n")
        archive.writestr("b.csv", "y\n")
    with pytest.raises(SourceFormatError, match="two.csv"):
        list(TextLines(path))


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (b"\x28\xb5\x2f\xfd\x24\x0b\x59", "zstd-compressed, which Bohai does not read: unpack "
         "it (`zstd -d AIS_2024_01_01.csv.zst`)"),
        (b"\xfd7zXZ\x00\x00\x04", "xz-compressed, which Bohai does not read: unpack it "
         "(`xz -dk AIS_2024_01_01.csv.zst`)"),
    ],
)  # fmt: skip
def test_zstd_or_xz_file_is_refused_saying_how_to_unpack_it(
    tmp_path: Path, head: bytes, said: str
) -> None:
    # trial11: a MarineCadastre-style .csv.zst was read as binary lines, "header line is
    # unreadable (nul_byte)" followed by escaped bytes
    path = tmp_path / "AIS_2024_01_01.csv.zst"
    path.write_bytes(head + b"\x00\x01binary\npayload\n")
    with pytest.raises(SourceFormatError) as caught:
        list(TextLines(path))
    assert said in str(caught.value) and "\\x" not in str(caught.value)


def test_bad_bytes_are_a_bad_line_never_replacement_characters(tmp_path: Path) -> None:
    """GB18030 read as UTF-8: the Chinese line is bad_encoding with its bytes; others decode."""
    path = tmp_path / "notes.txt"
    path.write_bytes(b"plain\n" + "住院号 123".encode("gb18030") + b"\nnext\n")
    lines = list(TextLines(path))
    assert [line.problem for line in lines] == [None, BAD_ENCODING, None]
    assert lines[1].text is None and lines[1].raw == "住院号 123".encode("gb18030")
    assert "\ufffd" not in lines[1].escaped() and "\\x" in lines[1].escaped()
    declared = list(TextLines(path, "gb18030"))
    assert [line.text for line in declared] == ["plain", "住院号 123", "next"]


def test_nul_byte_line_is_flagged_and_escaped(tmp_path: Path) -> None:
    """A NUL makes its line bad (nul_byte); the quarantine text shows it as \\x00."""
    path = tmp_path / "x.csv"
    path.write_bytes(b"a\nb\x00c\nd")
    lines = list(TextLines(path))
    assert [(line.number, line.problem) for line in lines] == [(1, None), (2, NUL_BYTE), (3, None)]
    assert lines[1].escaped() == "b\\x00c"


def test_empty_file_has_no_lines_and_count_tracks_lines(tmp_path: Path) -> None:
    """0 bytes is 0 lines; `count` equals the lines yielded."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    reader = TextLines(empty)
    assert list(reader) == [] and reader.count == 0
    two = tmp_path / "two.csv"
    two.write_bytes(b"x\n\n")
    reader = TextLines(two)
    assert [line.text for line in reader] == ["x", ""] and reader.count == 2


def test_gb18030_bom_is_dropped(tmp_path: Path) -> None:
    """A GB18030 file may start with its own BOM (decoded as U+FEFF); line 1 drops it."""
    path = tmp_path / "g.txt"
    path.write_bytes("\ufeff中文\n".encode("gb18030"))
    assert [line.text for line in TextLines(path, "gb18030")] == ["中文"]


def test_codec_accepts_only_the_declared_set() -> None:
    """utf-8-sig reads per line as utf-8; anything outside the accepted set is refused."""
    assert codec("UTF-8-SIG") == "utf-8" and codec("latin1") == "latin-1"
    with pytest.raises(ValueError, match="unsupported encoding"):
        codec("utf-16")
    assert escape(b"caf\xe9", "latin-1") == "café" and escape(b"caf\xe9") == "caf\\xe9"


def test_text_already_holding_replacement_characters_is_bad_encoding(tmp_path: Path) -> None:
    """U+FFFD in valid UTF-8 means bytes were replaced upstream: quarantined, shown escaped."""
    path = tmp_path / "r.csv"
    path.write_bytes("ok\nMaria Gonz\ufffdlez\n".encode())
    lines = list(TextLines(path))
    assert [line.problem for line in lines] == [None, BAD_ENCODING]
    assert lines[1].escaped() == "Maria Gonz\\ufffdlez"


def test_cut_gzip_yields_what_was_read_then_one_corrupt_line(tmp_path: Path) -> None:
    """A truncated download never raises: lines before the damage, then corrupt_compression."""
    data = gzip.compress(("".join(f"row {i}\n" for i in range(5000))).encode())
    path = tmp_path / "cut.csv"
    path.write_bytes(data[: len(data) // 2])
    reader = TextLines(path)
    lines = list(reader)
    assert lines[-1].problem == CORRUPT and "damaged after line" in lines[-1].detail
    good = [line.text for line in lines[:-1]]
    assert good == [f"row {i}" for i in range(len(good))] and reader.count == len(lines)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SourceFormatError, match="damaged zip"):
        list(TextLines(broken))


def test_an_unreadable_line_says_where_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_bytes(b"id,name\n1,SE\xd1ORA\n2,B\x00X\n3,\xef\xbf\xbd\n")
    bad = [line for line in TextLines(path) if line.problem]
    assert [(line.number, line.problem) for line in bad] == [
        (2, BAD_ENCODING),
        (3, NUL_BYTE),
        (4, BAD_ENCODING),
    ]
    assert "byte(s) d1 at byte 5" in bad[0].detail and "source.encoding" in bad[0].detail
    assert "NUL byte at byte 4" in bad[1].detail
    assert "U+FFFD at character 3" in bad[2].detail
