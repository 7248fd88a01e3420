"""Tests for the historian long-form connector: CSV and Parquet, time zones, quality, bad lines."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from connectors.base import QUARANTINE_SCHEMA, IngestResult, SourceFormatError
from connectors.historian import HistorianConnector
from connectors.registry import get_connector
from schemas.petrochemical import SENSOR_READINGS

TAGS = {
    "FI-101": {"unit": "m3/h", "low": 0, "high": 100},
    "TI-102": {"unit": "°C", "low": 0, "high": 400, "max_step": 5},
}


def read_csv(
    tmp_path: Path, lines: list[str], name: str = "cdu.csv", **options: object
) -> tuple[IngestResult, pl.DataFrame, pl.DataFrame]:
    """Write a CSV export, read it, return result, table and quarantine."""
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = HistorianConnector(**({"tags": TAGS} | options)).read([path], tmp_path / "out")
    return result, pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path)


def test_registered_under_format_name() -> None:
    assert isinstance(get_connector("historian_long"), HistorianConnector)


def test_readings_get_utc_time_unit_and_normalized_quality(tmp_path: Path) -> None:
    result, table, quarantine = read_csv(
        tmp_path,
        [
            "tag,timestamp,value,quality",
            "FI-101,2026-11-01 08:00:00,12.5,192",
            "FI-101,2026-11-01T08:01:00+08:00,,0",
            "TI-102,2026/11/01 08:02,NaN,Good",
            "TI-102,2026-11-01T00:03:00.5Z,351.25,64",
            "TI-102,2026-11-01 08:04:00,350.5,",
        ],
        timezone="Asia/Shanghai",
    )
    assert table.schema == SENSOR_READINGS.polars_schema() and quarantine.height == 0
    assert table["timestamp"].to_list() == [
        datetime(2026, 11, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 1, 0, 1, tzinfo=UTC),
        datetime(2026, 11, 1, 0, 2, tzinfo=UTC),
        datetime(2026, 11, 1, 0, 3, 0, 500000, tzinfo=UTC),
        datetime(2026, 11, 1, 0, 4, tzinfo=UTC),
    ]
    assert table["value"].to_list() == [12.5, None, None, 351.25, 350.5]
    assert table["quality"].to_list() == ["good", "bad", "good", "uncertain", "good"]
    assert table["source_quality"].to_list() == ["192", "0", "Good", "64", None]
    assert table["unit"].to_list() == ["m3/h", "m3/h", "°C", "°C", "°C"]
    assert table["run_id"].unique().to_list() == ["cdu"]
    assert table["source_line"].to_list() == [2, 3, 4, 5, 6]
    assert result.ledger == {"header": 1, "reading": 5}


def test_bad_lines_are_quarantined_with_line_and_reason(tmp_path: Path) -> None:
    lines = [
        "tag,timestamp,value,quality",
        "FI-101,2026-11-01 00:00:00,1.5,192",
        "",
        "FI-101,2026-11-01 00:02:00",
        "FI-101,2026-11-01 00:03:00,2,192,extra",
        '"FI-101",2026-11-01 25:00:00,"1,5",192',
        "FI-101,2026-11-01 00:05:00,abc,192",
        "FI-101,2026-11-01 00:06:00,inf,192",
        "FI-101,2026-11-01 00:07:00,3,weird",
        "XX-1,2026-11-01 00:08:00,3,192",
        ",2026-11-01 00:09:00,3,192",
        '"FI-101","2026-11-01 00:10:00","4.5","192"',
    ]
    result, table, quarantine = read_csv(tmp_path, lines)
    assert quarantine.schema == QUARANTINE_SCHEMA
    assert table["source_line"].to_list() == [2, 12]  # the quoted line parses like any other
    assert quarantine.select("source_line", "reason").rows() == [
        (4, "wrong_field_count"),
        (5, "wrong_field_count"),
        (6, "unparsable_timestamp"),
        (7, "unparsable_value"),
        (8, "unparsable_value"),
        (9, "unknown_quality"),
        (10, "unknown_tag"),
        (11, "missing_required_field"),
    ]
    details = quarantine["detail"].to_list()
    assert details[0] == "2 fields, header has 4" and details[1] == "5 fields, header has 4"
    assert details[3] == "value=abc" and details[6] == "tag XX-1 is not in the tag dictionary"
    assert quarantine["raw"][0] == lines[3]
    assert quarantine["source_file"].unique().to_list() == ["cdu.csv"]
    assert result.ledger == {"header": 1, "reading": 2, "quarantined": 8, "blank_line": 1}
    assert result.input_units == len(lines) and result.reconciles()


@pytest.mark.parametrize("careful", [False, True])
def test_a_header_repeated_by_concatenated_exports_is_counted(
    tmp_path: Path, careful: bool
) -> None:
    # trial13: two exports joined with `cat` put their second header mid-file; it was
    # quarantined as unparsable_timestamp "timestamp=timestamp", a reading that never was.
    lines = [
        "Tag,Timestamp,Value,Quality",
        "FI-101,2026-11-01 00:00:00,1.5,192",
        "Tag,Timestamp,Value,Quality",
        "FI-101,2026-11-01 00:01:00,1.6,192",
        "FI-101,2026-11-01 00:02:00\x00,1.7,192" if careful else "FI-101,1.7",
    ]
    result, table, quarantine = read_csv(tmp_path, lines)
    assert table["source_line"].to_list() == [2, 4]
    assert quarantine["source_line"].to_list() == [5]
    assert result.ledger["repeated_header"] == 1 and result.ledger["header"] == 1
    assert result.input_units == len(lines) and result.reconciles()


def test_header_renames_and_unknown_tags_kept_on_request(tmp_path: Path) -> None:
    _, table, quarantine = read_csv(
        tmp_path,
        ["TagName,Time,Val,Desc", "XX-1,2026-11-01 00:00:00,1.0,x"],
        columns={"tag": "TagName", "timestamp": "Time", "value": "Val"},
        ignore_columns=["Desc"],
        unknown_tags="keep",
        run_id="export-7",
    )
    assert quarantine.height == 0
    assert table.select("run_id", "tag", "value", "unit", "quality", "source_quality").row(0) == (
        "export-7",
        "XX-1",
        1.0,
        None,
        "good",
        None,
    )


def test_other_delimiters_and_a_decimal_comma(tmp_path: Path) -> None:
    _, table, quarantine = read_csv(
        tmp_path,
        ["tag;timestamp;value", "FI-101;2026-11-01 00:00:00;1.5", "FI-101;2026-11-01 00:01:00;1,5"],
        delimiter=";",
    )
    assert table["value"].to_list() == [1.5]
    assert quarantine.select("reason", "detail").row(0) == ("unparsable_value", "value=1,5")


def test_status_words_are_missing_readings_with_a_reason_not_bad_lines(tmp_path: Path) -> None:
    """PI digital states and MSVC NaN prints are the historian saying why a reading is missing."""
    result, table, quarantine = read_csv(
        tmp_path,
        [
            "tag,timestamp,value,quality",
            "FI-101,2026-11-01 00:00:00,Bad Input,",
            "FI-101,2026-11-01 00:01:00,I/O Timeout,192",
            "FI-101,2026-11-01 00:02:00,1.#QNAN,",
            "FI-101,2026-11-01 00:03:00,-1.#IND,",
            "FI-101,2026-11-01 00:04:00,Plant Trip,",
            "FI-101,2026-11-01 00:05:00,Bad Inputs,",
        ],
        status_values=["Plant Trip"],
    )
    assert table["value"].to_list() == [None] * 5
    assert table["quality"].to_list() == ["bad"] * 5, "a status overrides a good quality code"
    # trial10: an export writing `I/O Timeout,Bad` kept only "Bad": why the reading is missing
    # was lost whenever the file has a quality column
    assert table["source_quality"].to_list() == ["Bad Input", "192 (I/O Timeout)", "1.#QNAN",
                                                 "-1.#IND", "Plant Trip"]  # fmt: skip
    assert quarantine.select("source_line", "reason", "detail").rows() == [
        (7, "unparsable_value", "value=Bad Inputs")
    ], "a word that is no known status is still a bad value"
    assert result.reconciles()


def test_a_decimal_comma_is_read_only_when_declared(tmp_path: Path) -> None:
    lines = [
        "tag,timestamp,value",
        'FI-101,2026-11-01 00:00:00,"123,45"',
        "FI-101,2026-11-01 00:01:00,2",
    ]
    _, table, quarantine = read_csv(tmp_path, lines, decimal_comma=True)
    assert table["value"].to_list() == [123.45, 2.0] and quarantine.height == 0
    _, table, quarantine = read_csv(tmp_path, lines)
    assert table["value"].to_list() == [2.0]
    assert quarantine.select("reason", "detail").row(0) == ("unparsable_value", "value=123,45")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("tag,time,value", "missing timestamp"),
        ("tag,timestamp,value,quality,unit", "unexpected unit"),
        ("", r"line 2: header \['FI-101'"),  # after a blank line, the first line is the header
    ],
)
def test_a_different_header_is_a_source_format_error(
    tmp_path: Path, header: str, message: str
) -> None:
    with pytest.raises(SourceFormatError, match=message) as info:
        read_csv(tmp_path, [header, "FI-101,2026-11-01 00:00:00,1"])
    assert "cdu.csv" in str(info.value)


def test_a_file_of_blank_lines_is_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match="empty file"):
        read_csv(tmp_path, ["", "  "])


def test_parquet_exports_keep_native_types(tmp_path: Path) -> None:
    path = tmp_path / "cdu.parquet"
    pl.DataFrame(
        {
            "Tag": ["FI-101", "TI-102", "TI-102"],
            "Timestamp": [datetime(2026, 11, 1, 8, 0), datetime(2026, 11, 1, 8, 1), None],
            "Value": [10.0, 300.0, 301.0],
            "Quality": [192, 0, 192],
        }
    ).write_parquet(path)
    result = HistorianConnector(tags=TAGS, timezone="Asia/Shanghai").read([path], tmp_path / "o")
    table = pl.read_parquet(result.table_path)
    quarantine = pl.read_parquet(result.quarantine_path)
    assert table["timestamp"].to_list() == [
        datetime(2026, 11, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 1, 0, 1, tzinfo=UTC),
    ]
    assert table["quality"].to_list() == ["good", "bad"]
    assert table["source_line"].to_list() == [1, 2]
    assert quarantine.select("source_line", "reason").row(0) == (3, "missing_required_field")
    assert '"Tag":"TI-102"' in quarantine["raw"][0]
    assert result.reconciles() and result.input_units == 3


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown options"):
        HistorianConnector(tag_file="x").read([], Path("."))
    with pytest.raises(ValueError, match="low 5 is above high 1"):
        HistorianConnector(tags={"A": {"low": 5, "high": 1}}).read([], Path("."))
    with pytest.raises(ValueError, match="quality_map.X must be"):
        HistorianConnector(quality_map={"X": "fine"}).read([], Path("."))


# --- issue 12: a generated day of the demo historian export with one defect each ---------------


def _sample_day(tmp_path: Path) -> tuple[bytes, dict[str, dict[str, object]]]:
    """The project's generated historian export (no real historian file is shipped)."""
    from datetime import date

    from samples.petrochemical_historian import tag_dictionary, write_historian_csv

    target = tmp_path / "generated.csv"
    write_historian_csv(target, date(2026, 11, 1))
    return b"".join(target.read_bytes().splitlines(keepends=True)[:200]), tag_dictionary()


