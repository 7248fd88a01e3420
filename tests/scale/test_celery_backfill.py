"""A three-day AIS backfill runs its partitions in parallel on two Celery workers."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from pipelines.celery_workers import running_workers, start_workers, stop_workers, wait_for_workers
from pipelines.commands.workers import app as workers_app
from pipelines.dataset_assets import ingest_job_name
from schemas.spec import load_specs

pytestmark = pytest.mark.celery

REPO = Path(__file__).resolve().parents[2]
DAYS = ("2026-11-01", "2026-11-02", "2026-11-03")
STAGES = ("raw", "parsed", "validated", "scrubbed")
LOCATION = "bohai_celery_location"
# The code location the daemon, the run processes and the workers all load: the project's
# definitions with the executor that BOHAI_EXECUTOR selects.
LOCATION_SOURCE = """\
from pipelines.executors import with_env_executor
from pipelines.factory import build_definitions

defs = with_env_executor(build_definitions())
"""
TIMEOUT_S = 600


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@pytest.fixture
def celery_env(
    instance_home: Path, redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Isolated home, broker and code location for workers, daemon and CLI alike."""
    specs = tmp_path / "specs" / "marine"
    specs.mkdir(parents=True)
    shutil.copyfile(REPO / "datasets" / "marine" / "ais_positions.yaml", specs / "ais.yaml")
    monkeypatch.setenv("BOHAI_DATASETS", str(specs.parent))
    loc = tmp_path / "location"
    loc.mkdir()
    (loc / f"{LOCATION}.py").write_text(LOCATION_SOURCE, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(loc), str(REPO)]))
    monkeypatch.setenv("BOHAI_CELERY_BROKER", redis_url)
    monkeypatch.setenv("BOHAI_EXECUTOR", "celery")
    monkeypatch.chdir(tmp_path)
    return instance_home


@pytest.fixture
def workers(celery_env: Path) -> Iterator[dict[str, bool]]:
    """Two workers started by the same code as `bohai workers start 2`, stopped afterwards."""
    try:
        start_workers(2)
        yield wait_for_workers(2, timeout_s=120)
    finally:
        stop_workers(timeout_s=30)


@pytest.fixture
def daemon(celery_env: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The Dagster daemon that drains the run queue, as `bohai ui` (dagster dev) would run it."""
    log = (celery_env / "daemon.log").open("wb")
    proc = subprocess.Popen(
        [_bin("dagster-daemon"), "run", "-m", LOCATION],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the daemon and the code server it started
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _launch_backfill(job: str) -> str:
    out = subprocess.run(
        [_bin("dagster"), "job", "backfill", "-m", LOCATION, "-j", job,
         "--partitions", ",".join(DAYS), "--noprompt"],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    found = re.search(r"Launched backfill job `([^`]+)`", out.stdout)
    assert found, f"backfill not launched:\n{out.stdout}\n{out.stderr[-3000:]}"
    return found.group(1)


def _wait_for_runs(instance: dg.DagsterInstance, backfill_id: str) -> list[dg.DagsterRun]:
    deadline = time.monotonic() + TIMEOUT_S
    runs_filter = dg.RunsFilter(tags={"dagster/backfill": backfill_id})
    while time.monotonic() < deadline:
        runs = instance.get_runs(runs_filter)
        if len(runs) == len(DAYS) and all(r.is_finished for r in runs):
            return runs
        time.sleep(2)
    states = {r.tags.get("dagster/partition"): r.status for r in instance.get_runs(runs_filter)}
    pytest.fail(f"backfill {backfill_id} did not finish in {TIMEOUT_S}s: {states}")


def _step_events(instance: dg.DagsterInstance, run_id: str) -> tuple[int, dict, dict]:
    """The run process's pid, each step's STEP_START pid and each step's Celery worker."""
    run_pid, step_pids, step_workers = 0, {}, {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type_value == "RUN_START":
            run_pid = event.pid
        elif event.event_type_value == "STEP_START":
            step_pids[event.step_key] = event.pid
        elif event.event_type_value == "ENGINE_EVENT" and event.step_key:
            metadata = getattr(event.event_specific_data, "metadata", None) or {}
            if "Celery worker" in metadata:
                step_workers[event.step_key] = metadata["Celery worker"].value
    return run_pid, step_pids, step_workers


def test_backfill_partitions_run_on_the_celery_workers(
    celery_env: Path,
    workers: dict[str, bool],
    daemon: subprocess.Popen[bytes],
    bohai_env: Path,
) -> None:
    (spec,) = load_specs(Path(os.environ["BOHAI_DATASETS"]))
    names = {r.name for r in running_workers()}
    assert set(workers) == names and len(names) == 2
    status = CliRunner().invoke(workers_app, ["status"])  # `bohai workers status`
    assert status.exit_code == 0, status.output
    assert "bohai-1" in status.output and "bohai-2" in status.output

    backfill_id = _launch_backfill(ingest_job_name(spec))
    with dg.DagsterInstance.get() as instance:
        runs = _wait_for_runs(instance, backfill_id)
        failed = [r.tags["dagster/partition"] for r in runs if r.status.value != "SUCCESS"]
        assert not failed, f"partitions failed: {failed}; daemon log {celery_env / 'daemon.log'}"
        used_workers = set()
        for run in runs:
            run_pid, step_pids, step_workers = _step_events(instance, run.run_id)
            steps = {f"marine__ais_positions__{s}" for s in STAGES}
            assert set(step_pids) == steps and set(step_workers) == steps
            # every step ran in a worker process: not this test, not the run's own process
            assert all(pid not in (os.getpid(), run_pid, None) for pid in step_pids.values())
            assert set(step_workers.values()) <= names
            used_workers |= set(step_workers.values())
    assert used_workers == names, f"one worker did all the work: {used_workers}"

    # the workers' own logs account for every step they ran
    logs = "".join(Path(r.log).read_text(encoding="utf-8") for r in running_workers())
    assert len(re.findall(r"Task execute_plan\[[^\]]+\] succeeded", logs)) == len(DAYS) * 4
    for day in DAYS:
        scrubbed = bohai_env / "work" / spec.id / day / "scrubbed"
        assert list(scrubbed.glob("*.parquet")), f"no scrubbed output for {day}"
