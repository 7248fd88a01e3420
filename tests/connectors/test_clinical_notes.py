"""Clinical notes (JSON Lines, CSV; Chinese, English) -> one row per note; bad lines quarantined."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from connectors.clinical_notes import ClinicalNotesConnector
from samples.medical_notes import note_lines
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
    # trial10: a note cut mid-text read "Unterminated string starting at at column 97"
    assert quarantine["detail"][0] == "Unterminated string starting at column 27"
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
        (3, "wrong_field_count", "2 fields, header has 3")
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


# --- issue 12 findings, on notes generated by samples/ and mutated in tmp_path ----------------


def _generated(tmp_path: Path, encoding: str) -> tuple[Path, list[str]]:
    lines, _ = note_lines()
    path = tmp_path / "notes.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path, lines


def test_gb18030_notes_read_when_declared_and_never_garbled(tmp_path: Path) -> None:
    """Declared gb18030: every note as generated. Read as utf-8: each Chinese line is
    bad_encoding with its bytes, and no U+FFFD reaches the table."""
    path, lines = _generated(tmp_path, "gb18030")
    connector = ClinicalNotesConnector()
    connector.encoding = "gb18030"
    result = connector.read([path], tmp_path / "gb")
    notes = pl.read_parquet(result.outputs("clinical_notes")["clinical_notes"])
    expected = [json.loads(x)["text"] for x in lines if x.strip() and x.endswith("}")]
    expected = [t for t in expected if t.strip()]
    assert notes["text"].to_list() == expected and result.reconciles()
    notes, quarantine, result = _read(path, tmp_path)
    assert not notes["text"].str.contains("\ufffd").any()
    chinese = [i + 1 for i, x in enumerate(lines) if any("\u4e00" <= c <= "\u9fff" for c in x)]
    bad = quarantine.filter(pl.col("reason") == "bad_encoding")
    assert bad["source_line"].to_list() == chinese
    assert not quarantine["raw"].str.contains("\ufffd").any() and result.reconciles()


def test_duplicate_note_and_year_0001_date_are_quarantined(tmp_path: Path) -> None:
    """An exact duplicate note line is duplicate_record; note_date 0001-01-01 is
    implausible_date at ingest (it used to pass and fail the release)."""
    lines, _ = note_lines()
    first = json.loads(lines[0])
    lines.append(lines[0])
    lines.append(json.dumps(first | {"note_id": "N-OLD", "note_date": "0001-01-01"}))
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes, quarantine, result = _read(path, tmp_path)
    got = quarantine.filter(pl.col("reason").is_in(["duplicate_record", "implausible_date"]))
    assert got.select("source_line", "reason").rows() == [
        (len(lines) - 1, "duplicate_record"),
        (len(lines), "implausible_date"),
    ]
    assert notes["note_id"].is_unique().all() and result.reconciles()


def test_csv_note_with_stray_quote_and_giant_field(tmp_path: Path) -> None:
    """A stray quote quarantines one line and a 1 MB note is oversized; the rest is read,
    and the line ledger counts the header and a legal two-line note."""
    rows = ['note_id,language,text', 'A,zh,"第一行\n第二行"', 'B,en,"open quote', 'C,en,fine',
            'D,en,' + "x" * (1 << 20), 'E,zh,好']  # fmt: skip
    path = tmp_path / "notes.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    notes, quarantine, result = _read(path, tmp_path)
    assert notes["note_id"].to_list() == ["A", "C", "E"]
    assert quarantine.select("source_line", "reason").rows() == [
        (4, "runaway_quote"),
        (6, "oversized_field"),
    ]
    assert result.ledger == {"header": 1, "note": 4, "quarantined": 2}
    assert result.input_units == 7 and result.reconciles()


def test_a_visit_date_is_the_note_date_and_unread_columns_are_named(tmp_path: Path) -> None:
    """A clinic's CSV with visit_date and department: the date is read, the rest is named."""
    path = tmp_path / "notes.csv"
    path.write_text(
        "note_id,visit_date,department,text\nN1,2025-03-12,心内科,患者胸闷3天。\n", encoding="utf-8"
    )
    connector = ClinicalNotesConnector()
    notes, quarantine, _ = _read(path, tmp_path)
    assert [str(d) for d in notes["note_date"]] == ["2025-03-12"] and quarantine.height == 0
    assert connector.ignored_columns(path) == ["department"]
    mapped = ClinicalNotesConnector(fields={"note_type": "department"})
    assert mapped.ignored_columns(path) == []


def test_a_date_with_more_digits_is_unparsable_not_cut(tmp_path: Path) -> None:
    """'2024-03-0599' was read as 2024-03-05 (the day took 2 digits, the rest was ignored);
    found probing the fuzz absurd dates. A time after the date is still allowed."""
    dates = ["2024-03-0599", "2024-3-123", "2024-03-05 08:30", "2024.3.5"]
    lines = [json.dumps(ZH | {"note_id": f"N{i}", "note_date": d}) for i, d in enumerate(dates)]
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    notes, quarantine, result = _read(path, tmp_path)
    assert quarantine.select("source_line", "reason").rows() == [
        (1, "unparsable_field"),
        (2, "unparsable_field"),
    ]
    assert [str(d) for d in notes["note_date"]] == ["2024-03-05", "2024-03-05"]
    assert result.reconciles()
