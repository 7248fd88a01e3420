"""A real `bohai run` killed with SIGKILL mid-stage: the next command marks it; status lists it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.dead_runs import DEAD_TAG

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.integration]
RUN = ["run", "marine/mc_run", "--partition", "2023-01-11", "--no-release"]


def _kill_during(project: Path, stage: str) -> int:
    """Start `bohai run` in its own process and SIGKILL it as soon as `stage` has begun."""
    folder = project / "work/marine/mc_run/2023-01-11" / stage
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "pipelines.cli", *RUN]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while not folder.is_dir():
        assert proc.poll() is None, f"bohai run ended ({proc.returncode}) before {stage}"
        assert time.monotonic() < deadline, f"{stage} never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    return proc.pid


def test_killed_run_is_marked_by_the_next_run_and_listed_by_status(project: Path) -> None:
    pid = _kill_during(project, "validated")
    with dg.DagsterInstance.get() as instance:
        (lost,) = instance.get_runs()
        assert lost.status == dg.DagsterRunStatus.STARTED, "Dagster alone would keep it forever"

    runner = CliRunner()
    again = runner.invoke(app, RUN)
    assert again.exit_code == 0, again.output
    out = " ".join(again.output.split())
    assert f"marked failed: run {lost.run_id} (marine__mc_run__ingest, was STARTED)" in out
    assert f"its process {pid} is gone" in out
    assert "Releases" not in out and "--no-release: nothing published" in out

    with dg.DagsterInstance.get() as instance:
        marked = instance.get_run_by_id(lost.run_id)
        assert marked is not None and marked.status == dg.DagsterRunStatus.FAILURE
        assert marked.tags[DEAD_TAG] == "true"
        (event,) = instance.all_logs(lost.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        assert f"bohai process {pid}" in event.message

    shown = runner.invoke(app, ["status", "marine/mc_run", "--limit", "5"])
    assert shown.exit_code == 0, shown.output
    rows = [line for line in shown.output.splitlines() if "│ ingest │" in line]
    assert len(rows) == 2, shown.output
    newest, killed = rows
    assert "SUCCESS" in newest and "2023-01-11" in newest
    assert "FAILURE (process lost)" in killed and lost.run_id[:8] in killed
    assert "validated (unfinished)" in killed, "the stage the process died in"
    assert "never released" in shown.output, "--no-release published nothing"
    assert "marked failed" not in shown.output, "a run is marked once"
