"""`bohai ui`: `dagster dev` in its own process group, stopped with it (no orphaned webserver)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

console = Console(width=None if sys.stdout.isatty() else 160)
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
GRACE_S = 30.0  # dagster dev gives its webserver and daemon this long to stop, then kills them


def group_alive(pgid: int) -> bool:
    """True while any process of the group exists."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def _wait_group(pgid: int, seconds: float) -> bool:
    """Wait until the group is empty; False if it still has members after `seconds`."""
    deadline = time.monotonic() + seconds
    while group_alive(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def supervise(cmd: list[str], cwd: Path | None = None, grace: float = GRACE_S) -> int:
    """Run `cmd` as the leader of a new process group; TERM/INT/HUP to us go to the whole group.

    When the leader exits (by itself or signalled), processes left in its group get TERM, then
    KILL after `grace` seconds, so nothing keeps serving the port or holding the instance.
    """
    child = subprocess.Popen(cmd, cwd=cwd, start_new_session=True)
    received: list[float] = []  # when the first forwarded signal arrived

    def forward(signum: int, _frame: FrameType | None) -> None:
        received.append(time.monotonic())
        _signal_group(child.pid, signum)

    previous = {s: signal.signal(s, forward) for s in FORWARDED}
    try:
        while True:
            try:
                code = child.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if received and time.monotonic() - received[0] > grace:
                    _signal_group(child.pid, signal.SIGKILL)
    finally:
        if group_alive(child.pid):  # the leader is gone but left members behind
            _signal_group(child.pid, signal.SIGTERM)
            if not _wait_group(child.pid, grace):
                _signal_group(child.pid, signal.SIGKILL)
                _wait_group(child.pid, 5.0)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 128 - code if code < 0 else code


def ui(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 3000,
) -> None:
    """Start the Dagster UI and daemon on 127.0.0.1 for this project; Ctrl-C or TERM stops all."""
    from pipelines.home import configure_environment, project_home

    configure_environment()
    import dagster as dg

    from pipelines.commands.status import say_dead_runs
    from pipelines.devkey import ensure_dev_key

    ensure_dev_key()
    say_dead_runs(console, dg.DagsterInstance.get())
    cmd = [sys.executable, "-m", "dagster", "dev", "-m", "pipelines.definitions"]
    cmd += ["--host", "127.0.0.1", "--port", str(port)]
    console.print(
        f"Dagster UI on http://127.0.0.1:{port} (DAGSTER_HOME={os.environ['DAGSTER_HOME']})"
    )
    code = supervise(cmd, cwd=project_home())
    # The daemon is gone: its last heartbeat would make the next `bohai run` of several days
    # send them to it for up to two minutes (pipelines.backfill.HEARTBEAT_S) and wait.
    with dg.DagsterInstance.get() as instance:
        instance.wipe_daemon_heartbeats()
    raise typer.Exit(code)
