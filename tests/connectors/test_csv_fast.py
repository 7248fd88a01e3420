"""Records of a file read fast (polars over clean lines, the careful reader over flagged ones)
are the records the careful reader gives reading the whole file, line by line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.base import SourceFormatError
from connectors.clean_lines import count_lines, scan_lines
from connectors.csv_fast import FrameParts, LineRecords, fast_records
from connectors.csv_records import CsvRecord, CsvRecords
from connectors.synthea_spill import text_rows
from connectors.text_lines import codec

NAMES = ["a", "b", "c"]
PIECES = [
    "x", "yy", "", " ", "1", ",", '"', '""', "é", "高", "\x00", "\ufffd", "\ufeff", "\t",
    "zzzzzzzzzz", "\x0b", "\x1c", "\x85", "\u2028", "#", "'",
]  # fmt: skip
FIELDS = st.lists(st.sampled_from(PIECES), max_size=4).map("".join)
LINE = st.one_of(
    st.lists(FIELDS, min_size=3, max_size=3).map(",".join),  # mostly three fields
    st.lists(FIELDS, max_size=5).map(",".join),
)


def _key(record: CsvRecord) -> tuple:
    """What a record hands on: its place and fields, or its problem and text."""
    if record.problem is None and record.fields:
        return (record.line, record.span, tuple(f or None for f in record.fields))
    return (record.line, record.span, record.problem, record.detail, record.raw, record.blank)


def _careful(path: Path, encoding: str, max_field: int) -> tuple[list[tuple], int]:
    """Every record the careful reader gives, and the lines it read."""
    reader = CsvRecords(path, encoding, max_lines=4, max_field=max_field)
    reader.read_header()
    return [_key(r) for r in reader], reader.lines.count


def _fast(
    path: Path, encoding: str, max_field: int, chunk: int | None = None
) -> tuple[list[tuple], int] | None:
    """The same records from the fast read, in line order (None: the file is read carefully)."""
    scan = scan_lines(path, len(NAMES), codec(encoding), max_field, chunk_bytes=chunk)
    if scan.trouble is not None:
        return None
    peek = LineRecords(path, encoding, max_lines=4, max_field=max_field)
    peek.read_header()
    keys: list[tuple] = []
    for part in fast_records(peek, path, scan, text_rows(NAMES), "_line"):
        keys += [_key(r) for r in part.records]
        keys += [(row[0], 1, tuple(row[1:])) for row in part.rows.iter_rows()]
    return sorted(keys, key=lambda k: k[0]), scan.lines


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(LINE, max_size=12),
    ends=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=3),
    final=st.booleans(),
    bom=st.booleans(),
    encoding=st.sampled_from(["utf-8", "gb18030", "latin-1"]),
    chunk=st.integers(min_value=1, max_value=40),
    max_field=st.sampled_from([6, 64]),
)
def test_fast_records_are_the_careful_records(
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[str],
    ends: list[str],
    final: bool,
    bom: bool,
    encoding: str,
    chunk: int,
    max_field: int,
) -> None:
    """Quotes, quoted newlines, NUL, U+FFFD, BOMs, wrong field counts, over-long lines, any line
    end, any encoding, chunks cut anywhere: the same records, lines and line count."""
    text = ",".join(NAMES)
    for k, line in enumerate(lines):
        text += ends[k % len(ends)] + line
    text += ends[0] if final else ""
    data = text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode()
    path = tmp_path_factory.mktemp("fast") / "t.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    try:
        careful = _careful(path, encoding, max_field)
    except SourceFormatError:  # NULs everywhere read as UTF-16: the header refuses the file
        with pytest.raises(SourceFormatError):
            LineRecords(path, encoding).read_header()  # as the fast read's header check does
        return
    assert count_lines(path, chunk) == careful[1]
    fast = _fast(path, encoding, max_field, chunk)
    if fast is not None:
        assert fast == (careful[0], careful[1])
    if "\r" not in ends:
        assert fast is not None  # only a bare CR sends a file to the careful reader


def test_a_quoted_newline_across_chunks_takes_its_lines(tmp_path: Path) -> None:
    """A legal quoted newline is one record of two lines; the line it took is no record."""
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b,c\n1,"two\nlines",3\n4,5,6\n7,"8\n')
    fast = _fast(path, "utf-8", 64, chunk=8)
    assert fast is not None
    assert fast[0][:2] == [(2, 2, ("1", "two\nlines", "3")), (4, 1, ("4", "5", "6"))]
    assert fast[0][2][2] == "runaway_quote" and fast == _careful(path, "utf-8", 64)


def test_frame_parts_scan_what_was_written(tmp_path: Path) -> None:
    """Part files come back in order; no part means an empty frame of the schema."""
    import polars as pl

    schema = text_rows(NAMES)
    parts = FrameParts(tmp_path / "p", schema)
    assert parts.scan().collect().schema == schema
    one = pl.DataFrame({"_line": [2], "a": ["x"], "b": [None], "c": ["z"]}, schema=schema)
    parts.write(one)
    parts.write(one.clear())
    parts.write(one.with_columns(pl.lit(3, pl.Int64).alias("_line")))
    assert parts.scan().collect()["_line"].to_list() == [2, 3] and len(parts.paths()) == 2
