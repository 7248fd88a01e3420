"""The fast read of a delimited table gives exactly what the careful, line-by-line read gives:
the same table, quarantine rows, ledger and line counts (or the same error), on real files and
on damaged copies of them."""

from __future__ import annotations

import csv
import gzip
import io
import tempfile
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import connectors.clean_lines as clean_lines
import connectors.delimited_fast as delimited_fast
import connectors.delimited_table as delimited_table
from connectors.delimited_table import DelimitedTableConnector
from tests.connectors.line_damage import DAMAGE, KINDS, damaged, file_bytes
from tests.connectors.read_outcome import assert_same_outcome, read_outcome

REAL = (
    "medical/synthea/patients.csv",
    "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv",
    "petrochemical/epa_rmp_accident_detailed.csv",  # 667 of its 1,555 lines hold quotes
)
DAMAGED = REAL[:2]  # the EPA file's 60 columns make type inference slow for many examples
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "latin-1")


def _same(paths: list[Path], work: Path, **options: object) -> tuple:
    """Read `paths` both ways and assert the outcomes are equal; returns the fast one's parts."""
    careful = read_outcome(
        DelimitedTableConnector(careful=True, **options), paths, work / "careful"
    )
    fast = read_outcome(DelimitedTableConnector(careful=False, **options), paths, work / "fast")
    assert_same_outcome(fast, careful)
    if fast[0] == "error":
        return fast
    return fast[0]["table"], fast[1], fast[2]


