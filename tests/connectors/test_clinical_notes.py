"""Clinical notes (JSON Lines, CSV; Chinese, English) -> one row per note; bad lines quarantined."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from connectors.clinical_notes import ClinicalNotesConnector
from schemas.medical import CLINICAL_NOTES

ZH = {"note_id": "N1", "patient_id": "P1", "note_date": "2024-03-05",
      "language": "zh", "note_type": "入院记录", "text": "患者主诉胸痛2天。"}  # fmt: skip
EN = {"id": "N2", "patient": "P2", "date": "2024/03/06 10:00", "type": "progress",
      "text": "Stable, BP 120/80."}  # fmt: skip


def _read(path: Path, tmp_path: Path, **options: Any) -> tuple[pl.DataFrame, pl.DataFrame, Any]:
    result = ClinicalNotesConnector(**options).read([path], tmp_path / "out")
    table = pl.read_parquet(result.outputs("clinical_notes")["clinical_notes"])
    return table, pl.read_parquet(result.quarantine_path), result


def test_jsonl_notes_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    lines = [json.dumps(ZH, ensure_ascii=False), "", json.dumps(EN)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes, quarantine, result = _read(path, tmp_path)
    assert notes.schema == CLINICAL_NOTES.polars_schema()
    assert notes.select("note_id", "patient_id", "language", "note_type").rows() == [
        ("N1", "P1", "zh", "入院记录"),
        ("N2", "P2", "en", "progress"),
    ]
    assert [str(d) for d in notes["note_date"]] == ["2024-03-05", "2024-03-06"]
    assert notes["text"][0] == ZH["text"] and notes["source_line"].to_list() == [1, 3]
    assert quarantine.height == 0
    assert result.ledger == {"note": 2, "blank_line": 1} and result.reconciles()


def test_language_is_detected_when_absent_and_checked_when_given(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    records = [
        {"note_id": "a", "text": "咳嗽三天"},
        {"note_id": "b", "text": "Cough for three days"},
        {"note_id": "c", "text": "Tos", "language": "es"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    notes, quarantine, _ = _read(path, tmp_path)
    assert notes["language"].to_list() == ["zh", "en"]
    assert quarantine.select("source_line", "reason").rows() == [(3, "unsupported_language")]


def test_bad_lines_are_quarantined_with_line_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    lines = [
        json.dumps(ZH, ensure_ascii=False),
        '{"note_id": "N3", "text": "未闭合',
        json.dumps(["not", "an", "object"]),
        json.dumps({"note_id": "N4", "text": "   "}),
        json.dumps({"note_id": "N5", "text": "ok", "note_date": "yesterday"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes, quarantine, result = _read(path, tmp_path)
    assert notes["note_id"].to_list() == ["N1"]
    assert quarantine.select("source_line", "reason").rows() == [
        (2, "malformed_json"),
        (3, "malformed_json"),
        (4, "missing_required_field"),
        (5, "unparsable_field"),
    ]
    assert quarantine["detail"][2] == "empty text"
    assert quarantine["raw"][0] == lines[1] and set(quarantine["source_file"]) == {"notes.jsonl"}
    assert result.input_units == 5 and result.rows_quarantined == 4 and result.reconciles()


def test_csv_notes_with_renamed_fields_and_ragged_records(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(
        'doc,pid,body\nD1,P1,"患者，女，45岁，发热。"\nD2,P2\nD3,P3,"line one\nline two"\n',
        encoding="utf-8",
    )
    fields = {"note_id": "doc", "patient_id": "pid", "text": "body"}
    notes, quarantine, result = _read(path, tmp_path, fields=fields)
    assert notes.select("note_id", "language", "source_line").rows() == [
        ("D1", "zh", 2),
        ("D3", "en", 4),
    ]
    assert notes["text"][1] == "line one\nline two"
    assert quarantine.select("source_line", "reason", "detail").rows() == [
        (3, "wrong_column_count", "2 fields, header has 3")
    ]
    assert result.reconciles()


def test_a_csv_without_a_text_column_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("note_id,summary\nN1,abc\nN2,def\n", encoding="utf-8")
    notes, quarantine, _ = _read(path, tmp_path)
    assert notes.height == 0
    assert quarantine["reason"].to_list() == ["header_mismatch"] * 2
    assert "no text column" in quarantine["detail"][0]


def test_unknown_field_options_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text("{}\n")
    with pytest.raises(ValueError, match="unknown \\['body'\\]"):
        ClinicalNotesConnector(fields={"body": "text"}).read([path], tmp_path / "out")
