"""Tests for the MarineCadastre CSV connector: mapping, sentinels, quarantine, header checks."""

from __future__ import annotations

import csv
import gzip
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.base import QUARANTINE_SCHEMA, IngestResult, SourceFormatError
from connectors.marinecadastre import MarineCadastreConnector, _bare_cr, prescan, quoted_fields
from connectors.registry import get_connector
from schemas.ais import AIS_POSITIONS

HEADER = (
    "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,Status,"
    "Length,Width,Draft,Cargo,TransceiverClass"
)
GOOD = (
    "636021061,2023-01-11T00:00:00,26.09241,-80.04806,8.8,272.7,270.0,MSC NAISHA III,"
    "IMO9307839,5LCB4,70,8.0,208.0,30.0,8.0,70.0,A"
)


def run(
    tmp_path: Path, rows: list[str], header: str = HEADER
) -> tuple[IngestResult, pl.DataFrame, pl.DataFrame, Path]:
    """Write a CSV, read it with the connector, return result, table and quarantine."""
    path = tmp_path / "mc.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    result = MarineCadastreConnector().read([path], tmp_path / "out")
    return result, pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path), path


def test_registered_under_format_name() -> None:
    """The pipeline finds the connector by its declared format."""
    assert isinstance(get_connector("marinecadastre_csv"), MarineCadastreConnector)


def test_good_row_maps_every_field(tmp_path: Path) -> None:
    """One clean row becomes one contract row with parsed, typed values."""
    result, table, quarantine, path = run(tmp_path, [GOOD])
    assert table.schema == AIS_POSITIONS.polars_schema()
    assert quarantine.schema == QUARANTINE_SCHEMA and quarantine.height == 0
    assert table.row(0, named=True) == {
        "mmsi": 636021061,
        "timestamp": datetime(2023, 1, 11, tzinfo=UTC),
        "timestamp_source": "csv",
        "msg_type": 0,
        "lat": 26.09241,
        "lon": -80.04806,
        "sog": 8.8,
        "cog": 272.7,
        "heading": 270.0,
        "nav_status": 8,
        "vessel_name": "MSC NAISHA III",
        "imo": 9307839,
        "call_sign": "5LCB4",
        "vessel_type": 70,
        "length": 208.0,
        "width": 30.0,
        "draft": 8.0,
        "transceiver_class": "A",
        "station": None,
        "source_file": path.name,
        "source_line": 2,
    }
    assert result.unit == "line" and result.input_units == 2
    assert result.ledger == {"header": 1, "position": 1} and result.reconciles()


def test_sentinels_and_empty_fields_become_null(tmp_path: Path) -> None:
    """LAT 91, LON 181, SOG 102.3, COG 360, Heading 511, empty IMO and zero sizes are nulls."""
    row = "367752440,2023-01-11T00:00:00,91,181,102.3,360.0,511.0,,,,0,,0,0,0,,B"
    _, table, quarantine, _ = run(tmp_path, [row])
    assert quarantine.height == 0
    got = table.select(
        "lat",
        "lon",
        "sog",
        "cog",
        "heading",
        "vessel_name",
        "imo",
        "call_sign",
        "vessel_type",
        "nav_status",
        "length",
        "width",
        "draft",
        "transceiver_class",
    ).row(0)
    assert got == (None,) * 13 + ("B",)


@pytest.mark.parametrize(
    ("field", "value"),
    [("LAT", "NaN"), ("LON", "inf"), ("LAT", "1e309"), ("SOG", "-inf"), ("Length", "NaN")],
)
def test_a_non_finite_number_is_unparsable_not_a_sentinel_null(
    tmp_path: Path, field: str, value: str
) -> None:
    """fuzz10: NaN / inf / 1e309 were read as floats and nulled like the 91 sentinel, counted
    nowhere; they are garbage, not 'not available'."""
    names = HEADER.split(",")
    fields = GOOD.split(",")
    fields[names.index(field)] = value
    result, table, quarantine, _ = run(tmp_path, [",".join(fields), GOOD])
    assert table.height == 1 and table["source_line"].to_list() == [3]
    assert quarantine.select("source_line", "reason").rows() == [(2, "unparsable_field")]
    assert quarantine["detail"][0] == f"unparsable {field}={value}"
    assert result.reconciles()


