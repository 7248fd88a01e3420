"""A drafted petrochemical spec is filed as process data or as accident records by its columns."""

from __future__ import annotations

from pathlib import Path

import yaml

from schemas.draft import PROCESS_CATEGORY, draft_spec


def _category(path: Path, dataset: str) -> str:
    drafted = draft_spec(path, dataset, license="CC0-1.0", owner="test")
    return yaml.safe_load(drafted.text)["release"]["category"]


def test_readings_are_process_data_and_incidents_are_accident_records(tmp_path: Path) -> None:
    readings = tmp_path / "dcs.csv"
    rows = [f"2026-12-01 00:{i:02d}:00,{350 + i % 7}.5,{1200 + i},{55 + i % 3}" for i in range(40)]
    readings.write_text("time,ti_203_degc,fic_101_m3_h,li_305_pct\n" + "\n".join(rows) + "\n")
    assert _category(readings, "petrochemical/dcs") == PROCESS_CATEGORY
    incidents = tmp_path / "incidents.csv"
    rows = [f"DL-{i:03d},2026-03-{i % 28 + 1:02d},火灾,{i % 3}" for i in range(40)]
    incidents.write_text("事故编号,发生日期,事故类型,受伤人数\n" + "\n".join(rows) + "\n")
    assert _category(incidents, "petrochemical/incidents").startswith("安全生产/事故记录")


def test_a_withheld_file_name_is_shown_without_nested_brackets(tmp_path: Path) -> None:
    source = tmp_path / "张三_门诊记录.csv"
    rows = [f"N{i},2025-03-{i % 28 + 1:02d},患者胸闷{i}天，血压偏高。" for i in range(30)]
    source.write_text("note_id,visit_date,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    drafted = draft_spec(source, "medical/ward_notes", license="CC0-1.0", owner="test")
    title = yaml.safe_load(drafted.text)["title"]["en"]
    assert "张三" not in drafted.text.split("source:")[0], "the header names no patient"
    assert title.count("(") == 1 and "sha256" in title, title