@pytest.fixture
def fast_reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per file the fast read was tried on: True when it took the file."""
    taken: list[bool] = []
    real = delimited_table.spill_fast

    def spy(*args: object) -> object:
        out = real(*args)  # type: ignore[arg-type]
        taken.append(out is not None)
        return out

    monkeypatch.setattr(delimited_table, "spill_fast", spy)
    return taken


@pytest.mark.integration
@pytest.mark.parametrize("relative", REAL)
def test_real_files_read_the_same_fast(
    tmp_path: Path, shared_file: Callable[[str], Path], fast_reads: list[bool], relative: str
) -> None:
    """Real exports, plain and gzip-compressed: equal outcomes, and the fast read takes them
    (quoted fields included)."""
    path = shared_file(relative)
    packed = tmp_path / "in" / f"{path.name}.gz"
    packed.parent.mkdir()
    packed.write_bytes(gzip.compress(path.read_bytes()))
    table, _, _ = _same([path], tmp_path / "plain")
    assert table.height > 0
    _same([packed], tmp_path / "gzip")
    assert fast_reads == [True, True]


@pytest.mark.integration
@pytest.mark.parametrize("kind", KINDS)
def test_each_damage_reads_the_same_fast_and_carefully(
    tmp_path: Path, shared_file: Callable[[str], Path], kind: str
) -> None:
    """Each damage alone, at two places of the real Synthea patients.csv read as a generic
    table: the same outcome either way."""
    lines = shared_file("medical/synthea/patients.csv").read_bytes().split(b"\n")[:-1]
    damaged(lines, kind, 0.3, 0.4, "gb18030")
    damaged(lines, kind, 0.8, 0.7, "utf-8")
    path = tmp_path / "in" / "patients.csv"
    path.parent.mkdir()
    path.write_bytes(b"\n".join(lines) + b"\n")
    _same([path], tmp_path)


@pytest.mark.integration
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    damages=st.lists(st.tuples(st.sampled_from(DAMAGED), DAMAGE), min_size=1, max_size=5),
    encoding=st.sampled_from(ENCODINGS),
    chinese=st.sampled_from(["utf-8", "gb18030"]),
    crlf=st.booleans(),
    bom=st.booleans(),
    final_newline=st.booleans(),
    gzipped=st.booleans(),
    chunk=st.sampled_from([2048, 1 << 20]),
)
def test_damaged_copies_read_the_same_fast_and_carefully(
    shared_file: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    damages: list[tuple[str, tuple[str, float, float]]],
    encoding: str,
    chinese: str,
    crlf: bool,
    bom: bool,
    final_newline: bool,
    gzipped: bool,
    chunk: int,
) -> None:
    """Real files with stray quotes, cut lines, NULs, other encodings, BOMs, CRLF, copies,
    blank lines, huge fields, wrong field counts and absurd dates, read as a file or gzip, in
    small or large pre-scan chunks: both reads agree (each file alone, then both as one
    delivery, so copies across files count too)."""
    monkeypatch.setattr(clean_lines, "CHUNK", chunk)
    monkeypatch.setattr(delimited_fast, "MOSTLY_CLEAN", 1.0)  # a speed choice, not a rule
    # the first 400 lines of each: the damage, not the length, is what varies
    texts = {r: shared_file(r).read_bytes().split(b"\n")[:400] for r in DAMAGED}
    for relative, (kind, where, at) in damages:
        damaged(texts[relative], kind, where, at, chinese)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths = []
        for k, lines in enumerate(texts.values()):
            blob = file_bytes(lines, crlf, bom, final_newline)
            path = work / "in" / f"table{k}.csv{'.gz' if gzipped else ''}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(gzip.compress(blob) if gzipped else blob)
            paths.append(path)
            _same([path], work / f"alone{k}", encoding=encoding)
        doubled = work / "in" / "again.csv"
        doubled.write_bytes(paths[0].read_bytes() if not gzipped else gzip.decompress(
            paths[0].read_bytes()))  # fmt: skip
        _same([paths[0], doubled], work / "twice", encoding=encoding)


def _declared_table(tmp_path: Path, rows: list[str], delimiter: str = ",") -> Path:
    """A small visit table with a repeated header, an empty line and mixed date formats."""
    header = delimiter.join(["id", "name", "visit_date", "weight_kg"])
    body = [header] + [r.replace(",", delimiter) for r in rows]
    path = tmp_path / "visits.csv"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path


VISITS = [
    "1,Ann,2026-03-05,61.5",
    "2,Bo,05/03/2026,70",
    " id , name ,visit_date,weight_kg",  # a header repeated (files joined end to end)
    "3,Cai,2026-03-07,x",
    "",
    "4,Di,,80.25",
    "4,Di,,80.25",
    "5,Eve,1700-01-01,55",
] + [f"{i},P{i},2026-03-{1 + i % 28:02d},{50 + i % 40}" for i in range(6, 400)]
COLUMNS = {
    "id": "int64",
    "name": "str",
    "visit_date": {"dtype": "date", "format": "%Y-%m-%d"},
    "weight_kg": "float64",
}


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_declared_table_reads_the_same_fast_with_each_delimiter(
    tmp_path: Path, fast_reads: list[bool], delimiter: str
) -> None:
    """Declared columns, a repeated header, a blank line, a copy, an unparsable number, another
    date format and an absurd date: the fast read takes the file and agrees on every row."""
    path = _declared_table(tmp_path, VISITS, delimiter)
    table, quarantine, (ledger, lines, *_) = _same([path], tmp_path, columns=COLUMNS)
    assert fast_reads == [True]
    assert lines == len(VISITS) + 1
    assert ledger["repeated_header"] == 1 and ledger["blank_line"] == 1
    assert sorted(quarantine["reason"]) == [
        "duplicate_record", "implausible_date", "unparsable_field",
    ]  # fmt: skip
    assert table.filter(pl.col("id") == 2)["visit_date"].to_list()[0].isoformat() == "2026-03-05"


@pytest.mark.parametrize("quoting", [csv.QUOTE_ALL, csv.QUOTE_MINIMAL, csv.QUOTE_NONNUMERIC])
def test_quoted_exports_read_fast(tmp_path: Path, fast_reads: list[bool], quoting: int) -> None:
    """Exports that quote every field, text holding the delimiter or every text field (with
    doubled quotes, empty quoted fields, Chinese text): the fast read takes them, same outcome."""
    rows = [["id", "name", "visit_date", "weight_kg"]] + [
        [i, f'王{i}, "小{i}"' if i % 3 else "", f"2026-03-{1 + i % 28:02d}", 50.5 + i % 40]
        for i in range(300)
    ]
    path = tmp_path / "quoted.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, quoting=quoting, lineterminator="\n").writerows(rows)
    table, quarantine, _ = _same([path], tmp_path, columns=COLUMNS | {"id": "str"})
    assert fast_reads == [True]
    assert table.height == 300 and quarantine.height == 0
    assert table["name"][1] == '王1, "小1"'


def test_a_preamble_or_mostly_flagged_file_is_read_carefully(
    tmp_path: Path, fast_reads: list[bool]
) -> None:
    """A file whose header is not alone on line 1 never reaches the fast read; one whose
    records mostly span lines (a quoted newline in each) is handed back to the careful read,
    with the same outcome."""
    path = _declared_table(tmp_path, VISITS)
    text = path.read_text(encoding="utf-8")
    with_preamble = tmp_path / "export.csv"
    with_preamble.write_text("DCS export 2026-03-08\n" + text, encoding="utf-8")
    _same([with_preamble], tmp_path / "pre", columns=COLUMNS, header_line=2)
    assert fast_reads == []
    spanning = tmp_path / "spanning.csv"
    with spanning.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "name", "visit_date", "weight_kg"])
        writer.writerows([i, f"P{i}\nsecond line", "2026-03-05", 60] for i in range(400))
    table, _, _ = _same([spanning], tmp_path / "spanning", columns=COLUMNS)
    assert fast_reads == [False]
    assert table["name"].str.contains("\n").sum() == 400


@pytest.mark.parametrize(("delimiter", "header"), [("\t", "id\tname\tnote"), (" ", "id name")])
def test_white_space_lines_are_blank_in_both_reads(
    tmp_path: Path, fast_reads: list[bool], delimiter: str, header: str
) -> None:
    """A line of white space only (the delimiters of a tab- or space-separated file, an
    ideographic space) is a counted blank line in both reads, never a record of empty fields."""
    width = header.count(delimiter) + 1
    fill = [delimiter * (width - 1), " " * width, "\u3000", ""]
    data = [delimiter.join(f"{k}{i}" for k in range(width)) for i in range(60)]
    for at, blank in enumerate(fill):
        data.insert(7 * at + 3, blank)
    path = tmp_path / "table.txt"
    path.write_text("\n".join([header, *data]) + "\n", encoding="utf-8")
    table, _, (ledger, lines, *_) = _same([path], tmp_path, delimiter=delimiter)
    assert fast_reads == [True]
    assert table.height == 60 and lines == 65
    blank = sum(1 for f in fill if not f.strip())
    assert ledger["blank_line"] == blank and ledger["record"] == 60 + len(fill) - blank


# no CR: a bare one sends the whole file to the careful read (the damage tests cover it)
FIELD = st.text(alphabet=st.sampled_from("ab 中\"',;\t|\n"), max_size=6)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(FIELD, min_size=3, max_size=3), min_size=1, max_size=30),
    quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL, csv.QUOTE_NONE]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    stray=st.lists(st.integers(min_value=0, max_value=10_000), max_size=3),
)
def test_any_quoting_reads_the_same_fast_and_carefully(
    monkeypatch: pytest.MonkeyPatch,
    rows: list[list[str]],
    quoting: int,
    delimiter: str,
    stray: list[int],
) -> None:
    """Fields holding quotes, delimiters, line ends and Chinese text, written with any quoting
    (escaped delimiters make wrong field counts), then stray quotes dropped in: both reads
    agree, the fast one taking the file however many lines it flags."""
    monkeypatch.setattr(delimited_fast, "MOSTLY_CLEAN", 1.0)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, escapechar="\\",
                        lineterminator="\n")  # fmt: skip
    writer.writerow(["first", "second", "third"])
    writer.writerows([[f"{i}{r[0]}", *r[1:]] for i, r in enumerate(rows)])  # no exact copies
    text = out.getvalue()
    for at in stray:
        cut = len("first,second,third\n") + at % max(1, len(text) - 19)
        text = text[:cut] + '"' + text[cut:]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.csv"
        path.write_text(text, encoding="utf-8", newline="")
        _same([path], Path(tmp), delimiter=delimiter)
