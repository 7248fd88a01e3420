"""`bohai run`: ingest a dataset's real source partition by partition, then publish a release."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    import dagster as dg

    from pipelines.runner import DatasetRun
    from schemas.spec import DatasetSpec

console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


def quiet_logging() -> None:
    """Warnings only: Dagster's own loggers run at DEBUG and would bury the progress display."""
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


NO_DAEMON = (
    "no dagster-daemon heartbeat: start `bohai ui` or `dagster-daemon run -m "
    "pipelines.definitions`, or use --in-process"
)


def _via_backfill(
    defs: dg.Definitions,
    spec: DatasetSpec,
    instance: dg.DagsterInstance,
    keys: list[str],
    release: bool,
    release_ready: bool = False,
) -> DatasetRun:
    """Submit one backfill, wait for its runs, then release in process (see pipelines.backfill)."""
    from pipelines.backfill import submit_backfill, wait_backfill
    from pipelines.runner import release_after

    backfill_id = submit_backfill(spec, keys)
    console.print(f"backfill {backfill_id}: {len(keys)} partition(s) sent to the daemon")
    shown = [-1]

    def tick(done: int, total: int) -> None:
        if done != shown[0]:
            console.print(f"backfill {backfill_id}: {done}/{total} runs finished", highlight=False)
            shown[0] = done

    runs = wait_backfill(instance, spec, backfill_id, keys, tick)
    for i, part in enumerate(runs, start=1):
        status = "ok" if part.success else "FAILED"
        line = f"[{i}/{len(runs)}] {spec.id} {part.partition} · {status} · run {part.run_id}"
        console.print(line, highlight=False)
    return release_after(defs, spec, instance, runs, release, release_ready=release_ready)


def run(
    dataset: Annotated[str, typer.Argument(help="Dataset id, e.g. marine/ais_positions.")],
    partition: Annotated[str | None, typer.Option(help="One day (YYYY-MM-DD).")] = None,
    first: Annotated[str | None, typer.Option("--from", help="First day of a range.")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Last day of a range.")] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every partition the source has files for.")
    ] = False,
    release: Annotated[
        bool, typer.Option("--release/--no-release", help="Publish a release afterwards.")
    ] = True,
    release_ready: Annotated[
        bool,
        typer.Option(
            "--release-ready",
            help="Release the days that passed even if others failed; the manifest names the "
            "held-back days.",
        ),
    ] = False,
    backfill: Annotated[
        bool | None,
        typer.Option(
            "--backfill/--in-process",
            help="Submit one Dagster backfill to the daemon (default: when one runs and there "
            "are several partitions) or run each partition in this process.",
        ),
    ] = None,
) -> None:
    """Run DATASET's ingest job on its real source for the chosen partitions, then release it."""
    from pipelines.home import configure_environment

    configure_environment()
    quiet_logging()
    import dagster as dg

    from pipelines.backfill import DaemonGone, daemon_alive
    from pipelines.commands.status import say_dead_runs
    from pipelines.devkey import ensure_dev_key
    from pipelines.factory import build_definitions
    from pipelines.partition_select import PartitionChoiceError, select_partitions
    from pipelines.progress import RunProgress
    from pipelines.runner import STORE_STAGE, run_dataset
    from pipelines.spec_loading import spec_for
    from pipelines.summary import print_failures, print_summary
    from schemas.spec import SpecError

    try:
        spec, _ = spec_for(dataset)
    except SpecError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    try:
        keys = select_partitions(spec, partition, first, last, every)
    except PartitionChoiceError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    if ensure_dev_key():
        console.print("[yellow]BOHAI_PSEUDONYM_KEY not set: using a development key[/]")
    if spec.source.uri.startswith("sample://"):
        console.print(f"[yellow]{spec.id} reads generated samples (sample://); see `bohai init`[/]")
    defs = build_definitions()
    instance = dg.DagsterInstance.get()
    say_dead_runs(console, instance)
    console.print(f"[bold]{spec.id}[/]: {len(keys)} partition(s) from {spec.source.uri}")
    alive = daemon_alive(instance)
    if backfill or (backfill is None and alive and len(keys) > 1):
        if not alive:
            err.print(f"[bold red]error:[/] {escape(str(NO_DAEMON))}", highlight=False)
            raise typer.Exit(2)
        try:
            outcome = _via_backfill(defs, spec, instance, keys, release, release_ready)
        except DaemonGone as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
            raise typer.Exit(1) from None
    else:
        outcome = run_dataset(
            defs, spec, instance, keys, release, RunProgress(console, spec), release_ready
        )
    ok = print_summary(console, [outcome], title=f"bohai run {spec.id}")
    failures = [f for f in outcome.failures if f.stage != STORE_STAGE]  # said once, below
    if failures:
        print_failures(err, failures)
    if outcome.store_error:
        err.print(
            f"[bold red]error:[/] {escape(str(outcome.store_error))}",
            highlight=False,
            soft_wrap=True,
        )
    if not ok:
        raise typer.Exit(1)
