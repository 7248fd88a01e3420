"""The `bohai` command line: run the embedded default, browse and pull releases, start the UI."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.commands import init as init_commands
from pipelines.commands import privacy as privacy_commands
from pipelines.commands import run as run_commands
from pipelines.commands import scrub as scrub_commands
from pipelines.commands import status as status_commands
from pipelines.commands import ui as ui_commands
from pipelines.commands.annotate import app as annotate_app
from pipelines.commands.labelstudio import app as labelstudio_app
from pipelines.commands.releases import register as register_releases
from pipelines.commands.workers import app as workers_app
from pipelines.home import configure_environment, datasets_dir

app = typer.Typer(
    help="Bohai: curated, privacy-safe, versioned industry datasets.", no_args_is_help=True
)
# Wide enough for the summary tables when output goes to a file or CI log, not a terminal.
console = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)


class _OncePerMessage(logging.Filter):
    """Show a repeated warning (e.g. the development signing key, once per dataset) only once."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        """Pass a record the first time its message is seen."""
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {escape(str(message))}")
    raise typer.Exit(code)


@app.command()
def demo(
    days: Annotated[int, typer.Option(help="Daily partitions to run per dataset.")] = 2,
    dataset: Annotated[list[str] | None, typer.Option(help="Only these dataset ids.")] = None,
    allow_release: Annotated[
        list[str] | None,
        typer.Option(
            help="Publish despite this refusal (shrink, day_shrink, quarantine_share, "
            "missing_partitions); needs a reason."
        ),
    ] = None,
    override_reason: Annotated[
        str | None, typer.Option(help="Why the refusal is overridden (kept in the manifest).")
    ] = None,
) -> None:
    """Generate the bundled samples, run every dataset through Dagster, publish and summarize."""
    configure_environment()
    if allow_release:  # the release asset reads the override from the environment
        from releases.guards import ENV_ALLOW, ENV_REASON, override_from

        try:
            override_from(allow_release, override_reason or "")
        except ValueError as exc:
            _fail(str(exc))
        os.environ[ENV_ALLOW] = ",".join(allow_release)
        os.environ[ENV_REASON] = override_reason or ""
    from pipelines.devkey import ensure_dev_key

    handler = logging.StreamHandler()
    handler.addFilter(_OncePerMessage())
    handler.setLevel(logging.WARNING)  # Dagster's own loggers run at DEBUG and propagate here
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    if ensure_dev_key():
        console.print(
            "[yellow]BOHAI_PSEUDONYM_KEY not set: using a development key in .bohai/secrets[/]"
        )
    import dagster as dg

    from pipelines.commands.status import say_dead_runs
    from pipelines.demo import demo_partitions, run_demo
    from pipelines.factory import build_definitions
    from pipelines.progress import RunProgress
    from pipelines.spec_loading import usable_specs
    from pipelines.summary import print_failures, print_summary

    defs = build_definitions()
    specs = [s for s in usable_specs().specs if not dataset or s.id in dataset]
    if not specs:
        _fail(f"no dataset matches {dataset}")
    instance = dg.DagsterInstance.get()
    say_dead_runs(console, instance)
    runs = []
    for spec in specs:
        count = len(demo_partitions(spec, days))
        console.print(f"[bold]{spec.id}[/]: running {count} partition(s) through Dagster …")
        runs.append(run_demo(defs, spec, instance, days, RunProgress(console, spec)))
    ok = print_summary(console, runs)
    failures = [f for r in runs for f in r.failures]
    if failures:
        print_failures(err, failures)
    if not ok:
        raise typer.Exit(1)


@app.command()
def specs(
    root: Annotated[Path | None, typer.Option(help="Folder of dataset specs.")] = None,
) -> None:
    """Validate every dataset spec and list them."""
    from schemas.spec import load_spec_set

    found = load_spec_set(root or datasets_dir())
    loaded = found.specs
    table = Table(title="dataset specs")
    for col in ("id", "sector", "format", "tables", "partitioning", "annotation", "grade"):
        table.add_column(col, overflow="fold")
    for s in loaded:
        tables = ", ".join(s.tables) if len(s.tables) <= 3 else f"{len(s.tables)} tables"
        annotation = s.annotation.kind if s.annotation else "-"
        table.add_row(
            s.id,
            s.sector,
            s.source.format,
            tables,
            s.partitioning.kind,
            annotation,
            s.release.grade,
        )
    console.print(table)
    for error in found.broken.values():
        err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
    if found.broken:
        _fail(f"{len(found.broken)} spec(s) do not load; the others above still run")


register_releases(app)
app.command("run")(run_commands.run)
app.command("status")(status_commands.status)
app.command("ui")(ui_commands.ui)
app.command("init")(init_commands.init)
app.command("scan")(privacy_commands.scan)
app.command("scrub")(scrub_commands.scrub)
app.add_typer(labelstudio_app, name="labelstudio")
app.add_typer(annotate_app, name="annotate")
app.add_typer(workers_app, name="workers")


def storage_error(exc: OSError) -> str:
    """One sentence for a file-system failure: the path, the system's reason, what to check."""
    where = exc.filename or "a file"
    reason = exc.strerror or type(exc).__name__
    return (
        f"cannot use {where}: {reason}. Check that the folder exists and is writable "
        "(BOHAI_HOME, BOHAI_WORK_DIR, BOHAI_RELEASE_STORE, or the path you passed)"
    )


def main() -> None:
    """The `bohai` entry point: a file-system failure is one clear line, not a traceback."""
    try:
        app()
    except OSError as exc:
        err.print(f"[bold red]error:[/] {escape(str(storage_error(exc)))}", highlight=False)
        raise SystemExit(1) from None
    except Exception as exc:  # the instance's SQLite store (disk full): one line, no traceback
        from pipelines.store_errors import is_store_error, store_message

        if not is_store_error(exc):
            raise
        err.print(
            f"[bold red]error:[/] {escape(str(store_message(exc)))}",
            highlight=False,
            soft_wrap=True,
        )
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
