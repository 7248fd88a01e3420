"""Worker setup without a broker: the generated config matches the executor, errors are clear."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.celery_workers import (
    WorkerError,
    check_broker,
    start_workers,
    worker_command,
    write_worker_config,
)
from pipelines.commands.workers import app
from pipelines.executors import celery_settings

CLOSED = "redis://127.0.0.1:9/0"  # the discard port: nothing answers there


def test_worker_config_module_matches_the_executor(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOHAI_CELERY_BROKER", "redis://127.0.0.1:6500/0")
    settings = celery_settings()
    path = write_worker_config(settings, bohai_env / "config")
    spec = importlib.util.spec_from_file_location("dagster_celery_config", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.broker_url == "redis://127.0.0.1:6500/0"
    assert module.result_backend == "redis://127.0.0.1:6500/1"
    for key, value in settings["config_source"].items():
        assert getattr(module, key) == value


def test_worker_listens_on_dagsters_queue_one_step_at_a_time(tmp_path: Path) -> None:
    cmd = worker_command("bohai-1@host", tmp_path / "w.log", 1, "INFO", 1)
    assert cmd[cmd.index("-A") + 1] == "dagster_celery.app"
    assert cmd[cmd.index("--queues") + 1] == "dagster"
    assert cmd[cmd.index("--concurrency") + 1] == "1"


def test_unreachable_broker_is_named(bohai_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(WorkerError, match=r"redis://127.0.0.1:9/0 does not answer.*redis.sh"):
        check_broker(CLOSED, timeout_s=0.5)
    monkeypatch.setenv("BOHAI_CELERY_BROKER", CLOSED)
    with pytest.raises(WorkerError, match="does not answer"):
        start_workers(2)
    assert not (bohai_env / "home" / ".bohai" / "celery" / "workers").exists()


def test_cli_reports_errors_and_empty_state(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOHAI_CELERY_BROKER", CLOSED)
    runner = CliRunner()
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "does not answer" in result.output
    result = runner.invoke(app, ["start", "0"])
    assert result.exit_code == 1
    assert "at least 1" in result.output
    result = runner.invoke(app, ["stop"])
    assert result.exit_code == 0
    assert "no worker started here is running" in result.output
