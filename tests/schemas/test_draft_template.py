"""`bohai init` starts from the shipped spec of the same connector, and names columns it drops."""

from __future__ import annotations

from pathlib import Path

import yaml

from schemas.draft import draft_spec
from schemas.draft_template import shipped_table


def test_shipped_tables_are_found_by_connector_and_contract() -> None:
    encounters = shipped_table("fhir_bundle", "medical_encounters", {"patients", "encounters"})
    assert encounters is not None and encounters.spec_id == "medical/fhir_ehr"
    assert encounters.columns["start"]["policy"] == "date_shift"
    assert any(r["rule"] == "references" for r in encounters.rules)
    alone = shipped_table("fhir_bundle", "medical_encounters", {"encounters"})
    assert alone is not None
    assert not any(r["rule"] == "references" for r in alone.rules), "no table to refer to"
    assert shipped_table("fhir_bundle", "no_such_contract", {"x"}) is None
    historian = shipped_table("historian_long", "sensor_readings", {"x"})
    assert historian is not None and historian.category is not None
    assert historian.category.startswith("石油化工/过程运行数据"), "not an accident record"


def test_a_notes_csv_draft_names_the_columns_it_drops(tmp_path: Path) -> None:
    source = tmp_path / "notes.csv"
    rows = [f"N{i},2025-03-{i % 28 + 1:02d},心内科,患者胸闷{i}天，血压偏高。" for i in range(30)]
    source.write_text("note_id,visit_date,department,text\n" + "\n".join(rows) + "\n")
    drafted = draft_spec(source, "medical/ward_notes", license="CC0-1.0", owner="test")
    raw = yaml.safe_load(drafted.text)
    assert raw["source"]["format"] == "clinical_notes"
    assert "the file's columns department are not read by clinical_notes" in drafted.text
    assert drafted.tables[0].frame["note_date"].null_count() == 0, "visit_date is the note date"
    text = raw["tables"]["ward_notes"] if "tables" in raw else raw
    assert text["privacy"]["columns"]["text"]["policy"] == "scan", "as the shipped notes spec"


def test_a_shipped_date_shift_is_drafted_back_only(tmp_path: Path) -> None:
    # trial10: notes drafted from the shipped clinical notes spec kept offsets of either sign, and
    # a note of 2026-11-04 was released as 2027-07-25, after the release, telling the offset's sign
    notes = shipped_table("clinical_notes", "medical_clinical_notes", {"notes"})
    assert notes is not None
    assert notes.columns["note_date"]["params"] == {"direction": "back"}
    assert notes.columns["note_date"]["subject"] == "patient_id", "the rest as shipped"
    assert "params" not in notes.columns["patient_id"], "only date shifts change"
    source = tmp_path / "notes.jsonl"
    lines = [
        f'{{"note_id": "N{i}", "patient_id": "P{i % 5}", "note_date": "2026-11-0{i % 9 + 1}", '
        f'"language": "zh", "note_type": "病程记录", "text": "患者胸闷{i}天。"}}'
        for i in range(20)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = yaml.safe_load(draft_spec(source, "medical/my_notes", license="x", owner="y").text)
    body = next(iter(raw["tables"].values())) if "tables" in raw else raw
    assert body["privacy"]["columns"]["note_date"]["params"]["direction"] == "back"
