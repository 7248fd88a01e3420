"""Runs whose process died (kill -9, power loss) are marked failed, naming the lost process.

`bohai run` executes in its own process, which Dagster's run monitoring cannot watch (the default
run launcher has no worker health check). Each run it starts is tagged with the host, pid and the
process's start time; the next bohai command marks this host's in-progress runs whose process is
gone as FAILURE through the instance, so they no longer stay STARTED or NOT_STARTED forever.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
from dagster._core.storage.dagster_run import IN_PROGRESS_RUN_STATUSES

HOST_TAG = "bohai/host"
PID_TAG = "bohai/pid"
PID_START_TAG = "bohai/pid_start"
DEAD_TAG = "bohai/marked_dead"
_WATCHED = [*IN_PROGRESS_RUN_STATUSES, dg.DagsterRunStatus.NOT_STARTED]


@dataclass(frozen=True, slots=True)
class DeadRun:
    """A run marked failed because the process that ran it is gone."""

    run_id: str
    job_name: str
    status: str
    pid: int
    reason: str


def _stat(pid: int) -> list[str]:
    """/proc/PID/stat fields after the command name (state first); [] where /proc is absent."""
    try:
        return Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return []


def process_start(pid: int) -> str:
    """The process's start time in clock ticks since boot ('' where /proc is absent)."""
    fields = _stat(pid)
    return fields[19] if len(fields) > 19 else ""  # field 22 of stat: starttime


def process_alive(pid: int, started: str) -> bool:
    """The process exists and is the same one (a reused pid has another start time)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    fields = _stat(pid)
    if not fields:
        return True  # no /proc: existence is all that can be known
    if started and len(fields) > 19 and fields[19] != started:
        return False
    return fields[0] != "Z"  # a zombie has exited: only its exit status is left


def owner_tags() -> dict[str, str]:
    """Tags naming this process, put on every run bohai executes in process."""
    pid = os.getpid()
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(pid), PID_START_TAG: process_start(pid)}


def lost_reason(run: dg.DagsterRun) -> str | None:
    """Why `run` is dead when this host's bohai process that ran it is gone; None otherwise."""
    if run.tags.get(HOST_TAG) != socket.gethostname():
        return None  # another machine's run, or one the daemon launched: not ours to judge
    try:
        pid = int(run.tags.get(PID_TAG, ""))
    except ValueError:
        return None
    if process_alive(pid, run.tags.get(PID_START_TAG, "")):
        return None
    return (
        f"the bohai process {pid} on {run.tags[HOST_TAG]} that ran this run is gone (killed or "
        f"crashed while the run was {run.status.value}); marked FAILURE by bohai"
    )


def mark_dead_runs(instance: dg.DagsterInstance) -> list[DeadRun]:
    """Mark FAILURE every in-progress run this host started whose process no longer exists."""
    host = socket.gethostname()
    filters = dg.RunsFilter(statuses=_WATCHED, tags={HOST_TAG: host})
    marked = []
    for record in instance.get_run_records(filters=filters):
        run = record.dagster_run
        reason = lost_reason(run)
        if reason is None:
            continue
        instance.add_run_tags(run.run_id, {DEAD_TAG: "true"})
        instance.report_run_failed(run, reason)
        marked.append(
            DeadRun(run.run_id, run.job_name, run.status.value, int(run.tags[PID_TAG]), reason)
        )
    return marked
