"""`bohai scan` through typer's CliRunner: JSONL records (good and bad) and table summaries."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from pipelines.commands.privacy import scan
from privacy.detect import scan_io

app = typer.Typer()
app.command()(scan)
app.command("noop")(lambda: None)  # keep typer in multi-command mode, like the real CLI
RUNNER = CliRunner()

LONG_PREFIX = "abc " * 30_000  # 120k chars: scanned in overlapping windows


def _write_jsonl(path: Path) -> list[bytes]:
    lines = [
        json.dumps({"id": 1, "text": "身份证11010519491231002X"}, ensure_ascii=False).encode(),
        b'{"id": 2, "text": "\xff\xfe broken bytes"}',
        b"",
        json.dumps({"id": 4, "text": None}).encode(),
        json.dumps({"id": 5, "text": ""}).encode(),
        json.dumps({"id": 6, "text": "x" * (scan_io.MAX_TEXT_CHARS + 1)}).encode(),
        json.dumps(
            {"id": 7, "text": "😀 John Smith 手机13812345678 ﬁ"}, ensure_ascii=False
        ).encode(),
        b"{not json",
        json.dumps({"id": 9, "body": "no text field"}).encode(),
        json.dumps({"id": 10, "text": 123}).encode(),
        b'{"id": 11, "text": "bad \\ud800 surrogate 13812345678"}',
        json.dumps({"id": 12, "text": LONG_PREFIX + "身份证11010519491231002X"}).encode(),
        json.dumps({"text": "no id, 邮箱 a@b.com"}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return lines


@pytest.fixture(scope="module")
def jsonl_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[bytes], list[dict]]:
    tmp = tmp_path_factory.mktemp("scan")
    src, out = tmp / "notes.jsonl", tmp / "spans.jsonl"
    lines = _write_jsonl(src)
    result = RUNNER.invoke(app, ["scan", str(src), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "CN_RESIDENT_ID" in result.output
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    return lines, records


def test_one_output_line_per_input_line(jsonl_result: tuple[list[bytes], list[dict]]) -> None:
    lines, records = jsonl_result
    assert len(records) == len(lines)
    assert [r["line"] for r in records] == list(range(1, len(lines) + 1))


def test_good_records_have_original_offsets(jsonl_result: tuple[list[bytes], list[dict]]) -> None:
    _, records = jsonl_result
    assert records[0]["spans"] == [
        {
            "start": 3,
            "end": 21,
            "entity_type": "CN_RESIDENT_ID",
            "score": 0.95,
            "text": "11010519491231002X",
        }
    ]
    text7 = "😀 John Smith 手机13812345678 ﬁ"
    for span in records[6]["spans"]:
        assert text7[span["start"] : span["end"]] == span["text"]
    assert "CN_MOBILE" in {s["entity_type"] for s in records[6]["spans"]}
    (long_id,) = records[11]["spans"]
    assert long_id["start"] == len(LONG_PREFIX) + 3
    assert records[12]["id"] is None and records[12]["spans"][0]["text"] == "a@b.com"


def test_bad_records_carry_errors_naming_them(jsonl_result: tuple[list[bytes], list[dict]]) -> None:
    _, records = jsonl_result
    errors = {r["line"]: r.get("error", "") for r in records}
    assert "line 2" in errors[2] and "UTF-8" in errors[2]
    assert "line 3" in errors[3] and "empty" in errors[3]
    assert "id 6" in errors[6] and "limit" in errors[6]
    assert "line 8" in errors[8] and "JSON" in errors[8]
    assert "id 9" in errors[9] and "'text'" in errors[9]
    assert "id 10" in errors[10]
    # Null and empty texts are valid: nothing to detect, no error.
    assert records[3] == {"id": 4, "line": 4, "spans": []}
    assert records[4] == {"id": 5, "line": 5, "spans": []}
    # A lone surrogate does not stop detection in that record.
    assert [s["entity_type"] for s in records[10]["spans"]] == ["CN_MOBILE"]


def test_csv_and_parquet_summaries(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "id": [1, 2, 3],
            "note": ["患者张伟手机13812345678", None, "邮箱li@qq.com"],
            "other": ["无", "身份证11010519491231002X", ""],
        }
    )
    csv_path, pq_path = tmp_path / "t.csv", tmp_path / "t.parquet"
    frame.write_csv(csv_path)
    frame.write_parquet(pq_path)
    for path in (csv_path, pq_path):
        result = RUNNER.invoke(
            app, ["scan", str(path), "--column", "note", "--column", "other", "--spacy-model", ""]
        )
        assert result.exit_code == 0, result.output
        assert "CN_MOBILE 1" in result.output
        assert "CN_RESIDENT_ID 1" in result.output
        assert "EMAIL_ADDRESS 1" in result.output


def test_csv_bad_bytes_reported_by_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes("note\n手机13812345678\n".encode() + b"bad \xff row\n")
    result = RUNNER.invoke(app, ["scan", str(path), "--column", "note", "--spacy-model", ""])
    assert result.exit_code == 0, result.output
    assert "CN_MOBILE 1" in result.output
    summary = scan_io.scan_table(path, ["note"], _scanner())
    assert summary[0].undecodable_rows == [2]


def test_csv_without_columns_scans_every_column(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,phone\n患者张伟,13812345678\n李娜,无\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["scan", str(path), "--spacy-model", ""])
    assert result.exit_code == 0, result.output
    assert "phone" in result.output and "CN_MOBILE 1" in result.output


def test_plain_text_is_scanned_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("无异常\n联系电话13812345678，SSN 078-05-1120\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["scan", str(path), "--spacy-model", ""])
    assert result.exit_code == 0, result.output
    records = [
        json.loads(line) for line in (tmp_path / "notes.spans.jsonl").read_text().splitlines()
    ]
    assert [r["id"] for r in records] == [1, 2] and records[0]["spans"] == []
    assert {s["entity_type"] for s in records[1]["spans"]} >= {"CN_MOBILE", "US_SSN"}


def test_usage_errors(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("note\nx\n", encoding="utf-8")
    missing = RUNNER.invoke(app, ["scan", str(path), "--column", "nope", "--spacy-model", ""])
    assert missing.exit_code != 0
    assert RUNNER.invoke(app, ["scan", str(tmp_path / "absent.jsonl")]).exit_code != 0


def _scanner():  # type: ignore[no-untyped-def]
    from privacy.detect.engine import shared_engine
    from privacy.detect.scanner import Scanner

    return Scanner(shared_engine(None))
