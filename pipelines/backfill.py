"""Many days where the Dagster daemon runs: one backfill, so runs go to its launcher or Celery.

`bohai run` submits the partitions as one Dagster backfill (the same one the UI's "Launch
backfill" makes), waits for its runs, and reads each partition's outcome from the instance,
so failures print exactly as for in-process runs. Without a live daemon it runs in process.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable

import dagster as dg
from dagster._core.storage.dagster_run import RunsFilter

from pipelines.dataset_assets import ingest_job_name
from pipelines.home import project_home
from pipelines.runner import PartitionRun, partition_outcome
from schemas.spec import DatasetSpec

BACKFILL_DAEMON = "BACKFILL"
HEARTBEAT_S = 120  # a daemon whose last heartbeat is older than this is not running
BACKFILL_TAG = "dagster/backfill"
PARTITION_TAG = "dagster/partition"
_RUNNING = (dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED)
_NOT_LAUNCHED = (dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED)
_LAUNCHED = re.compile(r"Launched backfill job `(?P<id>[^`]+)`")


def daemon_alive(instance: dg.DagsterInstance) -> bool:
    """True when the instance's backfill daemon sent a heartbeat recently."""
    beat = instance.get_daemon_heartbeats().get(BACKFILL_DAEMON)
    return beat is not None and time.time() - beat.timestamp < HEARTBEAT_S


def submit_backfill(spec: DatasetSpec, partitions: list[str]) -> str:
    """Submit one backfill of the ingest job over the partitions; returns its id."""
    cmd = [
        sys.executable, "-m", "dagster", "job", "backfill", "-m", "pipelines.definitions",
        "-j", ingest_job_name(spec), "--partitions", ",".join(partitions), "--noprompt",
    ]  # fmt: skip
    done = subprocess.run(cmd, cwd=project_home(), capture_output=True, text=True, check=False)
    found = _LAUNCHED.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"backfill submission failed: {(done.stderr or done.stdout)[-800:]}")
    return found["id"]


class DaemonGone(RuntimeError):
    """The daemon stopped while the backfill's runs waited for it; the message says what to do."""


def _give_up(instance: dg.DagsterInstance, backfill_id: str, waiting: list[dg.DagsterRun]) -> None:
    """Cancel the runs still queued (a daemon started later would run them behind our back)."""
    queued = [r for r in waiting if r.status in _NOT_LAUNCHED]
    for run in queued:
        instance.report_run_canceled(run, message="bohai run: no dagster-daemon to launch it")
    raise DaemonGone(
        f"backfill {backfill_id}: no dagster-daemon heartbeat for {HEARTBEAT_S} s while "
        f"{len(waiting)} run(s) waited for it ({len(queued)} unlaunched run(s) canceled): the "
        "daemon stopped (`bohai ui` closed?); start `bohai ui` and run again, or use --in-process"
    )


def _finished(run: dg.DagsterRun) -> bool:
    return run.status in (
        dg.DagsterRunStatus.SUCCESS,
        dg.DagsterRunStatus.FAILURE,
        dg.DagsterRunStatus.CANCELED,
    )


def wait_backfill(
    instance: dg.DagsterInstance,
    spec: DatasetSpec,
    backfill_id: str,
    partitions: list[str],
    tick: Callable[[int, int], None] = lambda done, total: None,
    poll_s: float = 2.0,
) -> list[PartitionRun]:
    """Wait until every partition's run finished, then read their outcomes from the instance."""
    started = time.monotonic()
    while True:
        runs = instance.get_runs(filters=RunsFilter(tags={BACKFILL_TAG: backfill_id}))
        latest = {}
        for run in sorted(runs, key=lambda r: r.run_id):
            latest[run.tags.get(PARTITION_TAG, "")] = run
        done = [r for p, r in latest.items() if p in partitions and _finished(r)]
        tick(len(done), len(partitions))
        if len(done) == len(partitions):
            break
        if not daemon_alive(instance):
            waiting = [r for p, r in latest.items() if p in partitions and not _finished(r)]
            if not any(r.status in _RUNNING for r in waiting):  # a started run ends by itself
                _give_up(instance, backfill_id, waiting)
        time.sleep(poll_s)
    outcomes = []
    for partition in partitions:
        run = latest[partition]
        entries = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE)
        events = [e.dagster_event for e in entries if e.dagster_event is not None]
        checks = [
            (e.dagster_event.asset_check_evaluation_data.asset_key.path[-1],
             e.dagster_event.asset_check_evaluation_data.check_name,
             e.dagster_event.asset_check_evaluation_data.passed)
            for e in instance.all_logs(
                run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
            )
            if e.dagster_event is not None
        ]  # fmt: skip
        ok = run.status == dg.DagsterRunStatus.SUCCESS
        elapsed = time.monotonic() - started
        outcomes.append(partition_outcome(spec, partition, run.run_id, ok, events, checks, elapsed))
    return outcomes
