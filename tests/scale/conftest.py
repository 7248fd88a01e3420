"""Fixtures for the scale-out tests: a Redis broker on loopback, started and stopped per module."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

MARKERS = {
    "celery": "starts Redis on 127.0.0.1 and Celery workers (needs redis-server: "
    "scripts/redis.sh install)",
}


def pytest_configure(config: pytest.Config) -> None:
    """Register this folder's markers (so --strict-markers accepts them)."""
    for name, description in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _redis_answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway Redis on 127.0.0.1 (no persistence), stopped after the module."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server not installed: run scripts/redis.sh install"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must install it; a skip there would hide the test
        pytest.skip(message)
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--logfile", str(folder / "redis.log")],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not _redis_answers(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on 127.0.0.1:{port}: {folder}/redis.log")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def instance_home(bohai_env: Path) -> Path:
    """The isolated home with the project's committed dagster.yaml (persistent SQLite instance)."""
    home = bohai_env / "home"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "dagster.yaml", home / "dagster.yaml")
    return home
