"""Exact copies among clean files' lines: polars' hashes, confirmed on the text, first kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.line_copies import LineFile, later_copies, read_lines
from connectors.marinecadastre import prescan

LINES = st.lists(st.sampled_from(["a,1", "a,2", 'b,"x, y"', "a,1 ", "", "é,3"]), max_size=12)


def _write(folder: Path, name: str, lines: list[str], eol: str) -> Path:
    path = folder / name
    path.write_bytes((eol.join(["h,k", *lines]) + eol).encode())
    return path


@settings(max_examples=80, deadline=None)
@given(first=LINES, second=LINES, crlf=st.tuples(st.booleans(), st.booleans()))
def test_later_copies_are_exactly_the_repeats_in_file_then_line_order(
    tmp_path_factory: pytest.TempPathFactory,
    first: list[str],
    second: list[str],
    crlf: tuple[bool, bool],
) -> None:
    """Across two files (one CRLF, one LF, or any mix), blank lines left out."""
    folder = tmp_path_factory.mktemp("c")
    texts = [first, second]
    paths = [
        _write(folder, f"f{i}.csv", t, "\r\n" if crlf[i] else "\n") for i, t in enumerate(texts)
    ]
    files = []
    for path in paths:
        scan = prescan(path, 2)
        hashes = np.concatenate(scan.hashes)
        assert len(hashes) == scan.lines  # one hash a physical line
        files.append(LineFile(path, {1, *scan.blank, *scan.flagged}, hashes))
    found = later_copies(files)
    expected, seen = [], {}
    for index, lines in enumerate(texts):
        for line, text in enumerate(lines, start=2):
            if not text or text.count(",") != 1 and '"' not in text:
                continue  # blank, or flagged by the pre-scan (wrong field count)
            if text in seen:
                expected.append((index, line, text, *seen[text]))
            else:
                seen[text] = (index, line)
    assert found == expected


def test_a_hash_collision_is_no_copy(tmp_path: Path) -> None:
    """Every line hashing alike: only lines with the same text are copies."""
    path = _write(tmp_path, "c.csv", ["a,1", "b,2", "a,1", "c,3"], "\n")
    scan = prescan(path, 2)
    same = np.zeros(scan.lines, np.uint64)
    file = LineFile(path, {1}, same)
    assert later_copies([file]) == [(0, 4, "a,1", 0, 2)]


def test_lines_are_read_back_across_chunk_borders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second pass finds every wanted line wherever a chunk ends, CRLF or not."""
    monkeypatch.setattr("connectors.line_copies.CHUNK", 7)
    texts = [f"r{i},{'x' * (i % 5)}" for i in range(40)]
    path = _write(tmp_path, "long.csv", texts, "\r\n")
    wanted = np.array([1, 2, 9, 23, 41])
    got = dict(read_lines(path, wanted))
    assert got == {1: "h,k", 2: texts[0], 9: texts[7], 23: texts[21], 41: texts[39]}
