"""BOHAI_EXECUTOR picks the executor; the default (and so `bohai demo`) stays Dagster's own."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
import yaml
from dagster._core.execution.api import create_execution_plan

from pipelines.dataset_assets import ingest_job_name
from pipelines.executors import (
    ExecutorConfigError,
    backend_url,
    celery_settings,
    executor_from_env,
    with_env_executor,
)
from pipelines.factory import build_definitions
from schemas.spec import load_specs

REPO = Path(__file__).resolve().parents[2]
STAGES = ("raw", "parsed", "validated", "scrubbed")


@pytest.fixture
def ais_specs(bohai_env: Path) -> Path:
    """A specs folder holding only the AIS NMEA dataset."""
    folder = bohai_env / "specs" / "marine"
    folder.mkdir(parents=True)
    (folder / "ais.yaml").write_text(
        (REPO / "datasets/marine/ais_positions.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return folder.parent


def _ingest_job(specs: Path) -> dg.JobDefinition:
    (spec,) = load_specs(specs)
    defs = with_env_executor(build_definitions(specs))
    dg.Definitions.validate_loadable(defs)
    return defs.resolve_job_def(ingest_job_name(spec))


def test_default_keeps_dagsters_executor(ais_specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOHAI_EXECUTOR", raising=False)
    assert executor_from_env() is None
    defs = build_definitions(ais_specs)
    assert with_env_executor(defs) is defs
    assert _ingest_job(ais_specs).executor_def.name == "multi_or_in_process_executor"


def test_unknown_executor_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOHAI_EXECUTOR", "dask")
    with pytest.raises(ExecutorConfigError, match="BOHAI_EXECUTOR='dask' is not one of"):
        executor_from_env()


def test_celery_executor_uses_the_workers_broker(
    ais_specs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOHAI_EXECUTOR", "celery")
    monkeypatch.setenv("BOHAI_CELERY_BROKER", "redis://127.0.0.1:6390/2")
    monkeypatch.delenv("BOHAI_CELERY_BACKEND", raising=False)
    job = _ingest_job(ais_specs)
    assert job.executor_def.name == "bohai_celery"
    # the plan resolves with the configured executor and no execution block in run config,
    # as it must in a worker; creating it needs no broker connection
    steps = create_execution_plan(job).step_keys_to_execute
    assert steps == [f"marine__ais_positions__{s}" for s in STAGES]
    settings = celery_settings()
    assert settings["backend"] == "redis://127.0.0.1:6390/3"
    assert settings["config_source"]["broker_transport_options"]["visibility_timeout"] >= 3600


def test_backend_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOHAI_CELERY_BACKEND", raising=False)
    assert backend_url("redis://h:6379") == "redis://h:6379/1"
    assert backend_url("rediss://:pw@h:6380/4?ssl_cert_reqs=none") == (
        "rediss://:pw@h:6380/5?ssl_cert_reqs=none"
    )
    with pytest.raises(ExecutorConfigError, match="BOHAI_CELERY_BACKEND must be set"):
        backend_url("amqp://guest@h//")
    monkeypatch.setenv("BOHAI_CELERY_BACKEND", "db+postgresql://h/celery")
    assert backend_url("amqp://guest@h//") == "db+postgresql://h/celery"


def test_postgres_instance_example_is_valid_instance_config(tmp_path: Path) -> None:
    pytest.importorskip("dagster_postgres")
    from dagster._core.instance.config import dagster_instance_config

    text = (REPO / "deploy/postgres/dagster.yaml").read_text(encoding="utf-8")
    (tmp_path / "dagster.yaml").write_text(text, encoding="utf-8")
    config, _ = dagster_instance_config(str(tmp_path))
    db = yaml.safe_load(text)["storage"]["postgres"]["postgres_db"]
    assert db["password"] == {"env": "BOHAI_PG_PASSWORD"}  # secrets only from the environment
    assert db["scheme"] == "postgresql+psycopg2"  # works with SQLAlchemy 2.0 and 2.1
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"