def test_space_separated_time_and_padded_fields(tmp_path: Path) -> None:
    """Older files write 'YYYY-MM-DD HH:MM:SS'; blanks around fields are ignored."""
    row = " 367752440 ,2017-06-01 12:30:05,43.1,-70.7, 0.0 ,10,20, SAN JOSE ,,WDI9818,31,0,,,,,A"
    _, table, _, _ = run(tmp_path, [row])
    got = table.select("mmsi", "timestamp", "sog", "vessel_name").row(0)
    assert got == (367752440, datetime(2017, 6, 1, 12, 30, 5, tzinfo=UTC), 0.0, "SAN JOSE")


def test_bad_rows_are_quarantined_with_reasons(tmp_path: Path) -> None:
    """Unparsable fields, empty required fields and surplus fields each get a reason."""
    rows = [
        GOOD,
        "abc,2023-01-11T00:00:00,1,2,3,4,5,X,,,,,,,,,A",
        ",2023-01-11T00:00:00,1,2,3,4,5,X,,,,,,,,,A",
        "1,2023-01-11T00:00:00,north,2,3,4,5,X,IMOx,,7.5,,,,,,A",
        "1,2023-01-11T00:00:00,1,2,3,4,5,X,,,,,,,,,A,surplus",
        "1,2023-01-11T25:00:00,1,2,3,4,5,X,,,,,,,,,C",
    ]
    result, table, quarantine, path = run(tmp_path, rows)
    assert table["source_line"].to_list() == [2]
    got = quarantine.sort("source_line").select("source_line", "reason", "detail").rows()
    assert got == [
        (3, "unparsable_field", "unparsable MMSI=abc"),
        (4, "missing_required_field", "empty MMSI"),
        (5, "unparsable_field", "unparsable LAT=north; IMO=IMOx; VesselType=7.5"),
        (6, "wrong_field_count", "18 fields, header has 17"),
        (7, "unparsable_field", "unparsable BaseDateTime=2023-01-11T25:00:00; TransceiverClass=C"),
    ]
    raws = dict(quarantine.select("source_line", "raw").rows())
    assert raws[3] == rows[1] and raws[6] == rows[4]
    assert set(quarantine["stage"]) == {"ingest"} and set(quarantine["source_file"]) == {path.name}
    assert result.rows_out == 1 and result.rows_quarantined == 5
    assert result.ledger == {"header": 1, "position": 1, "quarantined": 5}
    assert result.input_units == 7 and result.reconciles()


def test_header_without_required_columns_is_a_format_error(tmp_path: Path) -> None:
    """A CSV of another shape fails loudly on line 1, naming what is missing."""
    path = tmp_path / "other.csv"
    path.write_text("MMSI,Time,LAT,LON\n1,2,3,4\n")
    with pytest.raises(SourceFormatError, match="missing columns BaseDateTime") as info:
        MarineCadastreConnector().read([path], tmp_path / "out")
    assert info.value.line == 1 and info.value.path == path
    assert "VesselName" in str(info.value)


def test_header_in_another_naming_says_which_and_what_to_do(tmp_path: Path) -> None:
    """Snake-case names of the same columns (another layout): the error names the pairs it saw
    and the two ways on (rename, or a delimited_table spec), never just a list of 15 names."""
    path = tmp_path / "AIS_2024_01_13.csv"
    path.write_text(
        "mmsi,base_date_time,longitude,latitude,sog,cog,heading,vessel_name,imo,call_sign,"
        "vessel_type,status,length,width,draft,cargo,transceiver\n"
    )
    with pytest.raises(SourceFormatError) as info:
        MarineCadastreConnector().read([path], tmp_path / "out")
    said = str(info.value)
    assert "the header writes mmsi for MMSI, base_date_time for BaseDateTime, sog for SOG" in said
    assert "--format delimited_table" in said and info.value.line == 1


