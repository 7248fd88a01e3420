"""`bohai labelstudio start|stop|status|env|user`: a local Label Studio for annotators."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from annotation.server import LabelStudioServer, ServerError, healthy
from annotation.team import TeamError, add_member, load_team
from pipelines.labelstudio_state import external, managed_server

app = typer.Typer(
    help="Local Label Studio (own virtualenv, data under .bohai/labelstudio, 127.0.0.1 only).",
    no_args_is_help=True,
)
user_app = typer.Typer(help="Annotator accounts (each in an organization of their own).")
app.add_typer(user_app, name="user")
console = Console()
err = Console(stderr=True)


def server(root: Path | None = None) -> LabelStudioServer:
    """The managed server; BOHAI_LABELSTUDIO_VENV and BOHAI_LABELSTUDIO_DATA move its parts."""
    return managed_server(root)


def external_url() -> str | None:
    """LABEL_STUDIO_URL when it and LABEL_STUDIO_API_KEY name an existing server to use."""
    found = external()
    return found[0] if found else None


def _fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {escape(str(message))}")
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


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Short login name, e.g. li.wei.")],
    email: Annotated[str | None, typer.Option(help="Login email (default: generated).")] = None,
    password: Annotated[
        str | None, typer.Option(help="Initial password (default: generated, printed once).")
    ] = None,
    home: HomeOption = None,
) -> None:
    """Create an annotator who sees only their own projects, with an API token Bohai keeps."""
    managed = server(home)
    chosen = password or secrets.token_urlsafe(12)
    with console.status(f"creating annotator {name} …"):
        try:
            member, created = add_member(
                managed.layout.venv, managed.layout.data, name, chosen, email
            )
        except TeamError as exc:
            _fail(str(exc))
    if not created:
        console.print(f"{member.email} already exists (password unchanged); token refreshed")
        return
    console.print(f"[green]annotator[/] {member.email} (user {member.user_id}, own organization)")
    if password is None:
        console.print(f"initial password: {chosen}  (shown once; change it after the first login)")
    console.print(f"token kept in {managed.layout.data / 'bohai_annotators.json'} (mode 0600)")


@user_app.command("list")
def user_list(home: HomeOption = None) -> None:
    """List the annotators Bohai pushes tasks to."""
    team = load_team(server(home).layout.data)
    if not team:
        console.print("no annotators yet: `bohai labelstudio user add NAME`")
    for member in team:
        console.print(f"{member.name}\t{member.email}\tuser {member.user_id}")
