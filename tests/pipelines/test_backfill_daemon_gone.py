"""`bohai run` stops waiting on a backfill whose daemon stopped; `bohai ui` leaves no heartbeat."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import pytest
from dagster._core.utils import make_new_run_id
from dagster._daemon.types import DaemonHeartbeat
from typer.testing import CliRunner

import pipelines.commands.ui as ui_command
from pipelines.backfill import (
    BACKFILL_DAEMON,
    BACKFILL_TAG,
    DaemonGone,
    daemon_alive,
    wait_backfill,
)
from pipelines.cli import app


def _queued(instance: dg.DagsterInstance, day: str) -> dg.DagsterRun:
    """A backfill's run the daemon has not launched (QUEUED needs a code location; same case)."""
    tags = {BACKFILL_TAG: "bf1", "dagster/partition": day}
    return instance.add_run(dg.DagsterRun(job_name="ingest", run_id=make_new_run_id(), tags=tags))


def test_queued_runs_without_a_daemon_are_canceled_and_named() -> None:
    # trial11: `bohai run --all` just after `bohai ui` stopped sent the days to a daemon that was
    # gone and waited for ever on runs that stayed QUEUED
    with dg.DagsterInstance.ephemeral() as instance:
        runs = [_queued(instance, d) for d in ("2023-01-12", "2023-01-13")]
        said = (
            r"backfill bf1: no dagster-daemon heartbeat .* 2 run\(s\) waited for it \(2 unlaunched"
        )
        with pytest.raises(DaemonGone, match=said):
            wait_backfill(instance, None, "bf1", ["2023-01-12", "2023-01-13"], poll_s=0.01)  # type: ignore[arg-type]
        statuses = {instance.get_run_by_id(r.run_id).status for r in runs}  # type: ignore[union-attr]
        assert statuses == {dg.DagsterRunStatus.CANCELED}


def test_a_live_daemon_is_waited_for(bohai_env: Path) -> None:
    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_daemon_heartbeat(DaemonHeartbeat(time.time(), BACKFILL_DAEMON, None, None))
        run = _queued(instance, "2023-01-12")
        seen: list[int] = []

        def tick(done: int, total: int) -> None:
            seen.append(done)
            if len(seen) == 3:  # the daemon launched it, and it failed
                instance.report_run_failed(run)

        spec = SimpleNamespace(id="marine/none", tables={})
        [outcome] = wait_backfill(instance, spec, "bf1", ["2023-01-12"], tick, poll_s=0.01)  # type: ignore[arg-type]
        assert seen == [0, 0, 0, 1]
        assert (outcome.run_id, outcome.success) == (run.run_id, False)


def test_stopping_the_ui_wipes_the_daemon_heartbeats(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with dg.DagsterInstance.get() as instance:
        instance.add_daemon_heartbeat(DaemonHeartbeat(time.time(), BACKFILL_DAEMON, None, None))
        assert daemon_alive(instance)
    monkeypatch.setattr(ui_command, "supervise", lambda cmd, cwd=None: 0)
    result = CliRunner().invoke(app, ["ui", "--port", "3999"])
    assert result.exit_code == 0, result.output
    with dg.DagsterInstance.get() as instance:
        assert not daemon_alive(instance)
