"""Exact copies among clean files' lines: polars' hashes spilled to buckets, confirmed on the
text, first kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.line_copies import LineHashes, later_copies, read_lines
from connectors.marinecadastre import prescan

LINES = st.lists(st.sampled_from(["a,1", "a,2", 'b,"x, y"', "a,1 ", "", "é,3"]), max_size=12)


def _write(folder: Path, name: str, lines: list[str], eol: str) -> Path:
    path = folder / name
    path.write_bytes((eol.join(["h,k", *lines]) + eol).encode())
    return path


@settings(max_examples=80, deadline=None)
@given(
    first=LINES,
    second=LINES,
    crlf=st.tuples(st.booleans(), st.booleans()),
    chunk=st.sampled_from([1, 5, 9, 16 << 20]),
)
def test_later_copies_are_exactly_the_repeats_in_file_then_line_order(
    tmp_path_factory: pytest.TempPathFactory,
    first: list[str],
    second: list[str],
    crlf: tuple[bool, bool],
    chunk: int,
) -> None:
    """Across two files (one CRLF, one LF, or any mix) read in chunks of any size, blank
    lines left out; each copy is read back at the offset the pre-scan gave it."""
    folder = tmp_path_factory.mktemp("c")
    texts = [first, second]
    paths = [
        _write(folder, f"f{i}.csv", t, "\r\n" if crlf[i] else "\n") for i, t in enumerate(texts)
    ]
    hashes = LineHashes(folder / "buckets", bits=2)
    spilled: list[int] = []
    for index, path in enumerate(paths):

        def spill(
            lines: np.ndarray, found: np.ndarray, starts: np.ndarray, index: int = index
        ) -> None:
            spilled.extend(lines.tolist())
            hashes.add(index, lines, found, starts)

        scan = prescan(path, 2, chunk_bytes=chunk, spill=spill)
        # every data line that is neither blank nor flagged is spilled, once
        data = set(range(2, scan.lines + 1)) - set(scan.blank) - set(scan.flagged)
        assert sorted(spilled) == sorted(data)
        spilled.clear()
    found = later_copies(paths, hashes)
    hashes.close()
    assert not (folder / "buckets").exists()
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
    hashes = LineHashes(tmp_path / "b")
    hashes.add(0, np.arange(2, 6), np.full(4, 2**63 + 5, np.uint64), np.array([4, 8, 12, 16]))
    assert later_copies([path], hashes) == [(0, 4, "a,1", 0, 2)]


def test_buckets_hold_each_line_once_and_find_every_repeat(tmp_path: Path) -> None:
    """Hashes over every bucket (high bits), from three files: the repeats' places, sorted."""
    rng = np.random.default_rng(5)
    hashes = LineHashes(tmp_path / "b", bits=3)
    values = rng.integers(0, 2**64, 3000, dtype=np.uint64)
    values[2000:] = values[:1000]  # each of the first 1000 repeated once, in another file
    for index in range(3):
        starts = np.arange(1000) * 10 + index
        hashes.add(index, np.arange(2, 1002), values[index * 1000 : (index + 1) * 1000], starts)
    repeated = hashes.repeated()
    places = repeated["place"]
    sizes = [f.stat().st_size for f in sorted((tmp_path / "b").glob("*.bin"))]
    assert sum(sizes) == 3000 * 24 and len(sizes) == 8 and min(sizes) > 0
    assert (repeated["start"] % 10).tolist() == [0] * 1000 + [2] * 1000  # each with its own
    lines = np.arange(2, 1002, dtype=np.uint64)
    expected = np.concatenate([lines, (np.uint64(2) << np.uint64(40)) | lines])
    assert places.tolist() == sorted(expected.tolist())


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


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.sampled_from(["a,1", "", "bb,22", "é,3", 'c,"x, y"']), max_size=25),
    crlf=st.booleans(),
    last_newline=st.booleans(),
    chunk=st.integers(min_value=1, max_value=30),
    picks=st.lists(st.integers(min_value=0, max_value=30), max_size=8),
)
def test_the_prescan_index_reads_back_the_same_lines(
    tmp_path_factory: pytest.TempPathFactory,
    texts: list[str],
    crlf: bool,
    last_newline: bool,
    chunk: int,
    picks: list[int],
) -> None:
    """Seeking to the pre-scan's chunks gives each wanted line's text, as a full read does."""
    eol = "\r\n" if crlf else "\n"
    lines = ["h,k", *texts]
    path = tmp_path_factory.mktemp("i") / "x.csv"
    path.write_bytes((eol.join(lines) + (eol if last_newline else "")).encode())
    scan = prescan(path, 2, chunk_bytes=chunk)
    wanted = np.array(sorted({p % scan.lines + 1 for p in picks}), np.int64)
    expected = [(int(n), lines[n - 1]) for n in wanted]
    assert list(read_lines(path, wanted, scan.index)) == expected
    assert list(read_lines(path, wanted)) == expected
