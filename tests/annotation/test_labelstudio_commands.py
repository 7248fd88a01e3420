"""`bohai labelstudio user add` and `bohai annotate push|status` read the project's own state."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from annotation.team import Member, load_team
from pipelines.cli import app
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from schemas.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.labelstudio


@pytest.fixture
def state(label_studio: Any, team: list[Member], bohai_env: Path, monkeypatch: Any) -> Path:
    """The test server as the project's own Label Studio; no LABEL_STUDIO_* exports."""
    layout = label_studio.server.layout
    monkeypatch.setenv("BOHAI_LABELSTUDIO_HOME", str(layout.root))
    monkeypatch.setenv("BOHAI_LABELSTUDIO_VENV", str(layout.venv))
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    return bohai_env


def _stages(root: Path, path: str, part: str) -> None:
    spec = load_spec(REPO / path)
    pdir = root / "work" / spec.id / part
    run_raw(spec, pdir, part)
    run_parse(spec, pdir, part)
    run_validate(spec, pdir)
    run_scrub(spec, pdir, os.environ["BOHAI_PSEUDONYM_KEY"].encode())


def test_user_add_then_push_and_status_without_exports(label_studio: Any, state: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "400"})
    add = ["labelstudio", "user", "add", "qian.yu", "--password", "Pw-12345678"]
    added = runner.invoke(app, add)
    assert added.exit_code == 0, added.output
    assert "qian.yu@annotators.bohai.local" in added.output and "own organization" in added.output
    data = label_studio.server.layout.data
    assert (data / "bohai_annotators.json").stat().st_mode & 0o777 == 0o600
    team = load_team(data)
    assert "qian.yu" in [m.name for m in team]
    assert all(m.token not in added.output for m in team)  # the token is kept, not printed

    _stages(state, "datasets/petrochemical/incident_reports.yaml", "2026-11-01")
    pushed = runner.invoke(app, ["annotate", "push", "petrochemical/incident_reports"])
    assert pushed.exit_code == 0, pushed.output
    assert all(f"{m.name}: project" in pushed.output for m in team)
    shown = runner.invoke(app, ["annotate", "status", "petrochemical/incident_reports"])
    assert shown.exit_code == 0, shown.output
    assert "petrochemical/incident_reports" in shown.output and "none yet" in shown.output


def test_push_of_partly_masked_notes_is_refused_by_command(state: Path) -> None:
    """A scrubbed note whose address tail survived (a shape the engine missed) never leaves."""
    _stages(state, "datasets/medical/clinical_notes.yaml", "all")
    scrubbed = state / "work" / "medical" / "clinical_notes" / "all" / "scrubbed"
    (table,) = sorted(scrubbed.glob("[!.]*.parquet"))
    notes = pl.read_parquet(table)
    tail = "现住址：<ADDRESS>锦绣华庭29栋3单元1702室。"
    notes.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit(tail) + pl.col("text"))
        .otherwise(pl.col("text"))
        .alias("text")
    ).write_parquet(table)
    runner = CliRunner(env={"COLUMNS": "400"})
    refused = runner.invoke(app, ["annotate", "push", "medical/clinical_notes"])
    assert refused.exit_code == 2, refused.output
    assert "push refused" in refused.output and "tail:ADDRESS" in refused.output
    assert "锦绣华庭" in refused.output and "task(s) still hold personal data" in refused.output


def test_push_of_whole_masked_notes_goes_through(state: Path) -> None:
    """The engine masks the notes' addresses whole, so the real scrubbed sample is sent."""
    _stages(state, "datasets/medical/clinical_notes.yaml", "all")
    runner = CliRunner(env={"COLUMNS": "400"})
    pushed = runner.invoke(app, ["annotate", "push", "medical/clinical_notes"])
    assert pushed.exit_code == 0, pushed.output
    assert "push refused" not in pushed.output and "pre-annotations" in pushed.output
