"""`bohai workers`: start, list and stop the Celery workers that run partitions in parallel."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err = Console(stderr=True)

app = typer.Typer(
    help=(
        "Celery workers for scaled-out runs (dagster-celery, Redis broker).\n\n"
        "1. Start a broker: `scripts/redis.sh install && scripts/redis.sh start` (one machine) or "
        "set BOHAI_CELERY_BROKER=redis://HOST:PORT/0.\n\n"
        "2. `bohai workers start N` migrates the Dagster instance (before any worker can race to "
        "create it) and starts N workers here, logs in .bohai/celery/logs/.\n\n"
        "3. Launch runs with BOHAI_EXECUTOR=celery (e.g. `BOHAI_EXECUTOR=celery bohai ui`, then "
        "backfill partitions): every step goes to a worker.\n\n"
        "Every worker needs the same code at the same path, the same BOHAI_* environment and the "
        "same DAGSTER_HOME. Workers on other machines also need Postgres instance storage "
        "(deploy/postgres/dagster.yaml) and shared BOHAI_WORK_DIR and BOHAI_RELEASE_STORE: "
        "see docs/scaling.md."
    ),
    no_args_is_help=True,
)


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(message))}")
    raise typer.Exit(code)


@app.command()
def start(
    count: Annotated[int, typer.Argument(help="How many workers should run on this machine.")],
    concurrency: Annotated[int, typer.Option(help="Steps each worker runs at once.")] = 1,
    max_tasks_per_child: Annotated[
        int, typer.Option(help="Steps a worker child runs before it is replaced (bounds memory).")
    ] = 1,
    loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO",
    wait: Annotated[float, typer.Option(help="Seconds to wait for the workers to answer.")] = 90,
) -> None:
    """Migrate the instance, then start workers until COUNT run on this machine."""
    from pipelines.celery_workers import WorkerError, start_workers, wait_for_workers
    from pipelines.executors import ExecutorConfigError, celery_settings

    try:
        storage, started = start_workers(count, concurrency, loglevel, max_tasks_per_child)
        answered = wait_for_workers(count, wait) if wait > 0 else {}
    except (WorkerError, ExecutorConfigError) as exc:
        _fail(str(exc))
    console.print(f"instance storage: {storage} (migrated); broker {celery_settings()['broker']}")
    if storage.startswith("Sqlite"):
        console.print(
            "[yellow]SQLite instance storage: workers must all run on this machine; "
            "use Postgres for more (docs/scaling.md)[/]"
        )
    for record in started:
        console.print(f"started {record.name} (pid {record.pid}, log {record.log})")
    if answered:
        names = ", ".join(sorted(answered))
        console.print(f"[green]{len(answered)} worker(s) answering[/]: {names}")
    console.print("launch runs with BOHAI_EXECUTOR=celery to send their steps to the workers")


@app.command()
def stop(
    timeout: Annotated[
        float, typer.Option(help="Seconds to let running steps finish before killing.")
    ] = 120,
) -> None:
    """Stop the workers started on this machine (each finishes its current step first)."""
    from pipelines.celery_workers import stop_workers

    stopped = stop_workers(timeout)
    if not stopped:
        console.print("no worker started here is running")
    for record in stopped:
        console.print(f"stopped {record.name} (pid {record.pid})")


@app.command()
def status() -> None:
    """List the workers started here and every worker that answers through the broker."""
    from pipelines.celery_workers import WorkerError, check_broker, ping_workers, running_workers
    from pipelines.executors import ExecutorConfigError, celery_settings
    from pipelines.home import configure_environment

    configure_environment()
    try:
        broker = celery_settings()["broker"]
        check_broker(broker)
    except (WorkerError, ExecutorConfigError) as exc:
        _fail(str(exc))
    answered = ping_workers()
    local = {r.name: r for r in running_workers()}
    table = Table(title=f"Celery workers on {broker}")
    for col in ("worker", "pid", "started here", "answers", "log"):
        table.add_column(col)
    for name in sorted(set(local) | set(answered)):
        record = local.get(name)
        table.add_row(
            name,
            str(record.pid) if record else "",
            "yes" if record else "no",
            "yes" if answered.get(name) else "[red]no[/]",
            record.log if record else "",
        )
    console.print(table)
    if not answered:
        _fail("no worker answers: start some with `bohai workers start N`")
