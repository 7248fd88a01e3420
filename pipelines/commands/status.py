"""`bohai status`: recent runs from the Dagster instance and the latest release per dataset."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import dagster as dg

console = Console(width=None if sys.stdout.isatty() else 160)
PARTITION_TAG = "dagster/partition"
_STEP_EVENTS = ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE")


def say_dead_runs(out: Console, instance: dg.DagsterInstance) -> int:
    """Mark this host's runs whose process is gone as failed, one line each; how many."""
    from pipelines.dead_runs import mark_dead_runs

    dead = mark_dead_runs(instance)
    for run in dead:
        out.print(
            f"[yellow]marked failed:[/] run {run.run_id} ({run.job_name}, was {run.status}): "
            f"its process {run.pid} is gone",
            highlight=False,
        )
    return len(dead)


def dataset_of(job_name: str) -> tuple[str, str]:
    """(`sector/name`, job kind) from a job named `sector__name__kind`; other jobs as they are."""
    parts = job_name.split("__")
    return ("/".join(parts[:2]), parts[2]) if len(parts) == 3 else (job_name, "")


def stage_state(instance: dg.DagsterInstance, run_id: str) -> str:
    """The stage that failed, else the one started and never finished (a lost process), else ''."""
    from dagster import DagsterEventType

    from pipelines.failures import stage_of

    kinds = {DagsterEventType[name] for name in _STEP_EVENTS}
    started: list[str] = []
    for event in instance.all_logs(run_id, of_type=kinds):
        step = event.dagster_event.step_key if event.dagster_event else None
        kind = event.dagster_event_type
        if not step:
            continue
        if kind == DagsterEventType.STEP_FAILURE:
            return stage_of(step)
        if kind == DagsterEventType.STEP_START:
            started.append(step)
        elif step in started:
            started.remove(step)
    return f"{stage_of(started[-1])} (unfinished)" if started else ""


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


def _duration(start: float | None, end: float | None, running: bool) -> str:
    if not start:
        return "-"
    seconds = (end or datetime.now(UTC).timestamp()) - start
    text = f"{seconds:,.1f} s" if seconds < 120 else f"{seconds / 60:,.1f} min"
    return f"{text} so far" if running and not end else text


def status_word(run: dg.DagsterRun) -> str:
    """Dagster's status, saying which runs lost their process and who runs the unfinished ones."""
    from pipelines.dead_runs import DEAD_TAG, PID_TAG

    word = run.status.value
    if run.tags.get(DEAD_TAG):
        return f"[red]{word} (process lost)[/]"
    if word == "SUCCESS":
        return f"[green]{word}[/]"
    if run.is_finished:
        return f"[red]{word}[/]"
    if PID_TAG in run.tags:  # dead ones were just marked: this one's process is alive
        return f"[yellow]{word} (pid {run.tags[PID_TAG]} running)[/]"
    return f"[yellow]{word} (unchecked: no bohai pid tag)[/]"


def runs_table(instance: dg.DagsterInstance, dataset: str | None, limit: int) -> Table:
    """The `limit` most recent runs (of `dataset`'s jobs when given), newest first."""
    import dagster as dg

    from pipelines.dead_runs import DEAD_TAG

    if dataset:
        sector, _, name = dataset.partition("/")
        records = [
            r
            for kind in ("ingest", "publish")
            for r in instance.get_run_records(
                filters=dg.RunsFilter(job_name=f"{sector}__{name}__{kind}"), limit=limit
            )
        ]
        records = sorted(records, key=lambda r: r.create_timestamp, reverse=True)[:limit]
    else:
        records = list(instance.get_run_records(limit=limit))
    table = Table(title=f"last {len(records)} run(s){f' of {dataset}' if dataset else ''}")
    for col in ("dataset", "job", "partition", "status", "started", "duration", "stage", "run"):
        table.add_column(col, overflow="fold")
    for record in records:
        run = record.dagster_run
        data, kind = dataset_of(run.job_name)
        running = not run.is_finished
        lost = DEAD_TAG in run.tags
        table.add_row(
            data,
            kind,
            run.tags.get(PARTITION_TAG, "-"),
            status_word(run),
            _when(record.start_time or record.create_timestamp.timestamp()),
            "-" if lost else _duration(record.start_time, record.end_time, running),
            stage_state(instance, run.run_id) or ("before any stage" if lost else "-"),
            run.run_id[:8],
        )
    return table


def releases_table(dataset: str | None) -> Table:
    """The latest published version of each dataset (or of `dataset`) in the release store."""
    from pipelines.home import release_store_dir
    from releases.refs import DatasetRef
    from releases.store import ReleaseStore
    from releases.withdrawal import available

    store = ReleaseStore(release_store_dir())
    table = Table(title=f"latest releases in {store.location}")
    for col in ("dataset", "version", "created", "rows"):
        table.add_column(col, overflow="fold")
    for name in [dataset] if dataset else store.datasets():
        versions = available(store, name)
        version = versions[-1] if versions else None
        if version is None:
            gone = "every release withdrawn" if store.latest(name) else "never released"
            table.add_row(name, "-", gone, "-")
            continue
        manifest = store.manifest(DatasetRef(name, version))
        created = str(manifest.get("created_at", ""))[:19].replace("T", " ")
        table.add_row(name, version, created, f"{manifest.get('rows', 0):,}")
    return table


def status(
    dataset: Annotated[str | None, typer.Argument(help="Only this dataset id.")] = None,
    limit: Annotated[int, typer.Option(help="How many recent runs to list.")] = 20,
) -> None:
    """Recent runs (status, start, duration, failed stage) and the latest release per dataset."""
    from pipelines.home import configure_environment

    configure_environment()
    import dagster as dg

    instance = dg.DagsterInstance.get()
    say_dead_runs(console, instance)
    runs = runs_table(instance, dataset, limit)
    console.print(runs if runs.row_count else f"no runs{f' of {dataset}' if dataset else ''} yet")
    releases = releases_table(dataset)
    console.print(releases if releases.row_count else "no release published yet")
