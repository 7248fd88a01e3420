"""The pre-scan's worker threads give what one thread gives: same lines, flags, blank and
quoted lines, index, spilled hashes (in the same order) and the first trouble in file order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors import marinecadastre as mc
from connectors.marinecadastre import MarineCadastreConnector, Prescan, prescan

LINES = st.sampled_from(
    [
        "1,2,3",
        '"a, b",2,3',  # a quoted field closed on its line: fine
        '"a,2,3',  # an unclosed quote: trouble, at a line number
        "1,2",  # wrong field count: flagged
        "",  # blank
        "1,2,3\r",  # CRLF once the LF is added
        "1,\x002,3",  # NUL: byte trouble
        "1,\r2,3",  # a bare CR: byte trouble
        "\u00e9,2,3",  # UTF-8 text
        "1,2,3,4",  # wrong field count, long: flagged
    ]
)


def _one_thread(path: Path, width: int, chunk: int) -> tuple[Prescan, list]:
    """The pre-scan as a single loop: each body scanned in turn, stopping at a trouble."""
    spilled: list = []
    scan = Prescan(0, None)
    found: list[str] = []
    with path.open("rb") as fh:
        for body, first, offset in mc._bodies(fh, chunk, found):
            assert first == scan.lines + 1
            scan.index.append((first, offset))
            mc._scan_lines(body, width, scan, lambda *a: spilled.append(a), offset)
            if scan.trouble:
                return scan, spilled
    scan.trouble = found[0] if found else None
    return scan, spilled


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(LINES, max_size=40),
    chunk=st.integers(min_value=1, max_value=64),
    tail=st.sampled_from([b"\n", b"", b"\xc3"]),  # LF, none, a cut UTF-8 character
)
def test_threads_give_what_one_thread_gives(
    tmp_path_factory, lines: list[str], chunk: int, tail: bytes
) -> None:
    path = tmp_path_factory.mktemp("p") / "x.csv"
    path.write_bytes(("a,b,c\n" + "\n".join(lines)).encode() + tail)
    spilled: list = []
    threaded = prescan(path, 3, chunk_bytes=chunk, spill=lambda *a: spilled.append(a))
    alone, expected = _one_thread(path, 3, chunk)
    assert threaded.trouble == alone.trouble
    if alone.trouble is None:  # after a trouble the slow path starts over: state unused
        assert (threaded.lines, threaded.flagged, threaded.blank, threaded.index) == (
            alone.lines,
            alone.flagged,
            alone.blank,
            alone.index,
        )
        assert threaded.quoted_lines().tolist() == alone.quoted_lines().tolist()
        assert len(spilled) == len(expected)
        for got, want in zip(spilled, expected, strict=True):
            assert all(np.array_equal(g, w) for g, w in zip(got, want, strict=True))


def test_the_first_trouble_in_file_order_wins(tmp_path: Path) -> None:
    """An unclosed quote on line 3 is named before a NUL in a later chunk, though a worker
    scans the quote's body while the reader has already reached the NUL (a chunk holding
    both is checked for bytes first, as one thread did)."""
    path = tmp_path / "x.csv"
    path.write_bytes(b'a,b,c\n1,2,3\n"x,2,3\n' + b"1,2,3\n" * 50 + b"1,\x00,3\n")
    for chunk in (1, 7, 16, 64):
        scan = prescan(path, 3, chunk_bytes=chunk)
        assert scan.trouble == "a quote that is no closed field on its line (line 3)", chunk


def test_a_cut_character_at_the_end_is_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("a,b,c\n1,2,é".encode()[:-1])
    assert prescan(path, 3, chunk_bytes=4).trouble == "a cut UTF-8 character at the end"


FFFD = "\ufffd".encode()


@pytest.mark.parametrize("chunk", range(1, 16))
def test_a_replacement_character_cut_by_a_chunk_boundary_is_trouble(
    tmp_path: Path, chunk: int
) -> None:
    """U+FFFD's three bytes split over two (or three) chunks are in no chunk alone; at the
    8 MiB chunks a name holding one cut by a boundary was released (diff13), at 16 MiB too."""
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b,c\n1,2," + FFFD + b"X\n1,2,3\n")
    assert prescan(path, 3, chunk_bytes=chunk).trouble == "U+FFFD (bytes replaced upstream)"


def test_a_cut_character_is_not_completed_by_a_later_chunk(tmp_path: Path) -> None:
    """A lead byte ending one chunk, a chunk of ASCII, then continuation bytes starting the
    next: the decoder must see the ASCII chunk, not join the lead byte to the later bytes (the
    fast path then stopped the whole file with polars' `invalid utf-8 sequence`)."""
    first, middle = b"a,b,c\n1,2,\xe6", b"3\n1,2,X\n"
    path = tmp_path / "x.csv"
    path.write_bytes(first + middle.ljust(len(first), b"\n") + b"\x95\xb0,2,3\n")
    assert len(first) == 11
    assert prescan(path, 3, chunk_bytes=11).trouble == "bytes that are not UTF-8"


def test_a_replacement_character_at_the_8_mib_boundary_is_quarantined(tmp_path: Path) -> None:
    """The connector at its own chunk size: the line holding a U+FFFD cut by the first chunk
    boundary is `bad_encoding`, and no released name holds U+FFFD (diff13: it was released)."""
    head = b"MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,"
    head += b"Length,Width,Draft,Cargo,TransceiverClass\n"
    row = "{mmsi},2023-01-11T{h:02d}:{m:02d}:{s:02d},26.09241,-80.04806,8.8,272.7,270.0,{name},"
    row += "IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A\n"
    lines, size, boundary = [head], len(head), 8 << 20
    for i in range(80_000):
        mmsi, (h, rest) = 636021061 + i % 50, divmod(i, 3600)
        line = row.format(mmsi=mmsi, h=h % 24, m=rest // 60, s=rest % 60, name="MSC N").encode()
        name_at = size + line.index(b"MSC N")
        if name_at <= boundary - 1 < name_at + len(line):  # pad the name: U+FFFD starts at -1
            pad = boundary - 1 - name_at
            line = line.replace(b"MSC N", b"M" * pad + FFFD + b"N")
        lines.append(line)
        size += len(line)
    path = tmp_path / "mc.csv"
    path.write_bytes(b"".join(lines))
    assert path.read_bytes()[boundary - 1 : boundary + 2] == FFFD
    result = MarineCadastreConnector().read([path], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    assert quarantine["reason"].to_list() == ["bad_encoding"]
    names = pl.read_parquet(result.table_path)["vessel_name"]
    assert not names.str.contains("\ufffd").any() and result.reconciles()
