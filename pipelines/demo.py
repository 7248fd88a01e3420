"""The embedded default: run every dataset's jobs on generated samples and summarize."""

from __future__ import annotations

from datetime import timedelta

import dagster as dg

from pipelines.dataset_assets import UNPARTITIONED
from pipelines.runner import DatasetRun, Observer, run_dataset
from schemas.spec import DatasetSpec


def demo_partitions(spec: DatasetSpec, days: int) -> list[str]:
    """The first `days` partitions of a daily dataset (or the single partition)."""
    if spec.partitioning.kind != "daily":
        return [UNPARTITIONED]
    start = spec.partitioning.start
    assert start is not None
    return [(start + timedelta(days=i)).isoformat() for i in range(days)]


def run_demo(
    defs: dg.Definitions,
    spec: DatasetSpec,
    instance: dg.DagsterInstance,
    days: int,
    observer: Observer | None = None,
) -> DatasetRun:
    """The demo of one dataset: its first `days` partitions, then a release."""
    return run_dataset(defs, spec, instance, demo_partitions(spec, days), observer=observer)
