"""`bohai demo` on a real SQLite Dagster instance, then `bohai pull` and `bohai verify`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def test_demo_then_pull(bohai_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = bohai_env / "home"
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.delenv("BOHAI_PSEUDONYM_KEY")
    runner = CliRunner()
    result = runner.invoke(
        app, ["demo", "--days", "1", "--dataset", "marine/ais_positions"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "development key" in result.output
    assert "marine/ais_positions" in result.output and "1.0.0" in result.output
    assert "13/13" in result.output  # every check of the partition passed
    assert "bohai pull marine/ais_positions@1.0.0" in result.output
    assert (home / ".bohai" / "secrets" / "pseudonym.key").is_file()
    assert (home / ".bohai/dagster/storage/history/runs.db").is_file(), "runs kept in SQLite"
    pulled = runner.invoke(
        app, ["pull", "marine/ais_positions@latest", "--to", str(tmp_path / "p")]
    )
    assert pulled.exit_code == 0, pulled.output
    folder = tmp_path / "p" / "marine" / "ais_positions" / "1.0.0"
    assert (folder / "manifest.json").is_file()
    verified = runner.invoke(app, ["verify", str(folder)])
    assert verified.exit_code == 0 and "files match" in verified.output
    bad = runner.invoke(app, ["pull", "marine/../etc@1.0.0", "--to", str(tmp_path / "x")])
    assert bad.exit_code == 1 and "invalid dataset id" in bad.output