def test_empty_file_is_a_format_error(tmp_path: Path) -> None:
    """A file without even a header is not a MarineCadastre CSV."""
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(SourceFormatError, match="empty file"):
        MarineCadastreConnector().read([path], tmp_path / "out")


def test_header_only_writes_empty_outputs(tmp_path: Path) -> None:
    """No data rows still yields both Parquet files with the exact schemas."""
    result, table, quarantine, _ = run(tmp_path, [])
    assert table.height == 0 and table.schema == AIS_POSITIONS.polars_schema()
    assert quarantine.height == 0 and quarantine.schema == QUARANTINE_SCHEMA
    assert result.input_units == 1 and result.reconciles()  # the header line


def test_reordered_columns_and_multiple_files(tmp_path: Path) -> None:
    """Columns are found by name, and every file keeps its own line numbers."""
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "\n" + GOOD + "\n")
    names = HEADER.split(",")
    values = dict(zip(names, next(csv.reader([GOOD])), strict=True))
    reordered = list(reversed(names))
    second = tmp_path / "b.csv"
    second.write_text(",".join(reordered) + "\n" + ",".join(values[n] for n in reordered) + "\n")
    result = MarineCadastreConnector().read([first, second], tmp_path / "out")
    table = pl.read_parquet(result.table_path)
    assert table.select("source_file", "source_line").rows() == [(first.name, 2), (second.name, 2)]
    assert table.drop("source_file").unique().height == 1
    assert result.input_units == 4 and result.reconciles()


def test_older_files_without_transceiver_class(tmp_path: Path) -> None:
    """TransceiverClass is optional (older years lack it); the class is then unknown."""
    header = HEADER.removesuffix(",TransceiverClass")
    result, table, _, _ = run(tmp_path, [GOOD.removesuffix(",A")], header=header)
    assert table["transceiver_class"].to_list() == [None]
    assert table["mmsi"].to_list() == [636021061] and result.reconciles()


def test_missing_file_raises_naming_it(tmp_path: Path) -> None:
    """A path that does not exist fails before anything is written."""
    with pytest.raises(FileNotFoundError, match="gone.csv"):
        MarineCadastreConnector().read([tmp_path / "gone.csv"], tmp_path / "out")


@pytest.mark.integration
def test_marinecadastre_sample(tmp_path: Path, shared_file: Callable[[str], Path]) -> None:
    """The 1000-row NOAA sample: every row accounted for, first row matches the CSV text."""
    path = shared_file("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv")
    result = MarineCadastreConnector().read([path], tmp_path / "out")
    table = pl.read_parquet(result.table_path)
    quarantine = pl.read_parquet(result.quarantine_path)
    assert table.schema == AIS_POSITIONS.polars_schema()
    assert result.input_units == 1001  # header + 1000 data lines
    assert result.rows_out == 1000 and result.rows_quarantined == 0  # the sample is clean
    assert table.height == result.rows_out and quarantine.height == result.rows_quarantined
    assert result.reconciles()
    with path.open(newline="") as fh:
        first = next(csv.DictReader(fh))
    row = table.row(0, named=True)
    assert row["source_line"] == 2
    assert row["mmsi"] == int(first["MMSI"])
    assert row["timestamp"] == datetime.fromisoformat(first["BaseDateTime"]).replace(tzinfo=UTC)
    assert row["lat"] == float(first["LAT"]) and row["lon"] == float(first["LON"])
    assert row["sog"] == float(first["SOG"])
    assert row["heading"] == float(first["Heading"])
    cog = float(first["COG"])
    assert row["cog"] == (None if cog == 360.0 else cog)
    assert row["vessel_name"] == first["VesselName"]
    assert row["call_sign"] == first["CallSign"]
    assert row["vessel_type"] == int(first["VesselType"])
    assert row["nav_status"] == int(float(first["Status"]))
    assert row["transceiver_class"] == first["TransceiverClass"]
    with path.open(newline="") as fh:
        imos = [int(r["IMO"][3:]) for r in csv.DictReader(fh) if r["IMO"].startswith("IMO")]
    assert table["imo"].drop_nulls().sort().to_list() == sorted(i for i in imos if i > 0)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.one_of(
            st.integers(min_value=1, max_value=5).map(
                lambda n: ",".join("x" * n for _ in range(3))
            ),
            st.integers(min_value=1, max_value=6).map(lambda n: ",".join(["7"] * n)),
            st.just(""),
        ),
        max_size=30,
    ),
    crlf=st.booleans(),
    last_newline=st.booleans(),
    chunk=st.integers(min_value=1, max_value=40),
)
def test_prescan_counts_lines_and_flags_exactly(
    tmp_path_factory, rows: list[str], crlf: bool, last_newline: bool, chunk: int
) -> None:
    """Whatever the chunking and line ends: every physical line counted, each short/long row
    flagged with its exact text, each blank line listed."""
    eol = "\r\n" if crlf else "\n"
    lines = ["a,b,c", *rows]
    body = eol.join(lines) + (eol if last_newline else "")
    path = tmp_path_factory.mktemp("p") / "x.csv"
    path.write_bytes(body.encode())
    scan = prescan(path, 3, chunk_bytes=chunk)
    physical = len(lines) - (not last_newline and lines[-1] == "")
    assert scan.trouble is None and scan.lines == physical
    numbered = list(enumerate(lines[:physical], start=1))[1:]
    assert scan.blank == [n for n, t in numbered if t == ""]
    assert {n: f[2] for n, f in scan.flagged.items()} == {
        n: t for n, t in numbered if t and t.count(",") != 2
    }


