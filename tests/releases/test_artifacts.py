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
