"""Tests for the incident report connector: JSONL and CSV, Chinese times, bad records."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from connectors.base import QUARANTINE_SCHEMA, IngestResult, SourceFormatError
from connectors.incident_reports import FIELDS, IncidentReportsConnector
from connectors.registry import get_connector
from samples.petrochemical_reports import generate_reports, report_lines
from schemas.petrochemical import INCIDENT_REPORTS

REPORT = {
    "report_id": "BHSH-20261101-001",
    "report_type": "shift",
    "plant": "渤海石化炼油一部",
    "unit": "常减压",
    "occurred_at": "2026-11-01T08:00:00+08:00",
    "reported_by": "王建国",
    "title": "常减压交接班记录",
    "text": "班长王建国，操作工李明。P-101A出口压力1.2MPa。",
}


def read(tmp_path: Path, name: str, content: str, **options: object) -> IngestResult:
    """Write one report file and read it."""
    path = tmp_path / name
    path.write_text(content, encoding=str(options.get("encoding", "utf-8")))
    return IncidentReportsConnector(**options).read([path], tmp_path / "out")


def frames(result: IngestResult) -> tuple[pl.DataFrame, pl.DataFrame]:
    return pl.read_parquet(result.table_path), pl.read_parquet(result.quarantine_path)


def jsonl(*records: dict[str, object] | str) -> str:
    return "\n".join(
        r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records
    )


def test_registered_under_format_name() -> None:
    assert isinstance(get_connector("incident_reports"), IncidentReportsConnector)


def test_jsonl_reports_with_chinese_and_slashed_times(tmp_path: Path) -> None:
    result = read(
        tmp_path,
        "r.jsonl",
        jsonl(
            REPORT,
            REPORT | {"report_id": "2", "occurred_at": "2026年11月1日 09:30", "reported_by": None},
            REPORT | {"report_id": 3, "occurred_at": "2026/11/01 10:15"},
        ),
        timezone="Asia/Shanghai",
    )
    table, quarantine = frames(result)
    assert table.schema == INCIDENT_REPORTS.polars_schema() and quarantine.height == 0
    assert table["report_id"].to_list() == ["BHSH-20261101-001", "2", "3"]
    assert table["occurred_at"].to_list() == [
        datetime(2026, 11, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 1, 1, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 2, 15, tzinfo=UTC),
    ]
    assert table["reported_by"].to_list() == ["王建国", None, "王建国"]
    assert table["text"][0] == REPORT["text"] and table["severity"][0] is None
    assert table["source_line"].to_list() == [1, 2, 3]
    assert result.ledger == {"report": 3} and result.reconciles()


def test_bad_lines_are_quarantined_with_reason(tmp_path: Path) -> None:
    content = jsonl(
        REPORT,
        "",
        json.dumps(REPORT, ensure_ascii=False)[:40],
        "[1, 2]",
        REPORT | {"text": "  "},
        REPORT | {"occurred_at": "昨天下午"},
        REPORT | {"witness": "张三"},
        REPORT | {"text": {"zh": "x"}},
    )
    result = read(tmp_path, "r.jsonl", content)
    table, quarantine = frames(result)
    assert quarantine.schema == QUARANTINE_SCHEMA and table.height == 1
    assert quarantine.select("source_line", "reason").rows() == [
        (3, "invalid_json"),
        (4, "not_an_object"),
        (5, "missing_required_field"),
        (6, "unparsable_field"),
        (7, "unexpected_field"),
        (8, "unparsable_field"),
    ]
    details = quarantine["detail"].to_list()
    assert details[2] == "empty text" and details[3] == "occurred_at='昨天下午'"
    assert details[4] == "keys not in the report layout: ['witness']"
    assert quarantine["raw"][1] == "[1, 2]"
    assert result.ledger == {"report": 1, "quarantined": 6, "blank_line": 1}
    assert result.input_units == 8 and result.reconciles()


def test_undecodable_line_is_quarantined_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    good = json.dumps(REPORT, ensure_ascii=False).encode()
    path.write_bytes(good + b"\n" + "班长".encode("gb18030") + b"\n")
    result = IncidentReportsConnector().read([path], tmp_path / "out")
    table, quarantine = frames(result)
    assert table.height == 1
    assert quarantine.select("source_line", "reason").rows() == [(2, "bad_encoding")]
    assert quarantine["raw"][0] == "班长".encode("gb18030").decode("utf-8", "backslashreplace")


def test_other_encodings_are_read_when_declared(tmp_path: Path) -> None:
    result = read(tmp_path, "r.jsonl", jsonl(REPORT), encoding="gb18030")
    assert frames(result)[0]["text"].to_list() == [REPORT["text"]]


def _csv(header: list[str], *rows: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def test_csv_reports_with_renamed_and_ignored_columns(tmp_path: Path) -> None:
    header = ["编号", "类型", "时间", "内容", "备注"]
    multiline = "第一行\n第二行，含逗号,"
    content = _csv(
        header,
        ["A1", "incident", "2026-11-01 08:00", multiline, ""],
        ["A2", "shift", "2026-11-01 09:00"],
        ["A3", "shift", "2026-11-01 10:00", "正常", "x"],
    )
    result = read(
        tmp_path,
        "r.csv",
        content,
        fields={"report_id": "编号", "report_type": "类型", "occurred_at": "时间", "text": "内容"},
        ignore_fields=["备注"],
    )
    table, quarantine = frames(result)
    assert table["report_id"].to_list() == ["A1", "A3"]
    assert table["text"][0] == multiline
    assert table["source_line"].to_list() == [2, 5]  # A1's quoted text spans lines 2-3
    assert quarantine.select("source_line", "reason", "detail").rows() == [
        (4, "wrong_field_count", "3 fields, header has 5")
    ]
    assert result.ledger == {"header": 1, "report": 3, "quarantined": 1}
    assert result.reconciles() and result.input_units == 5 and result.unit == "line"


def test_a_different_csv_header_is_a_source_format_error(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match=r"missing \['text'\], unexpected \['body'\]"):
        read(tmp_path, "r.csv", _csv(["report_id", "report_type", "occurred_at", "body"]))
    with pytest.raises(ValueError, match="unknown options"):
        IncidentReportsConnector(tz="UTC").read([], tmp_path)


# --- issue 12 findings, on reports generated by samples/ and mutated in tmp_path --------------


def _generated_csv(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """The generated day's reports (minus the deliberately broken ones) as a CSV file."""
    reports = [r.record for r in generate_reports(date(2026, 11, 1))]
    rows = [
        [str(r[f] or "") for f in FIELDS]
        for r in reports
        if r["text"] and "昨天" not in r["occurred_at"]
    ]
    path = tmp_path / "reports.csv"
    path.write_text(_csv(list(FIELDS), *rows), encoding="utf-8")
    return path, rows


