"""`bohai ui` stops its whole process tree on TERM/INT: no orphaned webserver or daemon."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

psutil = pytest.importorskip("psutil")
REPO = Path(__file__).resolve().parents[2]

# Stands in for `dagster dev`: a leader that starts two workers (webserver, daemon) and waits.
LEADER = textwrap.dedent(
    """
    import signal, subprocess, sys, time
    from pathlib import Path
    stubborn = sys.argv[2] == "stubborn"
    worker = "import signal, time\\n"
    if stubborn:
        worker += "signal.signal(signal.SIGTERM, signal.SIG_IGN)\\n"
        worker += "signal.signal(signal.SIGINT, signal.SIG_IGN)\\n"
    worker += "time.sleep(600)"
    kids = [subprocess.Popen([sys.executable, "-c", worker]) for _ in range(2)]
    time.sleep(0.5)  # the workers have set their handlers
    Path(sys.argv[1]).write_text(" ".join(str(k.pid) for k in kids))
    if sys.argv[2] == "leaves":
        sys.exit(0)  # exits by itself, its workers still running
    time.sleep(600)
    """
)
# Stands in for `bohai ui`: supervise the leader as the real command does.
SUPERVISOR = textwrap.dedent(
    """
    import sys
    from pipelines.commands.ui import supervise
    leader = [sys.executable, sys.argv[1], sys.argv[2], sys.argv[3]]
    sys.exit(supervise(leader, grace=float(sys.argv[4])))
    """
)


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _tree(tmp_path: Path, mode: str, grace: float) -> tuple[subprocess.Popen[bytes], list[int]]:
    (tmp_path / "leader.py").write_text(LEADER, encoding="utf-8")
    (tmp_path / "supervisor.py").write_text(SUPERVISOR, encoding="utf-8")
    pids = tmp_path / "pids"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [str(tmp_path / "leader.py"), str(pids), mode, str(grace)]
    top = subprocess.Popen([sys.executable, str(tmp_path / "supervisor.py"), *args], env=env)
    deadline = time.monotonic() + 60
    while not pids.exists() or not pids.read_text():
        assert top.poll() is None and time.monotonic() < deadline
        time.sleep(0.1)
    workers = [int(p) for p in pids.read_text().split()]
    leader = [c.pid for c in psutil.Process(top.pid).children()]
    return top, leader + workers


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := [p for p in pids if not _gone(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_ui_stops_the_leader_and_its_workers(tmp_path: Path, signum: int) -> None:
    top, tree = _tree(tmp_path, "polite", grace=30)
    assert len(tree) == 3 and not any(_gone(p) for p in tree)
    top.send_signal(signum)
    assert top.wait(timeout=30) == 128 + signum, "exit status says which signal stopped it"
    assert _wait_gone(tree, 10) == [], "no orphan left serving"


def test_workers_that_ignore_term_are_killed_after_the_grace(tmp_path: Path) -> None:
    top, tree = _tree(tmp_path, "stubborn", grace=1.5)
    started = time.monotonic()
    top.send_signal(signal.SIGTERM)
    top.wait(timeout=30)
    assert time.monotonic() - started >= 1.5, "they were given the grace first"
    assert _wait_gone(tree, 10) == []


def test_workers_left_behind_by_a_leader_that_exits_are_stopped(tmp_path: Path) -> None:
    top, tree = _tree(tmp_path, "leaves", grace=5)
    assert top.wait(timeout=30) == 0, "the leader's own exit status"
    assert _wait_gone(tree, 10) == []
