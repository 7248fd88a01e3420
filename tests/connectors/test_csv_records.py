"""CSV records over physical lines: spans, runaway quotes, field counts, giant fields."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.csv_records import OVERSIZED, RUNAWAY, WRONG_FIELDS, CsvRecords, no_header
from connectors.dedupe import Deduper

_FIELD = st.text(alphabet="abcxyz 0123,\"'", max_size=8)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _accounted(reader: CsvRecords, records: list) -> int:
    """Header lines plus every record's span: must equal the physical lines read."""
    return reader.header_span + sum(r.span for r in records)


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.lists(_FIELD, min_size=3, max_size=3), min_size=1, max_size=15))
def test_well_formed_csv_round_trips_with_spans(tmp_path_factory, rows: list[list[str]]) -> None:
    """Whatever csv.writer writes (quotes, delimiters inside fields) comes back unchanged."""
    path = tmp_path_factory.mktemp("c") / "x.csv"
    path.write_text(_csv([["a", "b", "c"], *rows]))
    reader = CsvRecords(path)
    assert reader.read_header() == ["a", "b", "c"]
    records = list(reader)
    got = [r.fields for r in records if not r.blank]
    assert got == [r for r in rows if any(f.strip() for f in r) or len(r) != 1]
    assert all(r.problem is None for r in records)
    assert _accounted(reader, records) == reader.lines.count


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.text(alphabet="abc 12", min_size=1, max_size=6), min_size=3, max_size=3),
        min_size=2,
        max_size=40,
    ),
    victim=st.integers(min_value=0),
    where=st.integers(min_value=0),
)
def test_one_stray_quote_loses_only_its_own_line(
    tmp_path_factory, rows: list[list[str]], victim: int, where: int
) -> None:
    """A quote inserted anywhere in one line: every other line's record still comes through."""
    lines = [",".join(r) for r in rows]
    victim %= len(lines)
    pos = where % (len(lines[victim]) + 1)
    lines[victim] = lines[victim][:pos] + '"' + lines[victim][pos:]
    path = tmp_path_factory.mktemp("c") / "x.csv"
    path.write_text("a,b,c\n" + "\n".join(lines) + "\n")
    reader = CsvRecords(path, max_lines=10)
    reader.read_header()
    records = list(reader)
    others = [r for r in records if r.line != victim + 2]
    assert [r.fields for r in others] == [r for i, r in enumerate(rows) if i != victim]
    assert all(r.span == 1 for r in records)
    assert _accounted(reader, records) == reader.lines.count == len(rows) + 1


def test_runaway_quote_resynchronises_at_the_next_line(tmp_path: Path) -> None:
    """An unclosed quote that a later quote 'closes' does not swallow the lines in between."""
    body = ["1,x,y", '2,"open,y', "3,x,y", "4,x,y", '5,x,close"', "6,x,y"]
    path = tmp_path / "r.csv"
    path.write_text("id,a,b\n" + "\n".join(body) + "\n")
    reader = CsvRecords(path)
    reader.read_header()
    records = list(reader)
    by_line = {r.line: r for r in records}
    assert by_line[3].problem == RUNAWAY and by_line[3].span == 1
    assert [r.fields[0] for r in records if r.fields] == ["1", "3", "4", "5", "6"]
    assert by_line[6].fields == ["5", "x", 'close"']  # a mid-field quote is text, as in csv
    assert _accounted(reader, records) == 7


def test_legal_quoted_newline_is_one_record_of_two_lines(tmp_path: Path) -> None:
    """A short quoted field with a newline stays one record; the lines after it are intact."""
    path = tmp_path / "q.csv"
    path.write_text('id,note\n1,"line one\nline two"\n2,plain\n')
    reader = CsvRecords(path)
    reader.read_header()
    records = list(reader)
    assert [(r.line, r.span, r.fields) for r in records] == [
        (2, 2, ["1", "line one\nline two"]),
        (4, 1, ["2", "plain"]),
    ]


def test_giant_field_is_oversized_not_a_csv_crash(tmp_path: Path) -> None:
    """A 1 MB field (quoted or not) is quarantined with a reason; the next line reads on."""
    big = "z" * (1 << 20)
    path = tmp_path / "g.csv"
    path.write_text(f'id,v\n1,{big}\n2,"{big}"\n3,ok\n')
    reader = CsvRecords(path)
    reader.read_header()
    records = list(reader)
    assert [r.problem for r in records] == [OVERSIZED, OVERSIZED, None]
    assert records[2].fields == ["3", "ok"]


def test_wrong_field_count_and_undecodable_lines_are_problems(tmp_path: Path) -> None:
    """Too few / too many fields and a bad line are flagged, never padded with nulls."""
    path = tmp_path / "w.csv"
    path.write_bytes(b"a,b,c\n1,2\n1,2,3,4\n1,\xff,3\n1,2,3")
    reader = CsvRecords(path)
    reader.read_header()
    records = list(reader)
    assert [r.problem for r in records] == [WRONG_FIELDS, WRONG_FIELDS, "bad_encoding", None]
    assert records[2].raw == "1,\\xff,3"


def test_deduper_keeps_first_copy_and_names_it() -> None:
    """Exact copies after the first are reported with the kept copy's place; others are new."""
    seen = Deduper()
    assert seen.seen("a,b", ("f.csv", 2)) is None
    assert seen.seen("a,b ", ("f.csv", 3)) is None
    assert seen.seen("a,b", ("f.csv", 9)) == "exact copy of f.csv line 2 (first copy kept)"
    assert seen.seen("a,b", ("f.csv", 10), scope="other_table") is None
    assert len(seen) == 3


def test_blank_lines_before_the_header_are_counted_when_asked(tmp_path: Path) -> None:
    """A Synthea CSV starting with a blank line lost every row uncounted (found by fuzzing)."""
    path = tmp_path / "t.csv"
    path.write_bytes(b"\n  \r\n\ta,b\n1,2\n")
    reader = CsvRecords(path, "utf-8", blank_before_header=True)
    assert reader.read_header() == ["a", "b"]
    assert (reader.blank_before, reader.header_span) == (2, 1)
    assert [r.fields for r in reader] == [["1", "2"]]
    plain = CsvRecords(path, "utf-8")  # without: the header is the first line, whatever it holds
    assert plain.read_header() == [] and plain.blank_before == 0
    only_blank = tmp_path / "blank.csv"
    only_blank.write_bytes(b"\n\n")
    reader = CsvRecords(only_blank, "utf-8", blank_before_header=True)
    assert reader.read_header() is None and reader.blank_before == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file (0 bytes): no CSV header"),
        (b"\r", "empty file: no CSV header, only 1 blank line(s)"),
        (b"  \n\t\n", "empty file: no CSV header, only 2 blank line(s)"),
        (b"\xef\xbb\xbf", "empty file: no CSV header, no line of text"),
    ],
)
def test_no_header_says_what_the_file_holds(tmp_path: Path, data: bytes, message: str) -> None:
    """A file of blank lines was refused as 'empty file (0 bytes)' by the EPA RMP and clinical
    notes readers (fuzz probe: a lone CR, spaces); the message is now true to the bytes."""
    path = tmp_path / "a.csv"
    path.write_bytes(data)
    reader = CsvRecords(path, "utf-8", blank_before_header=True)
    assert reader.read_header() is None
    assert no_header(reader) == message
