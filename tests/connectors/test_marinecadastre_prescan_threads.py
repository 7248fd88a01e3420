"""The pre-scan's worker threads give what one thread gives: same lines, flags, blank and
quoted lines, index, spilled hashes (in the same order) and the first trouble in file order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors import marinecadastre as mc
from connectors.marinecadastre import Prescan, prescan

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