def _read_bytes(
    tmp_path: Path, data: bytes, tags: dict[str, dict[str, object]], encoding: str = "utf-8"
) -> tuple[IngestResult, pl.DataFrame, pl.DataFrame]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "cdu1.csv"
    path.write_bytes(data)
    connector = HistorianConnector(tags=tags, timezone="Asia/Shanghai")
    connector.encoding = encoding
    result = connector.read([path], tmp_path / "out")
    return result, pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path)


@pytest.mark.parametrize(
    "mutate",
    [
        pytest.param(lambda b: __import__("gzip").compress(b), id="gzip_named_csv"),
        pytest.param(lambda b: b.replace(b"\r\n", b"\n").replace(b"\n", b"\r"), id="cr_only"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
    ],
)
def test_gzip_cr_only_and_bom_read_like_the_plain_file(mutate: object, tmp_path: Path) -> None:
    """A gzip under .csv, CR-only line ends or a BOM give the plain file's readings."""
    data, tags = _sample_day(tmp_path)
    base, base_table, _ = _read_bytes(tmp_path / "a", data, tags)
    result, table, _ = _read_bytes(tmp_path / "b", mutate(data), tags)  # type: ignore[operator]
    assert result.ledger == base.ledger and result.input_units == len(data.splitlines())
    assert table.drop("source_file").equals(base_table.drop("source_file"))


def test_undecodable_line_is_bad_encoding_and_declared_encoding_is_honoured(
    tmp_path: Path,
) -> None:
    """Latin-1 bytes under UTF-8 quarantine one line (no U+FFFD); declared gb18030 decodes."""
    data, tags = _sample_day(tmp_path)
    lines = data.splitlines()
    lines[7] = lines[7] + "  °C".encode("latin-1")
    result, table, quarantine = _read_bytes(tmp_path / "a", b"\n".join(lines) + b"\n", tags)
    assert quarantine.select("source_line", "reason").rows()[:1] == [(8, "bad_encoding")]
    assert "\\xb0C" in quarantine["raw"][0]
    assert not table["tag"].str.contains("\ufffd").any() and result.reconciles()
    assert result.input_units == len(lines)
    zh = {"反应器温度-1": {"unit": "°C", "low": 0, "high": 900}}
    text = "tag,timestamp,value\n反应器温度-1,2026-11-01 08:00:00,350.5\n"
    result, table, quarantine = _read_bytes(tmp_path / "b", text.encode("gb18030"), zh, "gb18030")
    assert quarantine.height == 0 and table["tag"].to_list() == ["反应器温度-1"]
    assert table["unit"].to_list() == ["°C"]


def test_exact_duplicate_line_is_quarantined_first_kept(tmp_path: Path) -> None:
    """A repeated reading is duplicate_record, so (tag, timestamp) stays unique when released."""
    data, tags = _sample_day(tmp_path)
    lines = data.splitlines()
    base, base_table, _ = _read_bytes(tmp_path / "a", data, tags)
    lines.insert(50, lines[40])
    result, table, quarantine = _read_bytes(tmp_path / "b", b"\n".join(lines) + b"\n", tags)
    dup = quarantine.filter(pl.col("reason") == "duplicate_record")
    assert dup["source_line"].to_list() == [51]
    assert table.height == base_table.height and result.reconciles()


def test_a_unit_separator_byte_in_a_line_quarantines_that_line_only(tmp_path: Path) -> None:
    """Found by the long fuzz run: 0x1F (the fast path's line separator) failed the partition."""
    lines = [
        "tag,timestamp,value,quality",
        "FI-101,2026-11-01 00:00:00,1.5,192",
        "FI-101,2026-11-01 00:01:00,5\x1f10.3,192",
        "FI-101,2026-11-01 00:02:00,2.5,192",
    ]
    result, table, quarantine = read_csv(tmp_path, lines)
    assert table["source_line"].to_list() == [2, 4]
    assert quarantine.select("source_line", "reason").rows() == [(3, "unparsable_value")]
    assert quarantine["raw"][0] == lines[2]
    assert result.input_units == len(lines) and result.reconciles()


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_blank_lines_before_the_header_are_counted_not_a_refusal(
    tmp_path: Path, encoding: str
) -> None:
    """They refused the whole file as 'empty file: no CSV header' (fuzz: leading_blank_lines)."""
    path = tmp_path / "cdu.csv"
    body = "\n \r\ntag,timestamp,value,quality\nFI-101,2026-11-01 00:00:00,1.5,192\n"
    path.write_bytes(body.encode(encoding))
    result = HistorianConnector(tags=TAGS, encoding=encoding).read([path], tmp_path / "out")
    assert pl.read_parquet(result.table_path)["source_line"].to_list() == [4]
    assert result.ledger == {"header": 1, "reading": 1, "blank_line": 2}
    assert result.input_units == 4 and result.reconciles()


def test_the_same_export_under_two_names_is_refused_not_read_twice(tmp_path: Path) -> None:
    """Each file is its own run, so a resent copy doubled every reading with no duplicate stamp
    to catch it (fuzz: twice_under_two_names); a file with other bytes is still read."""
    body = b"tag,timestamp,value,quality\nFI-101,2026-11-01 00:00:00,1.5,192\n"
    first, copy, other = tmp_path / "cdu.csv", tmp_path / "cdu (1).csv", tmp_path / "cdu2.csv"
    first.write_bytes(body)
    copy.write_bytes(body)
    other.write_bytes(body.replace(b"1.5", b"2.5"))
    connector = HistorianConnector(tags=TAGS)
    with pytest.raises(
        SourceFormatError, match=r"cdu \(1\)\.csv, line 1: the same bytes as cdu\.csv"
    ):
        connector.read([first, copy, other], tmp_path / "out")
    result = connector.read([first, other], tmp_path / "out")
    assert pl.read_parquet(result.table_path)["value"].to_list() == [1.5, 2.5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\x00" * 10 + b"\n",
            r"cdu\.csv, line 1: header line is unreadable \(nul_byte\): NUL byte",
        ),
        (b"\r\r", r"cdu\.csv, line 1: empty file: no CSV header, only 2 blank line"),
    ],
)
def test_no_header_message_says_what_the_file_holds(
    tmp_path: Path, data: bytes, message: str
) -> None:
    """Both were 'empty file or unreadable header' (fuzz edge probe: 10 NULs, CR-only blanks)."""
    path = tmp_path / "cdu.csv"
    path.write_bytes(data)
    with pytest.raises(SourceFormatError, match=message):
        HistorianConnector(tags=TAGS).read([path], tmp_path / "out")


