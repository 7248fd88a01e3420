"""deploy/k8s/executor.yaml is valid for dagster-k8s and yields the intended step Job, offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from pipelines.executors import ExecutorConfigError, k8s_config_path, load_k8s_config

pytest.importorskip("dagster_k8s")

from dagster._config import process_config  # noqa: E402
from dagster._core.definitions.job_base import InMemoryJob  # noqa: E402
from dagster._core.executor.init import InitExecutorContext  # noqa: E402
from dagster_k8s import k8s_job_executor  # noqa: E402
from dagster_k8s.job import DagsterK8sJobConfig, construct_dagster_k8s_job  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
# A kubeconfig naming an unused loopback port: the executor loads it, nothing connects to it.
KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]
users: [{name: none, user: {token: unused}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
current-context: none
"""


@dg.op
def _noop() -> None:
    """A one-step job to initialise the executor against."""


@dg.job
def _one_step() -> None:
    _noop()


def _step_job_manifest(config: dict[str, Any]) -> dict[str, Any]:
    """Initialise the real executor from config and build the k8s Job it would submit."""
    import kubernetes

    processed = process_config(k8s_job_executor.config_schema.config_type, config)
    assert processed.success, processed.errors
    executor = k8s_job_executor.executor_creation_fn(
        InitExecutorContext(
            job=InMemoryJob(_one_step),
            executor_def=k8s_job_executor,
            executor_config=processed.value,
            instance=dg.DagsterInstance.ephemeral(),
        )
    )
    handler = executor._step_handler  # the K8sStepHandler every step goes through
    context = handler._executor_container_context
    job = construct_dagster_k8s_job(
        job_config=DagsterK8sJobConfig(
            job_image=handler._executor_image,
            dagster_home="/opt/dagster/dagster_home",
            instance_config_map="dagster-instance",
        ),
        args=["dagster", "api", "execute_step"],
        job_name="dagster-step-test",
        component="step_worker",
        user_defined_k8s_config=context.run_k8s_config,
    )
    return kubernetes.client.ApiClient().sanitize_for_serialization(job)


def test_committed_config_builds_the_step_job(tmp_path: Path) -> None:
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(KUBECONFIG, encoding="utf-8")
    config = load_k8s_config(REPO / "deploy/k8s/executor.yaml")
    # in a cluster the executor loads the in-cluster config; here a local kubeconfig stands in
    manifest = _step_job_manifest(
        config | {"load_incluster_config": False, "kubeconfig_file": str(kubeconfig)}
    )
    pod = manifest["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert container["image"] == config["job_image"]
    assert env["BOHAI_EXECUTOR"] == "k8s"
    assert env["BOHAI_WORK_DIR"].startswith("/shared/")
    assert {"secretRef": {"name": "bohai-secrets"}} in container["envFrom"]
    assert "BOHAI_PSEUDONYM_KEY" not in env  # the key only ever comes from the Secret
    assert container["resources"] == config["resources"]
    assert container["volumeMounts"] == [{"mountPath": "/shared", "name": "bohai-shared"}]
    assert pod["volumes"][0]["persistentVolumeClaim"] == {"claimName": "bohai-shared"}
    assert pod["restartPolicy"] == "Never"
    assert manifest["spec"]["backoffLimit"] == 0


def test_k8s_executor_selected_by_env(
    bohai_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.executors import executor_from_env

    monkeypatch.setenv("BOHAI_EXECUTOR", "k8s")
    monkeypatch.delenv("BOHAI_K8S_EXECUTOR_CONFIG", raising=False)
    assert k8s_config_path() == REPO / "deploy/k8s/executor.yaml"
    assert executor_from_env().name == "bohai_k8s"

    bad = tmp_path / "executor.yaml"
    bad.write_text("execution:\n  config:\n    job_namespce: bohai\n", encoding="utf-8")
    monkeypatch.setenv("BOHAI_K8S_EXECUTOR_CONFIG", str(bad))
    with pytest.raises(
        ExecutorConfigError, match=r"executor.yaml: invalid k8s config.*job_namespce"
    ):
        executor_from_env()
