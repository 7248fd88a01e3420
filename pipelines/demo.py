"""The embedded default: run every dataset's jobs on generated samples and summarize."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import dagster as dg

from pipelines.dataset_assets import UNPARTITIONED, ingest_job_name, release_job_name
from pipelines.home import work_dir
from pipelines.stage_report import REPORT, STAGES
from schemas.spec import DatasetSpec


@dataclass(slots=True)
class PartitionRun:
    """Outcome of one partition's ingest run."""

    partition: str
    success: bool
    run_id: str
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    checks: list[tuple[str, str, bool]] = field(default_factory=list)


@dataclass(slots=True)
class DatasetRun:
    """Outcome of a dataset's demo: its partitions and its release."""

    spec: DatasetSpec
    partitions: list[PartitionRun] = field(default_factory=list)
    release: dict[str, Any] = field(default_factory=dict)
    release_error: str | None = None


def demo_partitions(spec: DatasetSpec, days: int) -> list[str]:
    """The first `days` partitions of a daily dataset (or the single partition)."""
    if spec.partitioning.kind != "daily":
        return [UNPARTITIONED]
    start = spec.partitioning.start
    assert start is not None
    return [(start + timedelta(days=i)).isoformat() for i in range(days)]


def _reports(spec: DatasetSpec, partition: str) -> dict[str, dict[str, Any]]:
    import json

    out = {}
    for stage in STAGES:
        path = work_dir() / spec.id / partition / stage / REPORT
        if path.is_file():
            out[stage] = json.loads(path.read_text(encoding="utf-8"))
    return out


def _checks(result: dg.ExecuteInProcessResult) -> list[tuple[str, str, bool]]:
    return [
        (e.asset_key.path[-1], e.check_name, e.passed) for e in result.get_asset_check_evaluations()
    ]


QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def run_dataset(
    defs: dg.Definitions, spec: DatasetSpec, instance: dg.DagsterInstance, days: int
) -> DatasetRun:
    """Run the ingest job per partition, then the release job, recording everything."""
    outcome = DatasetRun(spec)
    ingest = defs.resolve_job_def(ingest_job_name(spec))
    for partition in demo_partitions(spec, days):
        key = None if partition == UNPARTITIONED else partition
        result = ingest.execute_in_process(
            run_config=QUIET, instance=instance, partition_key=key, raise_on_error=False
        )
        outcome.partitions.append(
            PartitionRun(
                partition, result.success, result.run_id, _reports(spec, partition), _checks(result)
            )
        )
    release = defs.resolve_job_def(release_job_name(spec))
    result = release.execute_in_process(run_config=QUIET, instance=instance, raise_on_error=False)
    if result.success:
        mats = result.get_asset_materialization_events()
        meta = mats[-1].materialization.metadata if mats else {}
        outcome.release = {k: getattr(v, "value", v) for k, v in meta.items()}
    else:
        failure = result.get_step_failure_events()
        outcome.release_error = (
            failure[0].event_specific_data.error.message.strip()
            if failure
            else "release run failed"
        )
    return outcome