# --- issue 12 findings, each on the real NOAA sample mutated in tmp_path -----------------------


def _sample(shared_file: Callable[[str], Path]) -> list[bytes]:
    path = shared_file("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv")
    return path.read_bytes().splitlines()


def _read_lines(tmp_path: Path, lines: list[bytes], name: str = "mc.csv", **kw: str):
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    connector = MarineCadastreConnector()
    connector.encoding = kw.get("encoding", "utf-8")
    result = connector.read([path], tmp_path / f"out-{name}")
    table = pl.read_parquet(result.table_path)
    return result, table, pl.read_parquet(result.quarantine_path)


def test_legal_quoted_newline_is_one_position_and_the_ledger_reconciles(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A vessel name quoted across two lines: one row, both lines counted (it broke the ledger)."""
    lines = _sample(shared_file)
    fields = lines[10].split(b",")
    fields[7] = b'"' + fields[7] + b"\nII" + b'"'
    lines[10] = b",".join(fields)
    result, table, quarantine = _read_lines(tmp_path, lines)
    assert quarantine.height == 0 and table.height == len(lines) - 1
    assert table.filter(pl.col("source_line") == 11)["vessel_name"][0].endswith("\nII")
    assert result.input_units == len(lines) + 1 and result.reconciles()


def test_unclosed_quote_loses_one_line_not_the_file(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """An unclosed quote used to stop the whole file with a polars error at a wrong offset."""
    lines = _sample(shared_file)
    lines[200] = lines[200].replace(b",", b',"', 1)
    result, table, quarantine = _read_lines(tmp_path, lines)
    assert quarantine.select("source_line", "reason").rows() == [(201, "runaway_quote")]
    assert table.height == len(lines) - 2 and result.reconciles()


def test_latin1_name_is_bad_encoding_or_read_when_declared(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A Latin-1 vessel name: bad_encoding with its bytes (never U+FFFD); declared, it reads."""
    lines = _sample(shared_file)
    fields = lines[5].split(b",")
    fields[7] = b"SE\xd1ORA"
    lines[5] = b",".join(fields)
    result, table, quarantine = _read_lines(tmp_path, lines)
    assert quarantine.select("source_line", "reason").rows() == [(6, "bad_encoding")]
    assert "\\xd1" in quarantine["raw"][0]
    assert not table["vessel_name"].str.contains("\ufffd").any() and result.reconciles()
    result, table, quarantine = _read_lines(tmp_path, lines, "latin.csv", encoding="latin-1")
    assert quarantine.height == 0 and "SEÑORA" in table["vessel_name"].to_list()


def test_duplicates_giant_field_short_last_line_and_blank_line(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """Exact copies are duplicate_record (first kept); a 1 MB field is oversized_field; a cut
    last line is wrong_field_count (it was released with null heading); a blank line counts."""
    lines = _sample(shared_file)
    lines.insert(50, lines[20])
    fields = lines[30].split(b",")
    fields[7] = b"Z" * (1 << 20)
    lines[30] = b",".join(fields)
    lines.insert(70, b"")
    lines[-1] = lines[-1][:40]
    result, table, quarantine = _read_lines(tmp_path, lines)
    assert quarantine.select("source_line", "reason").rows() == [
        (31, "oversized_field"),
        (51, "duplicate_record"),
        (len(lines), "wrong_field_count"),
    ]
    assert "line 21" in quarantine["detail"][1]
    assert table.height == len(lines) - 5
    assert result.ledger["blank_line"] == 1 and result.reconciles()
    assert table.select("mmsi", "timestamp").is_unique().all()


@pytest.mark.parametrize("eol", [b"\n", b"\r\n"])
def test_copies_are_confirmed_on_their_text_in_lf_and_crlf_files(
    tmp_path: Path, shared_file: Callable[[str], Path], eol: bytes
) -> None:
    """Real lines copied far apart (and a copy of a copy): each later copy names the first, its
    exact text read back at the pre-scan's byte offset, CRLF or not."""
    lines = _sample(shared_file)
    lines.insert(900, lines[5])
    lines.insert(400, lines[5])
    lines.append(lines[700])
    path = tmp_path / "dups.csv"
    path.write_bytes(eol.join(lines) + eol)
    result = MarineCadastreConnector().read([path], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    assert quarantine.select("source_line", "reason").rows() == [
        (401, "duplicate_record"),
        (902, "duplicate_record"),
        (len(lines), "duplicate_record"),
    ]
    assert quarantine["raw"].to_list() == [lines[5].decode()] * 2 + [lines[700].decode()]
    assert [d.split(" line ")[1][:3] for d in quarantine["detail"]] == ["6 (", "6 (", "701"]
    assert result.rows_out == len(lines) - 4 and result.reconciles()


def test_a_fast_read_does_not_load_pyarrow_compute(tmp_path: Path) -> None:
    """Line hashes and table gaps reach polars by the Arrow C interface: `pl.Series(pa.Array)`
    would import pyarrow.compute, about 0.25 s of CPU in every parse run."""
    path = tmp_path / "mc.csv"
    path.write_text("\n".join([HEADER, GOOD, GOOD]) + "\n")
    code = (
        "import sys; from pathlib import Path; "
        "from connectors.marinecadastre import MarineCadastreConnector as C; "
        f"r = C().read([Path({str(path)!r})], Path({str(tmp_path / 'out')!r})); "
        "print(r.rows_out, r.rows_quarantined, 'pyarrow.compute' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["1", "1", "False"]  # the copy was read: the fast path ran


def test_gzip_under_a_csv_name_is_read(tmp_path: Path, shared_file: Callable[[str], Path]) -> None:
    """A gzip named .csv (a normal case from real feeds) used to read as garbage or nothing."""
    lines = _sample(shared_file)
    path = tmp_path / "feed.csv"
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    result = MarineCadastreConnector().read([path], tmp_path / "out")
    assert result.rows_out == len(lines) - 1 and result.reconciles()


# --- the fast path reads plain quoted fields exactly as the line-level path does ---------------

NAMES = st.sampled_from(
    ['"HAI XING 0, JR"', '"SAY ""HI"""', '""', '"A"', "PLAIN", "", '"X,Y,Z"', '"  "']
)
SOGS = st.sampled_from(["8.8", "x9", "", " 1.5 "])


def _both_paths(tmp_path: Path, rows: list[str]) -> tuple[IngestResult, IngestResult]:
    """The connector's own choice and the line-level path forced, on the same file."""
    path = tmp_path / "q.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n")
    names = HEADER.split(",")
    files = [(path, names, prescan(path, len(names)))]
    fast = MarineCadastreConnector().read([path], tmp_path / "fast")
    (tmp_path / "slow").mkdir()
    slow = MarineCadastreConnector()._slow(files, tmp_path / "slow")
    return fast, slow


def _sorted(path: Path) -> pl.DataFrame:
    return pl.read_parquet(path).sort("source_file", "source_line")


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(st.tuples(NAMES, SOGS, st.integers(0, 3)), min_size=1, max_size=12),
    copies=st.lists(st.integers(0, 11), max_size=3),
)
def test_quoted_fields_read_alike_on_both_paths(
    tmp_path_factory: pytest.TempPathFactory,
    picks: list[tuple[str, str, int]],
    copies: list[int],
) -> None:
    """Quoted names (commas, doubled quotes, empty), bad values and exact copies: the fast
    path's table, quarantine rows and ledger equal the line-level path's."""
    fields = GOOD.split(",")
    rows = []
    for name, sog, second in picks:
        row = [*fields]
        row[1], row[4], row[7] = f"2023-01-11T00:00:0{second}", sog, name
        rows.append(",".join(row))
    rows += [rows[i % len(rows)] for i in copies]
    fast, slow = _both_paths(tmp_path_factory.mktemp("q"), rows)
    assert _sorted(fast.table_path).equals(_sorted(slow.table_path))
    assert _sorted(fast.quarantine_path).equals(_sorted(slow.quarantine_path))
    assert fast.ledger == slow.ledger and fast.input_units == slow.input_units


TYPED_VALUES = st.sampled_from(
    ["", " ", " 12.5", "12.5 ", "+12.5", "1e1", '"12.5"', "nan", "inf", "-0", "x", "12,5", "0x1"]
)


@settings(max_examples=40, deadline=None)
@given(picks=st.lists(st.tuples(st.integers(0, 6), TYPED_VALUES), min_size=1, max_size=10))
def test_typed_fields_read_alike_on_both_paths(
    tmp_path_factory: pytest.TempPathFactory, picks: list[tuple[int, str]]
) -> None:
    """MMSI, LAT, LON, SOG, COG and Heading, which the fast read takes typed from polars' CSV
    reader, padded, empty, quoted, exotic or bad: table, quarantine and ledger equal the
    line-level path's."""
    rows = []
    for index, (column, value) in enumerate(picks):
        row = GOOD.split(",")
        row[1] = f"2023-01-11T00:00:{index:02d}"
        row[column if column != 1 else 6] = value
        rows.append(",".join(row))
    fast, slow = _both_paths(tmp_path_factory.mktemp("t"), rows)
    assert _sorted(fast.table_path).equals(_sorted(slow.table_path))
    assert _sorted(fast.quarantine_path).equals(_sorted(slow.quarantine_path))
    assert fast.ledger == slow.ledger and fast.input_units == slow.input_units


def test_quoted_line_stays_fast_and_keeps_its_exact_text(tmp_path: Path) -> None:
    fields = GOOD.split(",")
    fields[7], fields[4] = '"HAI XING 0, JR"', "fast"
    bad = ",".join(fields)
    path = tmp_path / "q.csv"
    path.write_text(
        "\n".join([HEADER, GOOD.replace("MSC NAISHA III", '"MSC NAISHA III"'), bad]) + "\n"
    )
    scan = prescan(path, len(HEADER.split(",")))
    assert scan.trouble is None and scan.quoted_lines().tolist() == [2, 3]
    result, table, quarantine, _ = run(
        tmp_path, [GOOD.replace("MSC NAISHA III", '"MSC NAISHA III"'), bad]
    )
    assert table["vessel_name"].to_list() == ["MSC NAISHA III"]
    assert quarantine.select("source_line", "reason", "raw").rows() == [
        (3, "unparsable_field", bad)
    ]


@pytest.mark.parametrize("chunk", [7, 100, 16 << 20])
def test_a_crlf_file_prescans_like_its_lf_twin(tmp_path: Path, chunk: int) -> None:
    """CRLF lines are read where they stand: the same flags, lengths, texts (no CR), quoted
    field counts and blank lines as the same lines ended by LF."""
    fields = GOOD.split(",")
    fields[7] = '"HAI XING 0, JR"'
    quoted = ",".join(fields)
    oversized = GOOD.replace("MSC NAISHA III", "N" * 9000)
    giant = GOOD.replace("MSC NAISHA III", "G" * 70_000)
    lines = [HEADER, GOOD, quoted, quoted + ",extra", "", "1,2", oversized, giant, GOOD, ""]
    scans = []
    for eol in ("\n", "\r\n"):
        path = tmp_path / f"{len(eol)}.csv"
        path.write_bytes(eol.join(lines).encode())
        scans.append(prescan(path, len(HEADER.split(",")), chunk_bytes=chunk))
    lf, crlf = scans
    assert crlf.trouble is None and (crlf.lines, crlf.blank) == (lf.lines, lf.blank) == (9, [5])
    assert crlf.quoted_lines().tolist() == lf.quoted_lines().tolist() == [3, 4]
    assert crlf.flagged == lf.flagged
    assert {n: (f[0], f[2][:20]) for n, f in crlf.flagged.items()} == {
        4: ("wrong_field_count", quoted[:20]),
        6: ("wrong_field_count", "1,2"),
        7: ("oversized_field", oversized[:20]),
        8: ("oversized_field", giant[:20]),
    }
    assert "\r" not in "".join(f[2] for f in crlf.flagged.values())


@pytest.mark.parametrize("line", ['1,"open,3', '1,a"b,3', '1, "x",3', '1,"x"y,3', '"a\r",2,3'])
def test_a_quote_that_is_no_closed_field_sends_the_file_to_the_line_reader(
    tmp_path: Path, line: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(f"a,b,c\n1,2,3\n{line}\n".encode())
    assert prescan(path, 3).trouble is not None


# --- the direct parse and the careful route give the same rows, in line order ------------------

PADS = st.sampled_from(["plain", "padded", "lower_class", "spaced_time", "bad_sog"])


def _variant(row: list[str], kind: str) -> list[str]:
    """The same row written as a careful-route case (or a bad one for `bad_sog`)."""
    row = [*row]
    if kind == "padded":
        row[0], row[2], row[7], row[11] = f" {row[0]} ", f"{row[2]} ", f"  {row[7]} ", f" {row[11]}"
    elif kind == "lower_class":
        row[16] = row[16].lower()
    elif kind == "spaced_time":
        row[1] = row[1].replace("T", " ")
    elif kind == "bad_sog":
        row[4] = "fast"
    return row


@settings(max_examples=25, deadline=None)
@given(kinds=st.lists(PADS, min_size=1, max_size=15), spaced_file=st.booleans())
def test_careful_rows_keep_their_values_and_line_order(
    tmp_path_factory: pytest.TempPathFactory, kinds: list[str], spaced_file: bool
) -> None:
    """Padding, a lower-case class or the other time format change no value and no order:
    the table equals the plainly written file's, less the bad rows."""
    base = GOOD.split(",")
    if spaced_file:
        base[1] = base[1].replace("T", " ")
    plain, mixed = [], []
    for second, kind in enumerate(kinds):
        row = [*base]
        row[1] = row[1][:-2] + f"{second:02d}"
        plain.append(",".join(row))
        mixed.append(",".join(_variant(row, kind)))
    _, expected, _, _ = run(tmp_path_factory.mktemp("plain"), plain)
    _, table, quarantine, _ = run(tmp_path_factory.mktemp("mixed"), mixed)
    bad = [n for n, k in enumerate(kinds, start=2) if k == "bad_sog"]
    assert quarantine["source_line"].to_list() == bad
    assert table["source_line"].to_list() == sorted(table["source_line"])
    assert table.equals(expected.filter(~pl.col("source_line").is_in(bad)))


def test_careful_rows_of_several_files_are_merged_in_file_then_line_order(tmp_path: Path) -> None:
    """Padded (kept) and unparsable (quarantined) rows in two files, between clean ones."""
    paths = []
    for name, mmsi in (("a.csv", "636021061"), ("b.csv", "636021062")):
        fields = GOOD.replace("636021061", mmsi).split(",")
        clean = ",".join(fields)
        padded = ",".join([f" {mmsi} ", fields[1].replace(":00:00", ":00:02"), *fields[2:]])
        bad = ",".join([*fields[:4], "fast", *fields[5:]])
        later = clean.replace(":00:00", ":00:01")
        path = tmp_path / name
        path.write_text("\n".join([HEADER, clean, padded, bad, later]) + "\n")
        paths.append(path)
    result = MarineCadastreConnector().read(paths, tmp_path / "out")
    table = pl.read_parquet(result.table_path)
    quarantine = pl.read_parquet(result.quarantine_path)
    assert table.select("source_file", "source_line", "mmsi").rows() == [
        (name, line, mmsi)
        for name, mmsi in (("a.csv", 636021061), ("b.csv", 636021062))
        for line in (2, 3, 5)
    ]
    assert quarantine.select("source_file", "source_line", "reason", "detail").rows() == [
        (name, 4, "unparsable_field", "unparsable SOG=fast") for name in ("a.csv", "b.csv")
    ]
    assert result.ledger == {"header": 2, "position": 6, "quarantined": 2} and result.reconciles()


def test_real_sample_with_padded_and_lower_case_fields_reads_as_the_plain_file(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """Every 7th line of the NOAA sample padded, every 11th with a lower-case class or a
    spaced time: the same table as the sample itself (the careful route keeps them)."""
    lines = _sample(shared_file)
    plain = MarineCadastreConnector().read(
        [shared_file("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv")], tmp_path / "p"
    )
    for at in range(1, len(lines)):
        fields = lines[at].split(b",")
        if at % 7 == 0:
            fields = [b" " + f + b" " for f in fields]
        elif at % 11 == 0:
            fields[1] = fields[1].replace(b"T", b" ")
            fields[-1] = fields[-1].lower()
        lines[at] = b",".join(fields)
    name = "ais_noaa_marinecadastre_2023-01-11_1000rows.csv"
    result, table, quarantine = _read_lines(tmp_path, lines, name)
    assert quarantine.height == 0 and result.reconciles()
    assert table.equals(pl.read_parquet(plain.table_path))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40).map(lambda b: bytes(b"a\r\n,"[x % 4] for x in b)))
def test_a_bare_cr_is_any_cr_that_does_not_start_a_crlf(chunk: bytes) -> None:
    assert _bare_cr(chunk) == (chunk.count(b"\r") != chunk.count(b"\r\n"))


# The line-by-line reference: Python's re (atomic and possessive, so it never backtracks) and
# the csv module's field count.
_FIELD = r'(?>"(?:[^"]++|"")*+"|[^",\r\n]*+)'
_ONE_LINE_RECORD = re.compile(rf"{_FIELD}(?:,{_FIELD})*+")


def _reference(lines: list[str]) -> tuple[list[int], int | None]:
    for index, text in enumerate(lines):
        if not _ONE_LINE_RECORD.fullmatch(text):
            return [], index
    return [len(next(csv.reader([text]))) for text in lines], None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.text(alphabet='a,"\u00e9 ', max_size=12).filter(lambda t: '"' in t),
        min_size=1,
        max_size=6,
    )
)
def test_quoted_lines_are_checked_and_counted_as_line_by_line(lines: list[str]) -> None:
    """The pre-scan hands over only lines holding a quote."""
    binary = pl.Series([(t + "\n").encode() for t in lines], dtype=pl.Binary)
    fields, bad = quoted_fields(binary)
    assert (fields.tolist(), bad) == _reference(lines)


def test_a_stray_quote_is_found_and_fields_of_quoted_names_counted() -> None:
    lines = ['1,"HAI XING 0, JR",x', 'a,"b""c",""', 'a,b"c,d']
    assert _reference(lines) == ([], 2)
    binary = pl.Series([(t + "\n").encode() for t in lines], dtype=pl.Binary)
    assert quoted_fields(binary)[1] == 2
    assert quoted_fields(binary[:2])[0].tolist() == [3, 3]
