"""`bohai labelstudio start|stop|status|env`: a local Label Studio for annotators."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from annotation.server import LabelStudioServer, ServerError, ServerLayout, healthy
from pipelines.home import state_dir

app = typer.Typer(
    help="Local Label Studio (own virtualenv, data under .bohai/labelstudio, 127.0.0.1 only).",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)


def server(root: Path | None = None) -> LabelStudioServer:
    """The managed server; BOHAI_LABELSTUDIO_VENV and BOHAI_LABELSTUDIO_DATA move its parts."""
    base = root or Path(os.environ.get("BOHAI_LABELSTUDIO_HOME", state_dir() / "labelstudio"))
    venv = os.environ.get("BOHAI_LABELSTUDIO_VENV")
    data = os.environ.get("BOHAI_LABELSTUDIO_DATA")
    return LabelStudioServer(
        ServerLayout.under(base, Path(venv) if venv else None, Path(data) if data else None)
    )


def external_url() -> str | None:
    """LABEL_STUDIO_URL when it and LABEL_STUDIO_API_KEY name an existing server to use."""
    url = os.environ.get("LABEL_STUDIO_URL")
    return url.rstrip("/") if url and os.environ.get("LABEL_STUDIO_API_KEY") else None


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(1)


HomeOption = Annotated[Path | None, typer.Option(help="Folder for venv/, data/, log, pidfile.")]


@app.command()
def start(
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1 (default: a free one).")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait until healthy.")] = 300.0,
    home: HomeOption = None,
) -> None:
    """Install Label Studio once into its own virtualenv and start it on 127.0.0.1."""
    url = external_url()
    if url:
        if not healthy(url):
            _fail(f"LABEL_STUDIO_URL={url} is set but the server does not answer /health")
        console.print(f"using the existing Label Studio at {url} (LABEL_STUDIO_URL)")
        return
    managed = server(home)
    started = time.monotonic()
    with console.status("starting Label Studio (first run installs it and migrates) …"):
        try:
            status = managed.start(port=port, timeout=timeout)
        except ServerError as exc:
            _fail(str(exc))
    console.print(
        f"[green]Label Studio[/] at {status.url} (pid {status.pid}) in "
        f"{time.monotonic() - started:.0f}s"
    )
    console.print(f"data: {status.data_dir}\nlog:  {status.log}")
    console.print(
        f"admin and API token: {managed.layout.credentials} "
        '(`eval "$(bohai labelstudio env)"` exports them)'
    )


@app.command()
def stop(home: HomeOption = None) -> None:
    """Stop the Label Studio this project started."""
    if server(home).stop():
        console.print("Label Studio stopped")
    else:
        console.print("no Label Studio started by Bohai is running")


@app.command()
def status(home: HomeOption = None) -> None:
    """Say whether Label Studio runs, where, and whether it is healthy."""
    url = external_url()
    if url:
        state = "[green]healthy[/]" if healthy(url) else "[red]not answering[/]"
        console.print(f"existing server {url} (LABEL_STUDIO_URL): {state}")
        return
    current = server(home).status()
    if not current.running:
        console.print(f"not running (data: {current.data_dir})")
        raise typer.Exit(3)
    state = "[green]healthy[/]" if current.healthy else "[yellow]starting or unhealthy[/]"
    console.print(f"running at {current.url} (pid {current.pid}): {state}\nlog: {current.log}")


@app.command()
def env(home: HomeOption = None) -> None:
    """Print shell exports of LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY for the local server."""
    managed = server(home)
    current = managed.status()
    if not current.running:
        _fail("Label Studio is not running; `bohai labelstudio start` first")
    token = managed.credentials().token
    typer.echo(f"export LABEL_STUDIO_URL={current.url}\nexport LABEL_STUDIO_API_KEY={token}")