@pytest.mark.parametrize("order", ["time", "tag", "newest"])
def test_the_hour_the_clocks_go_back_is_read_in_file_order(tmp_path: Path, order: str) -> None:
    # trial12: a Berlin export of 25 Oct 2026 quarantined every reading of 02:00-02:59 (both
    # passes) as unparsable_timestamp; 270,000 readings at 1 s: 21,600 lost, now 0
    wall = ["02:30:00", "02:00:00", "02:30:00", "03:00:00"]  # 02:30 CEST, then 02:00 CET on
    utc = [datetime(2026, 10, 25, h, m, tzinfo=UTC) for h, m in ((0, 30), (1, 0), (1, 30), (2, 0))]
    rows = [(tag, f"2026-10-25 {w}", n) for tag in ("FI-101", "TI-102") for n, w in enumerate(wall)]
    if order != "tag":  # time after time, oldest or newest first
        rows.sort(key=lambda r: r[2], reverse=order == "newest")
    lines = ["tag,timestamp,value"] + [f"{t},{w},{n}" for t, w, n in rows]
    _, table, quarantine = read_csv(tmp_path, lines, timezone="Europe/Berlin")
    assert quarantine.height == 0
    got = {(t, v): ts for t, v, ts in table.select("tag", "value", "timestamp").iter_rows()}
    for tag in ("FI-101", "TI-102"):
        assert [got[(tag, float(n))] for n in range(4)] == utc


