"""A run whose process was killed with SIGKILL is marked FAILURE, naming the lost process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.dead_runs import (
    DEAD_TAG,
    PID_START_TAG,
    PID_TAG,
    mark_dead_runs,
    owner_tags,
    process_alive,
    process_start,
)

REPO = Path(__file__).resolve().parents[2]

# A run that stays in progress until killed: STARTED (an op sleeping) or NOT_STARTED (created only).
WORKER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import dagster as dg
    from pipelines.dead_runs import owner_tags

    ready = Path(sys.argv[2])

    @dg.op
    def wait_forever() -> None:
        ready.write_text("started")
        time.sleep(600)

    @dg.job
    def hangs():
        wait_forever()

    instance = dg.DagsterInstance.get()
    if sys.argv[1] == "started":
        hangs.execute_in_process(instance=instance, tags=owner_tags())
    else:
        run = instance.create_run_for_job(hangs, tags=owner_tags())
        ready.write_text(run.run_id)
        time.sleep(600)
    """
)


def _start(tmp_path: Path, mode: str) -> subprocess.Popen[bytes]:
    script = tmp_path / "worker.py"
    script.write_text(WORKER, encoding="utf-8")
    ready = tmp_path / f"ready-{mode}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, str(script), mode, str(ready)], env=env)
    deadline = time.monotonic() + 120
    while not ready.exists():
        assert proc.poll() is None, f"worker exited early with {proc.returncode}"
        assert time.monotonic() < deadline, "worker never reached its run"
        time.sleep(0.2)
    return proc


def _kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


@pytest.mark.parametrize(("mode", "status"), [("started", "STARTED"), ("created", "NOT_STARTED")])
def test_sigkilled_run_is_marked_failed_naming_the_process(
    bohai_env: Path, tmp_path: Path, mode: str, status: str
) -> None:
    proc = _start(tmp_path, mode)
    with dg.DagsterInstance.get() as instance:
        (run,) = instance.get_runs()
        assert run.status.value == status
        assert run.tags[PID_TAG] == str(proc.pid)
        assert mark_dead_runs(instance) == [], "a live process's run is left alone"
        _kill(proc)
        dead = mark_dead_runs(instance)
        assert [d.run_id for d in dead] == [run.run_id]
        after = instance.get_run_by_id(run.run_id)
        assert after is not None and after.status == dg.DagsterRunStatus.FAILURE
        assert after.tags[DEAD_TAG] == "true"
        (failure,) = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        assert f"bohai process {proc.pid}" in failure.message
        assert f"while the run was {status}" in failure.message
        assert mark_dead_runs(instance) == [], "marked once, not on every command"


def test_a_reused_pid_does_not_keep_a_dead_run_alive() -> None:
    me = os.getpid()
    assert process_alive(me, process_start(me))
    assert not process_alive(me, str(int(process_start(me)) + 1)), "same pid, other process"
    tags = owner_tags()
    assert tags[PID_TAG] == str(me) and tags[PID_START_TAG] == process_start(me)


def test_an_exited_child_is_not_alive(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    started = process_start(proc.pid)
    proc.wait()
    assert not process_alive(proc.pid, started)


def test_dagster_run_monitoring_fails_the_run_through_the_launcher_check(
    bohai_env: Path, tmp_path: Path
) -> None:
    """The daemon's own monitor_started_run, with the project's dagster.yaml and launcher."""
    import logging
    import shutil

    from dagster._daemon.monitoring.run_monitoring import monitor_started_run

    from pipelines.run_launcher import BohaiRunLauncher

    shutil.copy(REPO / "dagster.yaml", bohai_env / "home" / "dagster.yaml")
    proc = _start(tmp_path, "started")
    logger = logging.getLogger("test.monitoring")
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.run_launcher, BohaiRunLauncher)
        assert instance.run_monitoring_enabled
        (record,) = instance.get_run_records()
        monitor_started_run(instance, None, record, logger)  # type: ignore[arg-type]
        assert instance.get_run_by_id(record.dagster_run.run_id).status.value == "STARTED"
        _kill(proc)
        monitor_started_run(instance, None, record, logger)  # type: ignore[arg-type]
        after = instance.get_run_by_id(record.dagster_run.run_id)
        assert after is not None and after.status == dg.DagsterRunStatus.FAILURE
        assert after.tags[DEAD_TAG] == "true"
        (failure,) = instance.all_logs(after.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        assert "Detected run worker status FAILED" in failure.message, "Dagster's own words"
        assert f"bohai process {proc.pid}" in failure.message
