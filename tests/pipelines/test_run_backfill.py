"""With a live dagster-daemon, `bohai run` over several days is one backfill, failures and all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from pipelines.backfill import BACKFILL_TAG, daemon_alive
from pipelines.cli import app

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture
def daemon(project: Path) -> Iterator[None]:
    """`dagster-daemon run` on the test's instance until its backfill daemon sends heartbeats."""
    log = (project / "daemon.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "dagster._daemon", "run", "-m", "pipelines.definitions"],
        cwd=REPO, env=os.environ | {"PYTHONPATH": str(REPO)}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        with dg.DagsterInstance.get() as instance:
            while not daemon_alive(instance):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((project / "daemon.log").read_text()[-2000:])
                time.sleep(1)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        log.close()


def test_range_goes_to_one_backfill_and_reports_the_bad_day(project: Path, daemon: None) -> None:
    (project / "data" / "AIS_2023_01_13.csv").write_bytes(bytes(range(256)) * 16)
    days = ["--from", "2023-01-12", "--to", "2023-01-13"]
    result = CliRunner().invoke(app, ["run", "marine/mc_run", *days])
    out = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert "2 partition(s) sent to the daemon" in out
    assert (
        "partition 2023-01-13, stage parsed" in out and "line 1: header line is unreadable" in out
    )
    assert "not released: 1 partition(s) failed" in out
    with dg.DagsterInstance.get() as instance:
        runs = [r for r in instance.get_runs() if BACKFILL_TAG in r.tags]
    assert sorted(r.tags["dagster/partition"] for r in runs) == ["2023-01-12", "2023-01-13"]
    assert len({r.tags[BACKFILL_TAG] for r in runs}) == 1, "one backfill"
    assert (project / "work/marine/mc_run/2023-01-12/scrubbed/report.json").is_file()
