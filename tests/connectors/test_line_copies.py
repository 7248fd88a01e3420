"""Exact copies among clean files' lines: polars' hashes, confirmed on the text, first kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.line_copies import LineFile, later_copies, line_hashes
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
        assert len(line_hashes(path)) == scan.lines - 1  # one hash a physical line
        spans = np.concatenate(scan.starts), np.concatenate(scan.lengths)
        files.append(LineFile(path, set(scan.blank) | set(scan.flagged), *spans))
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


def test_a_hash_collision_is_no_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line hashing alike: only lines with the same text are copies."""
    import connectors.line_copies as lc

    path = _write(tmp_path, "c.csv", ["a,1", "b,2", "a,1", "c,3"], "\n")
    monkeypatch.setattr(lc, "line_hashes", lambda p: np.zeros(4, np.uint64))
    scan = prescan(path, 2)
    file = LineFile(path, set(), np.concatenate(scan.starts), np.concatenate(scan.lengths))
    assert later_copies([file]) == [(0, 4, "a,1", 0, 2)]
