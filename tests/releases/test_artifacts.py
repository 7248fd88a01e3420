"""DATACARD.md answers the datasheet questions in both languages; the HTML report is offline."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from release_helpers import fixes

from releases.refs import DatasetRef
from releases.store import ReleaseStore

DS = "marine/fixes"
QUESTIONS = [
    ("Motivation", "动机"),
    ("Composition", "构成"),
    ("Collection", "采集"),
    ("Preprocessing and de-identification", "预处理与去标识化"),
    ("Labeling", "标注"),
    ("Uses", "用途"),
    ("Distribution", "分发"),
    ("Maintenance", "维护"),
]


@pytest.fixture
def folder(store: ReleaseStore, publish_frames: Callable) -> Path:
    """A release whose spec answered two datasheet questions itself."""
    datasheet = {
        "uses": {"en": "Route prediction.", "zh": "航线预测。"},
        "limitations": {"en": "Coastal stations only.", "zh": "仅含岸基站数据。"},
    }
    quarantine = {
        "input_units": 120,
        "by_reason": {"ingest/bad_checksum": 4, "quality/mmsi_valid": 16},
    }
    publish_frames(
        store, DS, {"fixes": {"d1": fixes(100)}}, datasheet=datasheet, quarantine=quarantine
    )
    return Path(store.resolve(DatasetRef(DS, "1.0.0")))


def test_datacard_is_bilingual_and_complete(folder: Path) -> None:
    card = (folder / "DATACARD.md").read_text()
    for en, zh in QUESTIONS:
        assert f"## {en} / {zh}" in card
    assert "Route prediction." in card and "航线预测。" in card
    assert "## Limitations / 局限" in card and "仅含岸基站数据。" in card
    assert "`mmsi` (identifier): pseudonym → de-identified, released as `vessel_id`" in card
    assert "quality/mmsi_valid=16" in card


def test_quality_report_is_self_contained(folder: Path) -> None:
    html = (folder / "quality_report.html").read_text()
    assert html.count("<svg") >= 3
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html
    assert "ingest/bad_checksum" in html and "fixes.sog" in html


def _card(privacy: dict) -> str:
    from releases.datacard import render_datacard

    manifest = {
        "dataset": "medical/visits",
        "version": "1.0.0",
        "description": {"en": "Visits.", "zh": "就诊。"},
        "rows": 10,
        "files": [],
        "title": {"en": "Visits", "zh": "就诊"},
        "created_at": "2026-12-07T00:00:00Z",
        "release_id": "r1",
        "tables": {"visits": {"schema": [{"name": "birth_year"}], "rows": 10}},
        "privacy": {"tables": {"visits": []}} | privacy,
    }
    return render_datacard(manifest).decode()


def test_datacard_states_k_per_table_not_anonymity_per_column() -> None:
    k = {
        "k_required": 5,
        "k_achieved": 13,
        "levels": {"birth_year": "decade", "district": "raw"},
        "after": {"unit": "subjects"},
    }
    risk = {"2026-01-01": {"visits": {"k_anonymity": k}}}
    risk["2026-01-02"] = {"visits": {"k_anonymity": k | {"k_achieved": 7}}}
    card = _card({"risk": risk})
    assert (
        "`visits`: every group of rows sharing its quasi-identifiers (birth_year (decade), "
        "district (raw)) holds at least 7 people (k required 5)." in card
    )
    assert "每组至少7个人（要求k=5）" in card
    bare = _card({})
    assert "no k-anonymity was enforced" in bare and "未执行k-匿名" in bare
