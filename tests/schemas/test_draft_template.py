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
