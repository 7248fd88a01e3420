"""One run of a partition at a time: a second one would rewrite the stage files the first reads.

Two `bohai run`s of one day (a sensor's run and a person's, or a command typed twice) share the
partition's work folder; the second rewrote `parsed/` while the first was validating, so the first
failed with "stage has not run (materialize the upstream asset first)", which names no cause, and
a stage could have read another run's files. `bohai run` now holds an exclusive lock on the
partition's folder (released by the kernel if its process dies) and first asks the instance for
an in-progress run of the same job and partition (a run launched from the UI holds no lock).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster._core.storage.dagster_run import IN_PROGRESS_RUN_STATUSES

from pipelines.dead_runs import HOST_TAG, PID_TAG

LOCK_NAME = ".run.lock"
PARTITION_TAG = "dagster/partition"


class PartitionBusy(RuntimeError):
    """The partition is being run by another run; the message names it."""


def running_elsewhere(
    instance: dg.DagsterInstance, job_name: str, partition: str | None
) -> str | None:
    """'run <id> (pid P on H)' of an in-progress run of this job and partition, else None."""
    tags = {PARTITION_TAG: partition} if partition else {}
    records = instance.get_run_records(
        dg.RunsFilter(job_name=job_name, statuses=list(IN_PROGRESS_RUN_STATUSES), tags=tags),
        limit=1,
    )
    if not records:
        return None
    run = records[0].dagster_run
    owner = run.tags.get(PID_TAG)
    where = f" (pid {owner} on {run.tags.get(HOST_TAG, '?')})" if owner else ""
    return f"run {run.run_id}{where}"


@contextmanager
def partition_lock(folder: Path, label: str) -> Iterator[None]:
    """Hold the partition's lock for the block; PartitionBusy when another process holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    with path.open("a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise PartitionBusy(
                f"{label} is already being run by {holder}; wait for it to finish "
                "(bohai status) and run again"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"bohai run (pid {os.getpid()})\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