def test_unclosed_quote_in_csv_does_not_swallow_reports(tmp_path: Path) -> None:
    """A stray quote quarantines its own line; every other generated report is released."""
    path, rows = _generated_csv(tmp_path)
    lines = path.read_text(encoding="utf-8").split("\n")
    victim = next(i for i in range(3, len(lines)) if '"' not in lines[i] and lines[i])
    lines[victim] = lines[victim].replace(",", ',"', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    result = IncidentReportsConnector().read([path], tmp_path / "out")
    table, quarantine = frames(result)
    assert quarantine.select("source_line", "reason").rows() == [(victim + 1, "runaway_quote")]
    assert table.height == len(rows) - 1
    assert result.reconciles() and result.input_units == path.read_bytes().count(b"\n")


def test_exact_duplicate_report_is_quarantined_first_kept(tmp_path: Path) -> None:
    """A report line sent twice: the copy is duplicate_record, so `unique` holds."""
    lines = report_lines(generate_reports(date(2026, 11, 1)))
    lines.insert(7, lines[2])
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = IncidentReportsConnector().read([path], tmp_path / "out")
    table, quarantine = frames(result)
    dupes = quarantine.filter(pl.col("reason") == "duplicate_record")
    assert dupes.select("source_line", "detail").rows() == [
        (8, "exact copy of r.jsonl line 3 (first copy kept)")
    ]
    assert table["report_id"].is_unique().all() and result.reconciles()


def test_year_0001_in_shanghai_is_implausible_not_a_crash(tmp_path: Path) -> None:
    """0001-01-01 00:00 in UTC+8 cannot become UTC: quarantined with the field, file goes on."""
    record = REPORT | {"report_id": "R-0001", "occurred_at": "0001-01-01 00:00"}
    result = read(tmp_path, "r.jsonl", jsonl(REPORT, record), timezone="Asia/Shanghai")
    table, quarantine = frames(result)
    assert table.height == 1
    assert quarantine.select("source_line", "reason").rows() == [(2, "implausible_date")]
    assert "occurred_at=" in quarantine["detail"][0]


def test_source_encoding_wins_and_gzip_jsonl_is_read(tmp_path: Path) -> None:
    """`source.encoding` (set by run_parse) reads GB18030; a gzip under .jsonl is unpacked."""
    path = tmp_path / "r.jsonl"
    path.write_bytes(gzip.compress(jsonl(REPORT).encode("gb18030")))
    connector = IncidentReportsConnector()
    connector.encoding = "gb18030"
    table, quarantine = frames(connector.read([path], tmp_path / "out"))
    assert table["text"].to_list() == [REPORT["text"]] and quarantine.height == 0
