"""The generic delimited-table connector: any header-first table, typed, every line accounted."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from connectors.base import SourceFormatError
from connectors.delimited_table import DelimitedTableConnector, column_names
from connectors.registry import get_connector
from samples.people_table import HEADER, people_table

REAL_CSVS = [
    "medical/mtsamples_slice_72rows.csv",  # multi-line quoted transcriptions
    "medical/synthea/patients.csv",
    "petrochemical/epa_rmp_accident_detailed.csv",
    "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv",
]


def _read(path: Path, out: Path, **options: object) -> tuple[pl.DataFrame, pl.DataFrame, object]:
    connector = get_connector("delimited_table", dict(options))
    result = connector.read([path], out)
    assert result.reconciles(), result.ledger
    assert result.table_path is not None
    return pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path), result


def test_people_table_types_reasons_and_ledger(tmp_path: Path) -> None:
    made = people_table(rows=60)
    path = tmp_path / "patients.csv"
    path.write_text(made.text, encoding="utf-8")
    table, quarantine, result = _read(path, tmp_path / "out")
    assert table.height == made.good_rows
    assert sorted(quarantine.get_column("reason")) == sorted(made.reasons)
    assert result.input_units == len(made.text.splitlines())  # type: ignore[attr-defined]
    assert table.schema["birth_date"] == pl.Date and table.schema["visits"] == pl.Int64
    assert table.schema["id_number"] == pl.String and table.schema["phone"] == pl.String
    assert table.columns[:7] == column_names(list(HEADER))
    first = made.text.splitlines()[1].split(",")[0]
    assert table.get_column("name")[0] == first and table.get_column("source_line")[0] == 2


@pytest.mark.parametrize("delimiter", ["\t", ";", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    made = people_table(rows=30, messy=False)
    rows = list(csv.reader(made.text.splitlines()))
    path = tmp_path / "patients.txt"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    table, quarantine, _ = _read(path, tmp_path / "out")
    assert table.height == 30 and quarantine.is_empty()
    assert table.get_column("address").str.contains(",").any()  # quoted commas kept in a field


def test_bom_gzip_and_gb18030(tmp_path: Path) -> None:
    made = people_table(rows=30, messy=False)
    gz = tmp_path / "patients.csv"
    gz.write_bytes(gzip.compress(b"\xef\xbb\xbf" + made.text.encode("utf-8")))
    table, _, _ = _read(gz, tmp_path / "gz")
    assert table.columns[0] == "name" and table.height == 30
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(made.text.encode("gb18030"))
    connector = DelimitedTableConnector()
    connector.encoding = "gb18030"
    result = connector.read([gbk], tmp_path / "gbk")
    assert result.table_path is not None
    names = pl.read_parquet(result.table_path).get_column("name").to_list()
    assert names == table.get_column("name").to_list()
    # the same bytes declared UTF-8: quarantining its Chinese lines would release only the
    # ASCII ones, so the file is refused, naming the first line and its byte offset
    chinese = [n for n, line in enumerate(made.text.splitlines(), 1) if not line.isascii()]
    offset = len("\n".join(made.text.splitlines()[: chinese[0] - 1]).encode("gb18030")) + 1
    assert len(chinese) >= 15  # Chinese people, and Chinese diagnoses
    with pytest.raises(SourceFormatError) as refused:
        _read(gbk, tmp_path / "utf8")
    assert refused.value.line == chinese[0]
    assert f"not utf-8 text: {len(chinese)} line(s) do not decode" in str(refused.value)
    assert "set source.encoding: gb18030" in str(refused.value)
    line = made.text.splitlines()[chinese[0] - 1].encode("gb18030")
    first_bad = next(i for i, b in enumerate(line) if b > 127)
    assert f"byte offset {offset + first_bad:,} " in str(refused.value)


def test_declared_columns_are_parsed_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Code,Amount,Day\nA,1,2024-01-02\nB,x,2024-01-03\nC,3,\n", encoding="utf-8")
    columns = {"code": "str", "amount": "int64", "day": {"dtype": "date", "nullable": False}}
    table, quarantine, _ = _read(path, tmp_path / "a", contract="t_demo", columns=columns)
    assert table.get_column("amount").to_list() == [1]
    assert quarantine.select("reason", "detail").rows() == [
        ("unparsable_field", "unparsable amount=x"),
        ("missing_required_field", "empty day"),
    ]
    wrong = {"code": "str", "amount": "int64", "weight": "float64"}
    with pytest.raises(SourceFormatError, match=r"missing \['weight'\], extra \['day'\]"):
        get_connector("delimited_table", {"columns": wrong}).read([path], tmp_path / "b")


def test_header_names() -> None:
    assert column_names(["Birth Date", " 身份证号 ", "", "2nd visit", "Phone", "phone"]) == [
        "birth_date",
        "身份证号",
        "column_3",
        "c_2nd_visit",
        "phone",
        "phone_2",
    ]


def test_one_column_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some text\nmore text\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="one column only"):
        get_connector("delimited_table").read([path], tmp_path / "out")


@pytest.mark.integration
@pytest.mark.parametrize("relative", REAL_CSVS)
def test_real_csvs_match_the_csv_module(
    relative: str, shared_file: Callable[[str], Path], tmp_path: Path
) -> None:
    path = shared_file(relative)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    table, quarantine, _ = _read(path, tmp_path / "out")
    assert quarantine.is_empty() and table.height == len(rows) - 1
    text = [c for c in table.columns if table.schema[c] == pl.String and c != "source_file"]
    assert table.get_column(text[0]).drop_nulls().len() > 0


DCS_HEADER = (
    "时间戳;FIC-101 进料流量 [m³/h];TI-203 反应器温度 [°C];PI-305 压力 [kgf/cm²];LIC-401 液位 [%]"
)


def _dcs(path: Path, rows: int = 40) -> Path:
    """A DCS export: `;`, decimal commas, thousands dots, one 'Bad Input' temperature."""
    lines = [DCS_HEADER]
    for i in range(rows):
        temp = "Bad Input" if i == 7 else f"35{i % 10},{i % 90 + 10}"
        lines.append(f"2026-12-01 00:{i:02d}:00;1.2{i % 10}4,5;{temp};18,{100 + i};5{i % 10},3")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_units_stay_readable_in_names() -> None:
    assert column_names(DCS_HEADER.split(";")) == [
        "时间戳",
        "fic_101_进料流量_m3_h",
        "ti_203_反应器温度_degc",
        "pi_305_压力_kgf_cm2",
        "lic_401_液位_pct",
    ]
    assert column_names(["温度 ℃", "Cond. [µS/cm]", "Birth Date"]) == [
        "温度_degc",
        "cond_us_cm",
        "birth_date",
    ]
    assert column_names(DCS_HEADER.split(";"), units=False)[1:3] == [
        "fic_101_进料流量_m_h",
        "ti_203_反应器温度_c",
    ]


def test_decimal_comma_export_is_inferred_typed_and_described(tmp_path: Path) -> None:
    connector = get_connector("delimited_table")
    result = connector.read([_dcs(tmp_path / "dcs.csv")], tmp_path / "out")
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    quarantine = pl.read_parquet(result.quarantine_path)
    decls = {d.name: d for d in connector.declared}  # type: ignore[attr-defined]
    assert all(decls[c].decimal_comma for c in list(decls)[1:]), "every reading column"
    assert decls["ti_203_反应器温度_degc"].description == "TI-203 反应器温度 [°C]"
    assert decls["时间戳"].description == ""  # nothing the name lost
    assert "18,1" in decls["pi_305_压力_kgf_cm2"].evidence  # `18,100` only by the file's others
    assert table.get_column("fic_101_进料流量_m3_h")[0] == 1204.5
    assert table.get_column("pi_305_压力_kgf_cm2")[0] == 18.1
    # a historian's status word is a missing reading with its reason, not a broken record
    assert quarantine.is_empty() and decls["ti_203_反应器温度_degc"].null_values == ("Bad Input",)
    temperature = table.get_column("ti_203_反应器温度_degc")
    assert temperature[7] is None and temperature.null_count() == 1
    assert table.get_column("ti_203_反应器温度_degc_null_reason").to_list()[6:9] == [
        None,
        "Bad Input",
        None,
    ]


def test_decimal_comma_declared_for_the_table_and_older_names(tmp_path: Path) -> None:
    path = _dcs(tmp_path / "dcs.csv")
    old = column_names(DCS_HEADER.split(";"), units=False)  # a spec drafted before units
    columns = {old[0]: "str", **dict.fromkeys(old[1:], "float64")}
    table, quarantine, _ = _read(
        path, tmp_path / "a", contract="t_dcs", columns=columns, decimal_comma=True
    )
    assert table.height == 39 and table.columns[1] == "fic_101_进料流量_m_h"
    assert table.get_column("lic_401_液位")[0] == 50.3
    # without the option the same numbers do not parse: every row is quarantined
    table, quarantine, _ = _read(path, tmp_path / "b", contract="t_dcs", columns=columns)
    assert table.height == 0 and quarantine.height == 40


def test_accented_latin_headers_keep_their_letters() -> None:
    from connectors.delimited_table import column_name

    headers = ["Füllstand [%]", "Zähler [kWh]", "Débit [m³/h]"]
    got = [column_name(h, i) for i, h in enumerate(headers)]
    assert got == ["fuellstand_pct", "zaehler_kwh", "debit_m3_h"]
    assert column_name("反应器温度 [℃]", 0) == "反应器温度_degc", "other scripts pass through"
    assert column_name("Füllstand [%]", 0, units=False) == "f_llstand", "older drafts still read"


def test_a_file_whose_first_line_is_numbers_has_no_header_and_is_refused(tmp_path: Path) -> None:
    # trial12: a headerless run with decimal commas (2,3766000e-01 3,6413000e+03 ...) split at
    # its commas and became a table whose 53 column names were the first sample's values
    path = tmp_path / "run.csv"
    path.write_text(
        "   2,3766000e-01   3,6413000e+03   4,4562000e+03\n   2,5e-01   3,7e+03   4,4e+03\n"
    )
    with pytest.raises(SourceFormatError, match=r"run.csv, line 1: no header: the first line is"):
        get_connector("delimited_table", {}).read([path], tmp_path / "out")
    years = tmp_path / "pivot.csv"  # numbers as column names beside a named column are a header
    years.write_text("region,2024,2025\n大连,1.5,2.5\n")
    assert get_connector("delimited_table", {}).read([years], tmp_path / "out2").rows_out == 1
