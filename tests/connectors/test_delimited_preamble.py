"""A DCS export's title and export notes before its header: found, skipped, counted, drafted."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import yaml

from connectors.base import SourceFormatError
from connectors.preamble import preamble_lines
from connectors.registry import get_connector
from schemas.draft import draft_spec

# The shape of a hand-made CDU export (trial11): a title, who exported it and when, then the table.
PREAMBLE = ['"DCS Export - 常减压装置 CDU-1"', '"导出人: 王建华","导出时间: 2026/12/01 23:59"']
HEADER = "时间,FIC101.PV [m3/h],TI203.PV [℃],状态,操作员"


def _export(path: Path, preamble: list[str], rows: int = 40) -> Path:
    body = [f"2026-12-01 {i // 60:02d}:{i % 60:02d}:00,35{i % 10}.1,36{i % 10}.5,正常,李红梅"
            for i in range(rows)]  # fmt: skip
    path.write_bytes(("\r\n".join([*preamble, HEADER, *body]) + "\r\n").encode("gbk"))
    return path


def test_the_header_is_the_first_line_as_wide_as_the_rows(tmp_path: Path) -> None:
    assert preamble_lines(_export(tmp_path / "a.csv", PREAMBLE), "gb18030") == 2
    assert preamble_lines(_export(tmp_path / "b.csv", []), "gb18030") == 0
    ragged = tmp_path / "c.csv"  # a row with a stray extra field is no preamble sign
    ragged.write_text("a,b\n1,2\n1,2,3\n1,2\n", encoding="utf-8")
    assert preamble_lines(ragged, "utf-8") == 0


def test_a_drafted_header_line_is_read_and_the_preamble_counted(tmp_path: Path) -> None:
    source = _export(tmp_path / "CDU1_20261201.csv", PREAMBLE)
    drafted = draft_spec(source, "petrochemical/cdu1", license="CC0-1.0", owner="test")
    options = yaml.safe_load(drafted.text)["source"]["options"]
    assert options["header_line"] == 3
    assert list(options["columns"])[:2] == ["时间", "fic101_pv_m3_h"]
    result = get_connector("delimited_table", options | {"encoding": "gb18030"}).read(
        [source], tmp_path / "run"
    )
    assert result.reconciles() and result.ledger["preamble"] == 2
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    assert table.height == 40 and result.rows_quarantined == 0
    assert table.get_column("source_line")[0] == 4
    assert "王建华" not in table.to_pandas().to_string()  # the exporter's name is never read


def test_a_file_whose_header_moved_is_refused_naming_the_line(tmp_path: Path) -> None:
    source = _export(tmp_path / "CDU1_20261201.csv", PREAMBLE)
    drafted = yaml.safe_load(
        draft_spec(source, "petrochemical/cdu1", license="CC0-1.0", owner="test").text
    )
    moved = _export(tmp_path / "CDU1_20261202.csv", PREAMBLE[:1])  # one preamble line, not two
    reader = get_connector("delimited_table", drafted["source"]["options"])
    reader.encoding = "gb18030"
    with pytest.raises(SourceFormatError, match=r"line 3: header does not match"):
        reader.read([moved], tmp_path / "run")


def _excel_eu(path: Path, first: str = "sep=;") -> Path:
    """A European Excel export: `sep=;`, `;` between fields and decimal commas in them."""
    rows = [f"24.10.2026 00:{i:02d}:00;0,2{i % 10}5;3702,{i % 10};4502" for i in range(40)]
    text = "\r\n".join([first, "Zeitstempel;XMEAS(1);XMEAS(2);XMEAS(3)", *rows]) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return path


@pytest.mark.parametrize("first", ["sep=;", '"sep=;"', "sep=;;;", "SEP=;"])
def test_excel_sep_line_names_the_delimiter_and_is_preamble(tmp_path: Path, first: str) -> None:
    # trial12: `sep=;` then `;` fields with decimal commas drafted line 7 (a data row) as header
    source = _excel_eu(tmp_path / "te_2026-10-24.csv", first)
    assert preamble_lines(source, "latin-1") == 1
    drafted = draft_spec(source, "petrochemical/te_eu", license="CC0-1.0", owner="test")
    options = yaml.safe_load(drafted.text)["source"]["options"]
    assert options["header_line"] == 2
    assert list(options["columns"]) == ["zeitstempel", "xmeas_1", "xmeas_2", "xmeas_3"]
    assert options["columns"]["xmeas_1"]["decimal_comma"] is True
    result = get_connector("delimited_table", options).read([source], tmp_path / "run")
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    assert result.reconciles() and result.ledger["preamble"] == 1 and table.height == 40
    assert table.get_column("xmeas_1")[1] == pytest.approx(0.215)


def test_a_spec_without_header_line_still_skips_the_excel_sep_line(tmp_path: Path) -> None:
    source = _excel_eu(tmp_path / "te.csv")
    drafted = yaml.safe_load(
        draft_spec(source, "petrochemical/te", license="CC0-1.0", owner="t").text
    )
    options = dict(drafted["source"]["options"])
    del options["header_line"]  # written by hand, or drafted before sep= was known
    result = get_connector("delimited_table", options).read([source], tmp_path / "run")
    assert result.reconciles() and result.rows_out == 40 and result.ledger["preamble"] == 1


def _with_units(path: Path, units: bool = True) -> Path:
    rows = [f"2026-10-24 00:{i:02d}:00;0,2{i % 10}5;3702,{i % 10};Good" for i in range(30)]
    head = ["Zeit;FI-101 Durchfluss;TI-109;Status"] + (["[CET];[m³/h];[°C];"] if units else [])
    path.write_bytes(("\r\n".join(["sep=;", *head, *rows]) + "\r\n").encode("cp1252"))
    return path


def test_a_units_row_under_the_header_is_drafted_counted_and_not_read(tmp_path: Path) -> None:
    # trial12: a plant export's units row was a record: every column "does not read as its
    # drafted type" and one row per file quarantined as unparsable_field
    source = _with_units(tmp_path / "te_2026-10-24.csv")
    drafted = draft_spec(source, "petrochemical/te_units", license="CC0-1.0", owner="test")
    options = yaml.safe_load(drafted.text)["source"]["options"]
    assert options["units_line"] is True and options["header_line"] == 2
    assert options["columns"]["ti_109"]["dtype"] == "float64"
    result = get_connector("delimited_table", options | {"encoding": "latin-1"}).read(
        [source], tmp_path / "run"
    )
    assert result.reconciles() and result.ledger["units_line"] == 1
    assert result.rows_out == 30 and result.rows_quarantined == 0
    without = _with_units(tmp_path / "te_2026-10-25.csv", units=False)  # the feed dropped it
    again = get_connector("delimited_table", options | {"encoding": "latin-1"}).read(
        [without], tmp_path / "run2"
    )
    assert again.reconciles() and again.rows_out == 30 and again.ledger["units_line"] == 0


def test_no_units_row_is_drafted_for_a_table_of_text_or_numbers(tmp_path: Path) -> None:
    source = _with_units(tmp_path / "te.csv", units=False)
    drafted = draft_spec(source, "petrochemical/te_plain", license="CC0-1.0", owner="test")
    assert "units_line" not in yaml.safe_load(drafted.text)["source"]["options"]
    text = tmp_path / "staff.csv"  # a first record without numbers, but none after it either
    text.write_text("name,ward\n李红梅,内科\n王建华,外科\n", encoding="utf-8")
    drafted = draft_spec(text, "medical/staff_plain", license="CC0-1.0", owner="test")
    assert "units_line" not in yaml.safe_load(drafted.text)["source"]["options"]


def test_a_first_record_with_its_numbers_missing_is_no_units_row(tmp_path: Path) -> None:
    people = tmp_path / "visits.csv"
    people.write_text("name,age,weight\n赵丽华,,\n李红梅,45,61.5\n王建华,52,70\n", encoding="utf-8")
    drafted = draft_spec(people, "medical/visits_plain", license="CC0-1.0", owner="test")
    assert "units_line" not in yaml.safe_load(drafted.text)["source"]["options"]
