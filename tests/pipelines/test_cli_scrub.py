"""`bohai scrub`: a policy file de-identifies a CSV, writes a report and audits the result."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from pipelines.cli import app
from privacy.detect.checksums import resident_id_check_char

RUNNER = CliRunner()


def _resident_id(body: str) -> str:
    return body + resident_id_check_char(body)


@pytest.fixture
def patients(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BOHAI_PSEUDONYM_KEY", "scrub-key-0123456789abcdef")
    rid = _resident_id("21020219800101123")
    frame = pl.DataFrame(
        {
            "patient": ["P1", "P2", "P3"],
            "name": ["张伟", "李娜", "王芳"],
            "id_card": [rid, rid, rid],
            "birth_date": ["1980-01-01", "1975-06-30", "1990-12-12"],
            "note": ["患者张伟，电话13812345678，主诉头痛。", "复查无异常。", "咳嗽三天。"],
        }
    )
    path = tmp_path / "patients.csv"
    frame.write_csv(path)
    return path


def _policy(tmp_path: Path, columns: dict) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump({"columns": columns}, allow_unicode=True), encoding="utf-8")
    return path


def test_scrub_applies_policies_and_reports(patients: Path, tmp_path: Path) -> None:
    policy = _policy(
        tmp_path,
        {
            "patient": {"category": "identifier", "policy": "pseudonym", "domain": "patient"},
            "name": {"category": "identifier", "policy": "drop"},
            "id_card": {"category": "identifier", "policy": "drop"},
            "birth_date": {
                "category": "quasi_identifier",
                "policy": "generalize",
                "params": {"kind": "date", "to": "year"},
            },
            "note": {"category": "sensitive", "policy": "scan"},
        },
    )
    out = tmp_path / "out.parquet"
    result = RUNNER.invoke(
        app, ["scrub", str(patients), "--policy", str(policy), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = pl.read_parquet(out)
    assert set(data.columns) == {"patient", "birth_date", "note"}
    assert "P1" not in data["patient"].to_list()
    assert "13812345678" not in data["note"][0] and "张伟" not in data["note"][0]
    assert "头痛" in data["note"][0]  # the medical content stays
    report = json.loads((tmp_path / "out.parquet.report.json").read_text())
    assert report["rows_in"] == report["rows_out"] == 3
    assert report["leak_audit"]["passed"] is True
    assert {t["column"]: t["operator"] for t in report["treatments"]}["id_card"] == "drop"


def test_scrub_fails_when_an_identifier_is_left_in(patients: Path, tmp_path: Path) -> None:
    policy = _policy(tmp_path, {"name": {"category": "identifier", "policy": "drop"}})
    out = tmp_path / "leaky.parquet"
    result = RUNNER.invoke(
        app, ["scrub", str(patients), "--policy", str(policy), "--output", str(out)]
    )
    assert result.exit_code == 1
    report = json.loads((tmp_path / "leaky.parquet.report.json").read_text())
    assert report["leak_audit"]["passed"] is False
    assert "id_card" in report["leak_audit"]["hits"]
    assert "id_card" in report["unclassified_columns"]


def test_scrub_names_unknown_policy_columns(patients: Path, tmp_path: Path) -> None:
    policy = _policy(tmp_path, {"passport": {"category": "identifier", "policy": "drop"}})
    result = RUNNER.invoke(
        app, ["scrub", str(patients), "--policy", str(policy), "--output", str(tmp_path / "x.csv")]
    )
    assert result.exit_code == 2 and "['passport'] are not in" in result.output
