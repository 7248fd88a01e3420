"""A spreadsheet's `,,` at line ends is no broken record; a real extra field still is."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from connectors.csv_records import CsvRecords
from connectors.registry import get_connector

# Rows of a hand-made outpatient export (trial11) as a spreadsheet re-saved them: some end in
# `,,`, one holds a quoted note over two lines, one has a real value past the header.
LINES = [
    "就诊时间,姓名,主诉,费用",
    "2026-12-01 08:00:00,刘淑,头晕、乏力半月,12.5,,",
    '2026-12-01 08:10:00,邵建,"发热2天，""咽痛""明显，',
    '伴流涕",30.0,,',
    "2026-12-01 08:20:00,廖娜,复诊,8.0",
    "2026-12-01 08:30:00,王五,复诊,9.0,多出来的",
]


def test_empty_fields_past_the_header_are_dropped_and_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "门诊日志_20261201.csv"
    path.write_text("\r\n".join(LINES) + "\r\n", encoding="utf-8")
    result = get_connector("delimited_table").read([path], tmp_path / "out")
    assert result.reconciles(), result.ledger
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    assert table.get_column("姓名").to_list() == ["刘淑", "邵建", "廖娜"]
    assert table.get_column("费用").to_list() == [12.5, 30.0, 8.0]
    quarantine = pl.read_parquet(result.quarantine_path)
    assert quarantine.select("source_line", "reason").rows() == [(6, "wrong_field_count")]


def test_other_readers_still_count_every_field(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2,,\n", encoding="utf-8")
    reader = CsvRecords(path)
    reader.read_header()
    (record,) = list(reader)
    assert record.problem == "wrong_field_count"


def test_a_header_repeated_inside_the_file_is_counted_not_quarantined(tmp_path: Path) -> None:
    # trial11: two exports of a day joined end to end repeat the header in the middle.
    path = tmp_path / "门诊日志_20261201.csv"
    day = ["2026-12-01 09:00:00,黎芳,复诊,5.0", "2026-12-01 09:10:00,赖娟,复诊,6.0"]
    path.write_text("\n".join([LINES[0], day[0], LINES[0], day[1]]) + "\n", encoding="utf-8")
    result = get_connector("delimited_table").read([path], tmp_path / "out")
    assert result.reconciles() and result.rows_quarantined == 0
    assert result.ledger["repeated_header"] == 1 and result.rows_out == 2
