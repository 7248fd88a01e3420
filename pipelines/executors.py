"""Executor selection by environment: the embedded default, Celery workers or Kubernetes jobs.

`BOHAI_EXECUTOR` picks where a launched run's steps execute: unset (or `default`) keeps Dagster's
own multiprocess executor, `celery` sends each step to `bohai workers` through the broker in
`BOHAI_CELERY_BROKER`, `k8s` runs each step as a Kubernetes Job configured by
`BOHAI_K8S_EXECUTOR_CONFIG` (default: the checkout's `deploy/k8s/executor.yaml`).
`execute_in_process` (what `bohai demo` uses) always runs in process, whatever is selected here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dagster as dg
import yaml

from pipelines.home import PACKAGE_ROOT

EXECUTOR_ENV = "BOHAI_EXECUTOR"
BROKER_ENV = "BOHAI_CELERY_BROKER"
BACKEND_ENV = "BOHAI_CELERY_BACKEND"
K8S_CONFIG_ENV = "BOHAI_K8S_EXECUTOR_CONFIG"
DEFAULT_BROKER = "redis://127.0.0.1:6379/0"
CELERY_QUEUE = "dagster"
# Redis redelivers an unacknowledged task after the visibility timeout (1 h by default); a day of
# AIS can take longer than that on a small worker, so keep it well above any step's run time.
VISIBILITY_TIMEOUT_S = 12 * 3600
EXECUTORS = ("default", "celery", "k8s")


class ExecutorConfigError(ValueError):
    """The executor selected by the environment cannot be built from its configuration."""


def selected_executor() -> str:
    """The executor named by BOHAI_EXECUTOR, refusing unknown names."""
    name = os.environ.get(EXECUTOR_ENV, "").strip().lower() or "default"
    if name not in EXECUTORS:
        raise ExecutorConfigError(f"{EXECUTOR_ENV}={name!r} is not one of {', '.join(EXECUTORS)}")
    return name


def broker_url() -> str:
    """The Celery broker: BOHAI_CELERY_BROKER, else Redis on loopback."""
    return os.environ.get(BROKER_ENV, "").strip() or DEFAULT_BROKER


def backend_url(broker: str) -> str:
    """The result backend: BOHAI_CELERY_BACKEND, else the next database of a Redis broker."""
    explicit = os.environ.get(BACKEND_ENV, "").strip()
    if explicit:
        return explicit
    if not broker.startswith(("redis://", "rediss://")):
        raise ExecutorConfigError(
            f"{BACKEND_ENV} must be set when the broker is not Redis ({broker})"
        )
    parts = urlsplit(broker)
    db = parts.path.strip("/") or "0"
    if not db.isdigit():
        raise ExecutorConfigError(f"{BROKER_ENV}={broker!r}: the Redis database must be a number")
    return urlunsplit(parts._replace(path=f"/{int(db) + 1}"))


def celery_settings() -> dict[str, Any]:
    """Executor config shared by the launching process and every worker (they must match)."""
    broker = broker_url()
    return {
        "broker": broker,
        "backend": backend_url(broker),
        "config_source": {
            "broker_transport_options": {
                "visibility_timeout": VISIBILITY_TIMEOUT_S,
                "max_retries": 3,
                "interval_start": 0,
                "interval_step": 0.2,
                "interval_max": 0.5,
            },
            "result_expires": 7 * 24 * 3600,
            "worker_prefetch_multiplier": 1,
            "task_default_queue": CELERY_QUEUE,
        },
    }


def k8s_config_path() -> Path:
    """The k8s executor config: BOHAI_K8S_EXECUTOR_CONFIG, else the checkout's deploy/k8s file."""
    env = os.environ.get(K8S_CONFIG_ENV, "").strip()
    return Path(env) if env else PACKAGE_ROOT / "deploy" / "k8s" / "executor.yaml"


def load_k8s_config(path: Path) -> dict[str, Any]:
    """The `execution.config` block of a k8s executor file, with a clear error when malformed."""
    if not path.is_file():
        raise ExecutorConfigError(f"k8s executor config {path} does not exist")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    config = data.get("execution", {}).get("config") if isinstance(data, dict) else None
    if not isinstance(config, dict):
        raise ExecutorConfigError(f"{path}: expected a mapping under execution.config")
    return config


def validated_config(
    executor_def: dg.ExecutorDefinition, config: dict[str, Any], source: str
) -> dict[str, Any]:
    """Check an executor config against the executor's own schema, naming the offending field."""
    from dagster._config import validate_config

    result = validate_config(executor_def.config_schema.config_type, config)
    if not result.success:
        problems = "; ".join(e.message for e in result.errors or [])
        raise ExecutorConfigError(f"{source}: invalid {executor_def.name} config: {problems}")
    return config


def celery_executor_def() -> dg.ExecutorDefinition:
    """dagster-celery's executor bound to the settings the workers are started with."""
    from dagster_celery import celery_executor

    settings = celery_settings()
    return celery_executor.configured(
        validated_config(celery_executor, settings, f"{BROKER_ENV}/{BACKEND_ENV}"),
        name="bohai_celery",
    )


def k8s_executor_def() -> dg.ExecutorDefinition:
    """dagster-k8s's job executor bound to the deployment's config file."""
    from dagster_k8s import k8s_job_executor

    path = k8s_config_path()
    config = validated_config(k8s_job_executor, load_k8s_config(path), str(path))
    return k8s_job_executor.configured(config, name="bohai_k8s")


def executor_from_env() -> dg.ExecutorDefinition | None:
    """The executor BOHAI_EXECUTOR selects, or None to keep Dagster's default."""
    name = selected_executor()
    if name == "celery":
        return celery_executor_def()
    if name == "k8s":
        return k8s_executor_def()
    return None


def with_env_executor(defs: dg.Definitions) -> dg.Definitions:
    """The same definitions with the environment's executor, unless they already name one."""
    executor = executor_from_env()
    if executor is None or defs.executor is not None:
        return defs
    return dg.Definitions.merge(defs, dg.Definitions(executor=executor))
