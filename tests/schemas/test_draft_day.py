"""A drafted daily spec says how its sample fares under the partition-day check, and turns the
check off for a file named for a day whose records lie on other days."""

from __future__ import annotations

from pathlib import Path

import yaml

from schemas.draft import draft_spec
from schemas.spec import load_spec


def _export(path: Path, days: list[str]) -> Path:
    rows = [f"V{i},{days[i % len(days)]} 0{i % 9}:15:00,{i % 7 + 1}" for i in range(60)]
    path.write_text("visit_id,seen_at,ward\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_days_file_keeps_the_check_and_says_so(tmp_path: Path) -> None:
    source = _export(tmp_path / "visits_2026-03-05.csv", ["2026-03-05"])
    drafted = draft_spec(source, "medical/visits", license="CC0-1.0", owner="test")
    raw = yaml.safe_load(drafted.text)
    assert raw["partitioning"]["kind"] == "daily"
    assert "day_tolerance_minutes" not in raw["partitioning"], "the default (60) applies"
    assert "0 of 60 sampled seen_at values lie outside 2026-03-05" in drafted.text


def test_an_export_of_other_days_turns_the_check_off(tmp_path: Path) -> None:
    source = _export(tmp_path / "visits_2026-03-05.csv", ["2026-02-01", "2026-02-17", "2026-03-05"])
    drafted = draft_spec(source, "medical/visits", license="CC0-1.0", owner="test")
    raw = yaml.safe_load(drafted.text)
    assert raw["partitioning"]["day_tolerance_minutes"] is None
    assert "40 of 60 sampled seen_at values" in drafted.text
    path = tmp_path / "visits.yaml"
    path.write_text(drafted.text, encoding="utf-8")
    assert load_spec(path).partitioning.day_tolerance_minutes is None
