"""Tests for the Tennessee Eastman connector: both layouts, wide and long tables, bad records."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from connectors.base import QUARANTINE_SCHEMA, IngestResult, SourceFormatError
from connectors.registry import get_connector
from connectors.tennessee_eastman import TennesseeEastmanConnector
from schemas.petrochemical import SENSOR_READINGS, TE_SAMPLES
from schemas.te_variables import BY_TAG, TE_VARIABLES

BASE = np.array([v.base for v in TE_VARIABLES])


def rows_text(n: int, offset: float = 0.25) -> list[str]:
    """n samples in the row layout, each variable its base value plus sample * offset."""
    return ["".join(f"{b + k * offset:16.7e}" for b in BASE) for k in range(1, n + 1)]


def read(tmp_path: Path, files: dict[str, str], **options: object) -> IngestResult:
    """Write run files and read them all."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text)
        paths.append(path)
    return TennesseeEastmanConnector(**options).read(paths, tmp_path / "out")


def tables(result: IngestResult) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(wide, long, quarantine) of one read."""
    return (
        pl.read_parquet(result.tables["wide"]),
        pl.read_parquet(result.tables["long"]),
        pl.read_parquet(result.quarantine_path),
    )


def test_registered_with_two_tables() -> None:
    connector = get_connector("tennessee_eastman_dat")
    assert isinstance(connector, TennesseeEastmanConnector)
    assert connector.tables == ("wide", "long")


def test_row_layout_gives_named_variables_times_and_labels(tmp_path: Path) -> None:
    result = read(tmp_path, {"d04_te.dat": "\n".join(rows_text(3, 0.5)) + "\n"})
    wide, long, quarantine = tables(result)
    assert wide.schema == TE_SAMPLES.polars_schema()
    assert long.schema == SENSOR_READINGS.polars_schema()
    assert quarantine.schema == QUARANTINE_SCHEMA and quarantine.height == 0
    assert wide["run_id"].unique().to_list() == ["d04_te"]
    assert wide["fault_id"].unique().to_list() == [4]
    assert wide["split"].unique().to_list() == ["test"]
    assert wide["sample"].to_list() == [1, 2, 3]
    start = datetime(2000, 1, 1, tzinfo=UTC)
    assert wide["sample_time"].to_list() == [start + timedelta(minutes=3 * k) for k in (1, 2, 3)]
    assert wide["elapsed_h"].to_list() == [0.05, 0.1, 0.15]
    assert wide["fault_active"].to_list() == [False, False, False]  # test onset is sample 161
    assert wide["reactor_pressure"].to_list() == pytest.approx([2705.5, 2706.0, 2706.5])
    assert wide["source_line"].to_list() == [1, 2, 3]
    assert long.height == 3 * len(TE_VARIABLES)
    pressure = long.filter(pl.col("tag") == "XMEAS(7)").sort("timestamp")
    assert pressure["value"].to_list() == wide["reactor_pressure"].to_list()
    assert pressure["unit"].unique().to_list() == [BY_TAG["XMEAS(7)"].unit]
    assert long["quality"].unique().to_list() == ["good"]
    assert result.ledger == {"sample": 3} and result.reconciles()


def test_transposed_file_is_detected_by_shape(tmp_path: Path) -> None:
    values = np.array([BASE + k for k in range(60)])  # 60 samples
    text = "\n".join("   ".join(f"{v:.7e}" for v in column) for column in values.T) + "\n"
    result = read(tmp_path, {"d00.dat": text, "d00_te.dat": "\n".join(rows_text(2)) + "\n"})
    wide, long, _ = tables(result)
    d00 = wide.filter(pl.col("run_id") == "d00").sort("sample")
    assert d00.height == 60 and d00["sample"].to_list() == list(range(1, 61))
    assert d00["a_feed"].to_list() == pytest.approx(values[:, 0].tolist())
    assert d00["condenser_cooling_water_flow"].to_list() == pytest.approx(values[:, 51].tolist())
    assert d00["source_line"].to_list() == list(range(1, 61))  # the column of each sample
    cited = long.filter((pl.col("run_id") == "d00") & (pl.col("tag") == "XMV(3)"))
    assert cited["source_line"].unique().to_list() == [44]  # the line that holds XMV(3)
    # The ledger counts physical lines: 52 variable lines plus the two sample lines of d00_te.
    assert result.ledger == {"variable_line": 52, "sample": 2} and result.reconciles()


def test_bad_records_are_quarantined_with_line_and_reason(tmp_path: Path) -> None:
    lines = rows_text(6)
    lines[1] = lines[1][: 16 * 40]  # truncated
    lines[2] = lines[2] + f"{1.0:16.7e}"  # one value too many
    lines[3] = lines[3][: 16 * 9] + " " + "*" * 15 + lines[3][16 * 10 :]  # Fortran overflow
    lines[4] = lines[4][:16] + "             nan" + lines[4][32:]
    text = "\n".join([lines[0], "", *lines[1:]]) + "\n"
    result = read(tmp_path, {"d01.dat": text})
    wide, long, quarantine = tables(result)
    assert wide["sample"].to_list() == [1, 6]
    assert wide["fault_active"].to_list() == [True, True]  # training faults act from the start
    got = quarantine.select("source_line", "reason").rows()
    assert got == [
        (3, "wrong_field_count"),
        (4, "wrong_field_count"),
        (5, "unparsable_value"),
        (6, "non_finite_value"),
    ]
    details = quarantine["detail"].to_list()
    assert details[0] == "sample 2: truncated line, 40 of 52 values"
    assert details[1] == "sample 3: too many values, 53 of 52 values"
    assert "column 10 (XMEAS(10))" in details[2] and "column 2 (XMEAS(2))" in details[3]
    assert quarantine["source_file"].unique().to_list() == ["d01.dat"]
    assert quarantine["raw"][0] == lines[1]
    assert result.ledger == {"sample": 2, "quarantined": 4, "blank_line": 1}
    assert result.input_units == 7 and result.reconciles()
    assert long.height == 2 * len(TE_VARIABLES)


@pytest.mark.parametrize("token", ["１２３", "٣", "1_000"])
def test_non_ascii_digits_and_underscores_are_unparsable(tmp_path: Path, token: str) -> None:
    """Python's float() read full-width '１２３' as 123 and '1_000' as 1000, so such a sample was
    kept (fuzz absurd_number probe on d01.dat); every other reader refuses them."""
    lines = rows_text(3)
    fields = lines[1].split()
    fields[5] = token
    lines[1] = " ".join(fields)
    wide, _, quarantine = tables(read(tmp_path, {"d01.dat": "\n".join(lines) + "\n"}))
    assert wide["sample"].to_list() == [1, 3]
    assert quarantine.select("source_line", "reason").rows() == [(2, "unparsable_value")]
    assert f"column 6 (XMEAS(6)) = {token!r}" in quarantine["detail"][0]


def test_short_line_in_a_transposed_file_costs_only_the_missing_sample(tmp_path: Path) -> None:
    values = np.array([BASE + k for k in range(80)])
    columns = ["   ".join(f"{v:.7e}" for v in column) for column in values.T]
    columns[6] = columns[6].rsplit("   ", 1)[0]  # XMEAS(7) lacks sample 80
    result = read(tmp_path, {"d00.dat": "\n".join(columns) + "\n"})
    wide, _, quarantine = tables(result)
    assert wide.height == 79
    assert quarantine.select("source_line", "reason").rows() == [(80, "wrong_field_count")]
    assert "line(s) 7 (XMEAS(7))" in quarantine["detail"][0]
    assert result.reconciles() and result.input_units == 52  # lines; the sample is a column
    assert result.rows_quarantined == 1


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("d01.dat", "1 2 3\n4 5 6\n", "neither 52 values per line nor 52 lines"),
        ("run1.dat", "1\n", "not a TE run file name"),
        ("d30.dat", "1\n", "no TE fault IDV(30)"),
    ],
)
def test_unreadable_files_raise_naming_the_file(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    with pytest.raises(SourceFormatError, match=re.escape(message)) as info:
        read(tmp_path, {name: text})
    assert name in str(info.value)


def test_empty_file_holds_no_units_and_no_samples(tmp_path: Path) -> None:
    """A 0-byte run is zero lines, not one unreadable unit; has_data reports the empty stage."""
    result = read(tmp_path, {"d01.dat": ""})
    assert result.input_units == 0 and result.rows_out == 0 and result.reconciles()


def test_unreadable_line_of_a_transposed_file_costs_its_variable(tmp_path: Path) -> None:
    """51 readable variable lines and one undecodable: the samples lack a variable, all counted."""
    values = np.array([BASE + k for k in range(30)])
    columns = ["   ".join(f"{v:.7e}" for v in column).encode() for column in values.T]
    columns[9] = columns[9] + b" \xff"
    path = tmp_path / "d00.dat"
    path.write_bytes(b"\n".join(columns) + b"\n")
    result = TennesseeEastmanConnector().read([path], tmp_path / "out")
    wide, _, quarantine = tables(result)
    assert wide.height == 0 and result.ledger == {"variable_line": 51, "quarantined": 1}
    assert result.input_units == 52 and result.reconciles()
    assert quarantine["reason"].value_counts().sort("reason").rows() == [
        ("bad_encoding", 1),
        ("wrong_field_count", 30),
    ]
    assert "line(s) 10 (XMEAS(10))" in quarantine["detail"][1]


def test_zip_archives_are_read_and_other_members_counted(tmp_path: Path) -> None:
    archive = tmp_path / "te.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("data/README.md", "notes")
        zf.writestr("data/d02.dat", "\n".join(rows_text(4)) + "\n")
    result = TennesseeEastmanConnector().read([archive], tmp_path / "out")
    wide, _, _ = tables(result)
    assert wide["source_file"].unique().to_list() == [f"{archive.name}!data/d02.dat"]
    assert result.ledger == {"sample": 4, "other_archive_member": 1}
    assert result.reconciles()
    with pytest.raises(SourceFormatError, match="run d02 given twice"):
        TennesseeEastmanConnector().read([archive, archive], tmp_path / "again")


def test_options_set_start_onset_and_layout(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        {"d05_te.dat": "\n".join(rows_text(4)) + "\n"},
        start="2026-11-01T08:00:00+08:00",
        test_fault_onset=3,
    )
    wide, _, _ = tables(result)
    assert wide["sample_time"][0] == datetime(2026, 11, 1, 0, 3, tzinfo=UTC)
    assert wide["fault_active"].to_list() == [False, False, True, True]
    with pytest.raises(ValueError, match="unknown options"):
        TennesseeEastmanConnector(onset=3).read([], tmp_path / "x")
    with pytest.raises(SourceFormatError, match="transposed layout needs 52 lines"):
        read(tmp_path / "t", {"d05.dat": "\n".join(rows_text(4)) + "\n"}, layout="transposed")


# --- integration: the Braatz reference files ------------------------------------------------


def _file_samples(path: Path) -> tuple[int, list[float]]:
    """(samples, first sample's values) counted straight from the file text."""
    lines = [line.split() for line in path.read_text().splitlines() if line.strip()]
    if len(lines[0]) == len(TE_VARIABLES):
        return len(lines), [float(v) for v in lines[0]]
    return len(lines[0]), [float(line[0]) for line in lines]


@pytest.mark.integration
def test_real_braatz_files(tmp_path: Path, shared_file: Callable[[str], Path]) -> None:
    names = ("d00.dat", "d00_te.dat", "d01.dat", "d01_te.dat")
    paths = [shared_file(f"petrochemical/tennessee_eastman/{n}") for n in names]
    result = TennesseeEastmanConnector().read(paths, tmp_path / "out")
    wide, long, quarantine = tables(result)
    assert quarantine.height == 0 and result.reconciles()
    counts = dict(wide.group_by("run_id").len().iter_rows())
    for path in paths:
        samples, first = _file_samples(path)
        assert counts[path.stem] == samples, path.name
        row = wide.filter((pl.col("run_id") == path.stem) & (pl.col("sample") == 1))
        assert row.select(v.name for v in TE_VARIABLES).row(0) == pytest.approx(first)
    assert counts["d00"] == 500  # stored transposed, 52 x 500
    assert long.height == wide.height * len(TE_VARIABLES)
    active = dict(wide.group_by("run_id").agg(pl.col("fault_active").sum()).iter_rows())
    assert active == {"d00": 0, "d00_te": 0, "d01": counts["d01"], "d01_te": counts["d01_te"] - 160}


# --- issue 12: real Braatz files with one realistic defect each --------------------------------

TE_DIR = "petrochemical/tennessee_eastman"


def _read_bytes(tmp_path: Path, name: str, data: bytes, **options: object) -> IngestResult:
    """Write one mutated run file under its real name and read it."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / name
    path.write_bytes(data)
    return TennesseeEastmanConnector(**options).read([path], tmp_path / "out")


def _values(wide: pl.DataFrame) -> list[tuple[object, ...]]:
    return wide.select("sample", "sample_time", *(v.name for v in TE_VARIABLES)).rows()


@pytest.mark.integration
@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), id="cr_only"),
        pytest.param(lambda b: __import__("gzip").compress(b), id="gzip_named_dat"),
    ],
)
def test_real_run_with_bom_cr_or_gzip_reads_like_the_original(
    mutate: Callable[[bytes], bytes], tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """The BOM no longer costs sample 1; CR-only and gzip-named-.dat files lose nothing."""
    data = shared_file(f"{TE_DIR}/d01.dat").read_bytes()
    base = _read_bytes(tmp_path / "orig", "d01.dat", data)
    result = _read_bytes(tmp_path / "mutated", "d01.dat", mutate(data))
    wide, _, quarantine = tables(result)
    assert quarantine.height == 0 and result.reconciles()
    assert result.input_units == len(data.splitlines())
    assert _values(wide) == _values(tables(base)[0])


@pytest.mark.integration
@pytest.mark.parametrize("where", ["appended_short_line", "inserted_short_line", "repeated_line"])
def test_transposed_d00_with_one_extra_line_keeps_the_file(
    where: str, tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """52 x 500 plus one extra line: the extra line is quarantined, the 500 samples are read."""
    data = shared_file(f"{TE_DIR}/d00.dat").read_bytes()
    lines = data.splitlines()
    base_wide = tables(_read_bytes(tmp_path / "orig", "d00.dat", data))[0]
    extra = {
        "appended_short_line": (52, b"  0.25  0.5  1.0"),
        "inserted_short_line": (20, b"  9.9e+01  1.0e+00"),
        "repeated_line": (31, lines[30]),
    }[where]
    lines.insert(*extra)
    result = _read_bytes(tmp_path / "mutated", "d00.dat", b"\n".join(lines) + b"\n")
    wide, long, quarantine = tables(result)
    assert _values(wide) == _values(base_wide) and wide.height == 500
    reason = "duplicate_record" if where == "repeated_line" else "wrong_field_count"
    assert quarantine.select("source_line", "reason").rows() == [(extra[0] + 1, reason)]
    assert result.input_units == 53 and result.reconciles()
    assert result.ledger == {"variable_line": 52, "quarantined": 1}
    cited = long.filter(pl.col("tag") == "XMV(11)")["source_line"].unique().to_list()
    assert cited == [52 if extra[0] > 51 else 53]  # the last variable line, after the insert


@pytest.mark.integration
def test_duplicated_row_does_not_shift_later_timestamps(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A repeated sample line is quarantined; every later sample keeps its own time stamp."""
    data = shared_file(f"{TE_DIR}/d01_te.dat").read_bytes()
    lines = data.splitlines()
    base_wide = tables(_read_bytes(tmp_path / "orig", "d01_te.dat", data))[0]
    lines.insert(100, lines[99])
    result = _read_bytes(tmp_path / "mutated", "d01_te.dat", b"\n".join(lines) + b"\n")
    wide, _, quarantine = tables(result)
    assert quarantine.select("source_line", "reason").rows() == [(101, "duplicate_record")]
    assert _values(wide) == _values(base_wide)
    assert wide.filter(pl.col("sample") == 960)["source_line"].to_list() == [961]
    assert wide["fault_active"].to_list() == base_wide["fault_active"].to_list()
    assert result.input_units == 961 and result.reconciles()


@pytest.mark.integration
@pytest.mark.parametrize("encoding", ["latin-1", "gb18030"])
def test_undecodable_bytes_are_bad_encoding_never_replacement_chars(
    encoding: str, tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A line carrying foreign bytes is quarantined bad_encoding with its bytes escaped."""
    data = shared_file(f"{TE_DIR}/d01.dat").read_bytes()
    lines = data.splitlines()
    lines[5] = lines[5] + " 备注°".encode(encoding, "ignore")
    result = _read_bytes(tmp_path, "d01.dat", b"\n".join(lines) + b"\n")
    wide, _, quarantine = tables(result)
    assert quarantine.select("source_line", "reason").rows() == [(6, "bad_encoding")]
    assert "\\x" in quarantine["raw"][0] and "\ufffd" not in quarantine["raw"][0]
    assert wide.height == len(lines) - 1 and 6 not in wide["sample"].to_list()
    assert wide.filter(pl.col("sample") == 7)["source_line"].to_list() == [7]


@pytest.mark.integration
def test_declared_encoding_reads_the_same_bytes(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """With `source.encoding: gb18030` a GB18030 comment-free file decodes line by line."""
    data = shared_file(f"{TE_DIR}/d01.dat").read_bytes()
    path = tmp_path / "d01.dat"
    path.write_bytes(data.decode("ascii").encode("gb18030"))
    connector = TennesseeEastmanConnector()
    connector.encoding = "gb18030"
    result = connector.read([path], tmp_path / "out")
    assert result.rows_quarantined == 0 and result.rows_out == 480


def test_damaged_archive_member_names_the_archive(tmp_path: Path) -> None:
    """A zip whose member fails its CRC is a SourceFormatError naming it, not a raw zlib error."""
    archive = tmp_path / "te.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("d02.dat", "\n".join(rows_text(40)) + "\n")
    data = bytearray(archive.read_bytes())
    data[60] ^= 0xFF  # inside the deflated member
    archive.write_bytes(bytes(data))
    with pytest.raises(SourceFormatError, match="damaged archive member d02.dat") as info:
        TennesseeEastmanConnector().read([archive], tmp_path / "out")
    assert info.value.path == archive


def test_a_real_run_saved_with_decimal_commas_reads_like_the_original(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    # trial12: d01.dat with decimal commas (2,3766000e-01) was drafted by bohai init as a
    # delimited table whose header was its first sample, split at the commas
    real = shared_file("petrochemical/tennessee_eastman/d01.dat")
    comma = tmp_path / "eu" / "d01.dat"
    comma.parent.mkdir()
    comma.write_text(re.sub(r"(\d)\.(\d)", r"\1,\2", real.read_text()))
    original = tables(TennesseeEastmanConnector().read([real], tmp_path / "a"))[0]
    result = TennesseeEastmanConnector().read([comma], tmp_path / "b")
    wide, _, quarantine = tables(result)
    assert quarantine.height == 0 and result.reconciles()
    assert wide.drop("source_file").equals(original.drop("source_file"))
    twice = "\n".join([rows_text(1)[0].replace(".", ",", 1).replace("e", ",5e", 1)]) + "\n"
    bad = tables(read(tmp_path / "c", {"d01.dat": twice}))[2]  # 2,5,3e-01: no number
    assert bad.select("reason").item() == "unparsable_value"