def test_a_constant_reading_in_both_passes_of_the_repeated_hour_is_no_copy(
    tmp_path: Path,
) -> None:
    # trial12: a tag constant through the night of 25 Oct 2026 (Berlin) lost its second 02:xx
    # hour as duplicate_record (3,600 readings at 1 s); a true copy is still one
    wall = ["02:30:00", "02:00:00", "02:30:00", "02:30:00"]  # the last line a true copy
    lines = ["tag,timestamp,value"] + [f"FI-101,2026-10-25 {w},7.5" for w in wall]
    _, table, quarantine = read_csv(tmp_path, lines, timezone="Europe/Berlin")
    assert table["timestamp"].to_list() == [
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
    ]
    assert quarantine.select("source_line", "reason").rows() == [(5, "duplicate_record")]


def test_an_end_of_day_24_00_reading_is_the_next_midnight(tmp_path: Path) -> None:
    # trial13: a daily export's last sample "2026-11-20 24:00:00" (ISO 8601's end of the day)
    # was quarantined unparsable_timestamp while "23:59:60" read as the next minute.
    lines = [
        "tag,timestamp,value",
        "FI-101,2026-11-20 23:55:00,1.5",
        "FI-101,2026-11-20 24:00:00,1.6",
        "FI-101,2026-11-20T24:00Z,1.7",
        "FI-101,2026-11-20 24:30:00,1.8",
    ]
    result, table, quarantine = read_csv(tmp_path, lines, timezone="Asia/Shanghai")
    assert table["timestamp"].to_list() == [
        datetime(2026, 11, 20, 15, 55, tzinfo=UTC),
        datetime(2026, 11, 20, 16, 0, tzinfo=UTC),
        datetime(2026, 11, 21, 0, 0, tzinfo=UTC),
    ]
    assert quarantine.select("source_line", "reason").rows() == [(5, "unparsable_timestamp")]
    assert result.reconciles()
