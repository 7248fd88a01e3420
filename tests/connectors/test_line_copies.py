"""Exact copies among clean files' lines: polars' hashes, confirmed on the text, first kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.line_copies import bare_lines, later_copies

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
    blank = [{n for n, t in enumerate(lines, start=2) if not t} for lines in texts]
    found = later_copies(list(zip(paths, blank, strict=True))).rows()
    expected, seen = [], {}
    for index, lines in enumerate(texts):
        for line, text in enumerate(lines, start=2):
            if not text:
                continue
            if text in seen:
                expected.append((index, line, text, *seen[text]))
            else:
                seen[text] = (index, line)
    assert found == expected


def test_bare_lines_keep_quotes_and_number_every_physical_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "q.csv", ['a,"b, c"', "", "x,y"], "\r\n")
    assert bare_lines(path).collect().rows() == [(2, 'a,"b, c"'), (3, None), (4, "x,y")]
