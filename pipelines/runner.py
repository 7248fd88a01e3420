"""Run a dataset's ingest job per partition, then its release job, in the project's instance.

Shared by `bohai run` (the spec's real source) and `bohai demo` (generated samples): each
partition is one Dagster run, so the UI lists it; a failed partition keeps its root cause.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.dataset_assets import UNPARTITIONED, ingest_job_name, release_job_name
from pipelines.dead_runs import owner_tags
from pipelines.failures import Failure, check_failures, step_failures, unreadable_failures
from pipelines.home import work_dir
from pipelines.partition_lock import PartitionBusy, partition_lock, running_elsewhere
from pipelines.source_check import source_warnings
from pipelines.stage_report import REPORT, STAGES
from pipelines.store_errors import is_store_error, store_folder, store_message
from schemas.spec import DatasetSpec

# Failures are printed from their root cause afterwards; Dagster's own ERROR lines would repeat
# them with the framework's stack first.
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
# The "stage" of a partition that could not run because the instance store failed (disk full).
STORE_STAGE = "instance store"
# The "stage" of a partition not run because another run of it is in progress.
BUSY_STAGE = "already running"


@dataclass(slots=True)
class PartitionRun:
    """Outcome of one partition's ingest run."""

    partition: str
    success: bool
    run_id: str
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    checks: list[tuple[str, str, bool]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(slots=True)
class DatasetRun:
    """Outcome of a dataset's run: its partitions and its release."""

    spec: DatasetSpec
    partitions: list[PartitionRun] = field(default_factory=list)
    release: dict[str, Any] = field(default_factory=dict)
    release_error: str | None = None
    release_run_id: str | None = None
    held_back: list[str] = field(default_factory=list)
    # Source files of released-ready days that are gone (pipelines.source_check).
    source_warnings: list[str] = field(default_factory=list)
    release_requested: bool = True
    store_error: str | None = None

    @property
    def failures(self) -> list[Failure]:
        """Every failure of every partition, in run order."""
        return [f for p in self.partitions for f in p.failures]


class Observer:
    """Hooks a progress display implements; the default does nothing."""

    def partition_started(self, index: int, total: int, partition: str) -> None:
        """Partition `index` (1-based) of `total` is about to run."""

    def partition_finished(self, index: int, total: int, run: PartitionRun) -> None:
        """A partition's run ended (successfully or not)."""

    def release_started(self) -> None:
        """The release job is about to run."""


def partition_dir(spec: DatasetSpec, partition: str) -> Path:
    """Where the stages of one partition keep their outputs and reports."""
    return work_dir() / spec.id / partition


def stage_reports(spec: DatasetSpec, partition: str) -> dict[str, dict[str, Any]]:
    """Every stage report written for a partition, by stage."""
    out = {}
    for stage in STAGES:
        path = partition_dir(spec, partition) / stage / REPORT
        if path.is_file():
            out[stage] = json.loads(path.read_text(encoding="utf-8"))
    return out


def _checks(result: dg.ExecuteInProcessResult) -> list[tuple[str, str, bool]]:
    return [
        (e.asset_key.path[-1], e.check_name, e.passed) for e in result.get_asset_check_evaluations()
    ]


def partition_outcome(
    spec: DatasetSpec,
    partition: str,
    run_id: str,
    success: bool,
    events: list[dg.DagsterEvent],
    checks: list[tuple[str, str, bool]],
    seconds: float,
) -> PartitionRun:
    """A partition's outcome from its run: stage reports, root causes, checks."""
    folder = partition_dir(spec, partition)
    reports = stage_reports(spec, partition)
    failures = [
        *unreadable_failures(reports, partition, folder, run_id),
        *step_failures(events, partition, folder, run_id),
    ]
    failures += check_failures(reports, partition, folder, run_id, failures)
    return PartitionRun(
        partition, success and not failures, run_id, reports, checks, failures, seconds
    )


def run_partition(
    defs: dg.Definitions, spec: DatasetSpec, instance: dg.DagsterInstance, partition: str
) -> PartitionRun:
    """One Dagster run of the ingest job for one partition, failures traced to their root."""
    started = time.monotonic()
    job = defs.resolve_job_def(ingest_job_name(spec))
    key = None if partition == UNPARTITIONED else partition
    label = f"{spec.id} {partition}"
    try:
        with partition_lock(partition_dir(spec, partition), label):
            other = running_elsewhere(instance, job.name, key)
            if other:
                raise PartitionBusy(f"{label} is already being run by {other}; wait for it")
            result = job.execute_in_process(
                run_config=QUIET,
                instance=instance,
                partition_key=key,
                raise_on_error=False,
                tags=owner_tags(),
            )
    except PartitionBusy as exc:
        return busy_failure(partition, str(exc), time.monotonic() - started)
    return partition_outcome(
        spec,
        partition,
        result.run_id,
        result.success,
        result.get_step_failure_events(),
        _checks(result),
        time.monotonic() - started,
    )


def run_release(
    defs: dg.Definitions, spec: DatasetSpec, instance: dg.DagsterInstance
) -> DatasetRun:
    """Run the release job; the outcome carries the release metadata or the root cause."""
    outcome = DatasetRun(spec)
    job = defs.resolve_job_def(release_job_name(spec))
    result = job.execute_in_process(
        run_config=QUIET, instance=instance, raise_on_error=False, tags=owner_tags()
    )
    outcome.release_run_id = result.run_id
    if result.success:
        mats = result.get_asset_materialization_events()
        meta = mats[-1].materialization.metadata if mats else {}
        outcome.release = {k: getattr(v, "value", v) for k, v in meta.items()}
        return outcome
    folder = work_dir() / spec.id / "_release"
    failures = step_failures(result.get_step_failure_events(), "release", folder, result.run_id)
    outcome.release_error = failures[0].cause if failures else "release run failed"
    return outcome


def run_dataset(
    defs: dg.Definitions,
    spec: DatasetSpec,
    instance: dg.DagsterInstance,
    partitions: list[str],
    release: bool = True,
    observer: Observer | None = None,
    release_ready: bool = False,
) -> DatasetRun:
    """Every partition in turn, then the release unless a partition failed or release is off."""
    watch = observer or Observer()
    runs = []
    for i, partition in enumerate(partitions, start=1):
        watch.partition_started(i, len(partitions), partition)
        started = time.monotonic()
        try:
            run = run_partition(defs, spec, instance, partition)
        except Exception as exc:
            if not is_store_error(exc):
                raise
            run = store_failure(partition, exc, time.monotonic() - started)
        watch.partition_finished(i, len(partitions), run)
        runs.append(run)
        if run.failures and run.failures[0].stage == STORE_STAGE:
            # the instance cannot record runs: the next partitions and the release would fail alike
            outcome = DatasetRun(spec, runs, release_requested=release)
            outcome.store_error = run.failures[0].cause
            outcome.release_error = "not released: the Dagster instance store failed (see below)"
            return outcome
    return release_after(defs, spec, instance, runs, release, watch, release_ready)


def busy_failure(partition: str, why: str, seconds: float) -> PartitionRun:
    """A partition another run is running: not run again, its work folder left to that run."""
    failure = Failure(
        partition=partition,
        stage=BUSY_STAGE,
        cause=why,
        error_type="PartitionBusy",
        data_location=None,
        code_location=None,
        report=None,
        run_id="-",
    )
    return PartitionRun(partition, False, "-", failures=[failure], seconds=seconds)


def store_failure(partition: str, exc: BaseException, seconds: float) -> PartitionRun:
    """A partition that could not run because the instance store failed: a row, not a traceback."""
    failure = Failure(
        partition=partition,
        stage=STORE_STAGE,
        cause=store_message(exc),
        error_type="InstanceStoreError",
        data_location=None,
        code_location=None,
        report=store_folder(),
        run_id="-",
    )
    return PartitionRun(partition, False, "-", failures=[failure], seconds=seconds)


def _not_released(bad: list[str], release_ready: bool) -> str:
    """Why nothing was published, with the next step that can help (not the flag just given)."""
    said = f"not released: {len(bad)} partition(s) failed ({', '.join(bad[:5])}"
    said += f"{' …' if len(bad) > 5 else ''})"
    if bad == [UNPARTITIONED]:
        return f"{said}: fix its input (see below) and run again"
    if release_ready:  # every partition asked for failed: none passed to release
        return f"{said}: none passed, so --release-ready had no day to release; fix them, run again"
    return (
        f"{said}; a release never skips a day silently: fix or move those days' files and run "
        "again, or release the days that passed with --release-ready (the manifest then names "
        "the held-back days)"
    )


def release_after(
    defs: dg.Definitions,
    spec: DatasetSpec,
    instance: dg.DagsterInstance,
    runs: list[PartitionRun],
    release: bool = True,
    watch: Observer | None = None,
    release_ready: bool = False,
) -> DatasetRun:
    """The release job after the partitions' runs, unless one failed or release is off.

    With `release_ready`, the days that passed are released even when others failed; the
    release manifest names the held-back days (`held_back`), so none is skipped silently.
    """
    watch = watch or Observer()
    bad = [r.partition for r in runs if not r.success]
    if not release:
        return DatasetRun(spec, runs, release_requested=False)
    if not bad or (release_ready and len(bad) < len(runs)):
        watch.release_started()
        outcome = run_release(defs, spec, instance)
        outcome.held_back = bad
    else:
        outcome = DatasetRun(spec)
        outcome.release_error = _not_released(bad, release_ready)
    outcome.partitions = runs
    outcome.source_warnings = source_warnings(work_dir() / spec.id)
    return outcome
