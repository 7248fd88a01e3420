"""Dagster adapters: the push refuses unauthorized data; push, pull and sensor run for real."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
import pytest
import yaml

from annotation.client import LabelStudioClient
from pipelines.annotation_assets import (
    SENDS_ONLY_AUTHORIZED_DATA,
    LabelStudioResource,
    build_annotation_assets,
    label_studio_resource,
)
from pipelines.resources import PseudonymKey, Workspace
from pipelines.stage_report import write_report
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]
DAY = "2026-11-01"
VESSEL_TYPES = {
    "kind": "classification",
    "labels": ["fishing", "cargo", "other"],
    "guideline_version": "0.1",
    "key_column": "vessel_id",
    "text_column": "vessel_name",
    "sample": {"size": 4, "seed": 1},
    "overlap": 2,
}


def _spec(dataset: str, **annotation: Any) -> DatasetSpec:
    raw = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())
    return DatasetSpec.model_validate(
        raw | {"id": dataset, "annotation": VESSEL_TYPES | annotation}
    )


def _stage(work: Path, dataset: str, stage: str, passed: bool, key: str = "vessel_id") -> None:
    folder = work / dataset / DAY / stage
    folder.mkdir(parents=True)
    pl.DataFrame(
        {
            key: [f"v{i:019d}" for i in range(1, 6)]
            if key == "vessel_id"
            else [412000000 + i for i in range(1, 6)],
            "vessel_name": ["LIAO DA YU 1", "COSCO DALIAN", "HAI XUN 07", "XIN HAI", "YU 2"],
        }
    ).write_parquet(folder / f"{dataset.split('/')[1]}.parquet")
    check = {"passed": passed, "blocking": True, "detail": "", "metadata": {}}
    write_report(folder, {"stage": stage, "checks": {"no_raw_identifiers_remain": check}})


def _resources(work: Path, url: str, key: str) -> dict[str, Any]:
    return {
        "workspace": Workspace(root=str(work)),
        "label_studio": LabelStudioResource(url=url, api_key=key, retries=1, backoff=0.1),
        "pseudonym_key": PseudonymKey(secret="test-pseudonym-key-0123456789"),
    }


def test_specs_without_annotation_build_nothing() -> None:
    raw = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())
    assert build_annotation_assets(DatasetSpec.model_validate(raw)) == []


def test_definitions_load_with_the_three_parts(tmp_path: Path) -> None:
    push, labels, sensor = build_annotation_assets(_spec("marine/vessel_types"))
    resources = {
        "label_studio": label_studio_resource(),
        "workspace": Workspace(root=str(tmp_path)),
        "pseudonym_key": PseudonymKey(secret=dg.EnvVar("BOHAI_PSEUDONYM_KEY")),
    }
    defs = dg.Definitions(assets=[push, labels], sensors=[sensor], resources=resources)
    dg.Definitions.validate_loadable(defs)
    assert push.key.path == ["marine", "vessel_types", "annotation_tasks"]
    assert labels.key.path == ["marine", "vessel_types", "annotation_labels"]
    assert sensor.name == "marine__vessel_types__annotations"


def test_push_sends_nothing_when_scrubbed_data_failed_its_checks(tmp_path: Path) -> None:
    spec = _spec("marine/vessel_types_blocked")
    _stage(tmp_path, spec.id, "scrubbed", passed=False)
    push, _, _ = build_annotation_assets(spec)
    # nothing listens on port 9: any attempt to send would fail the run with a connection error
    result = dg.materialize(
        [push],
        partition_key=DAY,
        resources=_resources(tmp_path, "http://127.0.0.1:9", "k" * 40),
        raise_on_error=False,
    )
    (check,) = result.get_asset_check_evaluations()
    assert check.check_name == SENDS_ONLY_AUTHORIZED_DATA and not check.passed
    assert "blocking checks failed: no_raw_identifiers_remain" in check.description
    (event,) = result.get_asset_materialization_events()
    assert event.materialization.metadata["sent"].value == 0


@pytest.mark.labelstudio
def test_push_pull_and_sensor_against_label_studio(
    label_studio: Any, annotators: list[Any], tmp_path: Path
) -> None:
    spec = _spec(
        "marine/vessel_types_live",
        source_stage="validated",
        allow_raw=True,
        allow_raw_reason="vessel names are public; approved for this test",
        key_column="mmsi",  # the validated (unscrubbed) table still has the raw MMSI
    )
    _stage(tmp_path, spec.id, "validated", passed=True, key="mmsi")
    push, labels, sensor = build_annotation_assets(spec)
    resources = _resources(tmp_path, label_studio.url, label_studio.token)
    pushed = dg.materialize([push], partition_key=DAY, resources=resources)
    (check,) = pushed.get_asset_check_evaluations()
    assert check.passed and "approved for this test" in check.description
    meta = pushed.get_asset_materialization_events()[0].materialization.metadata
    assert meta["sampled"].value == 4 and meta["push"].value["created"] == 4

    defs = dg.Definitions(assets=[push, labels], sensors=[sensor], resources=resources)
    with dg.build_sensor_context(definitions=defs, resources=resources) as context:
        assert isinstance(sensor(context), dg.SkipReason)

    admin = LabelStudioClient(label_studio.url, label_studio.token)
    ids = admin.existing_keys(meta["projects"].value["shared"])
    for who, label in zip(annotators, ("fishing", "cargo"), strict=True):
        result = [
            {
                "from_name": "label",
                "to_name": "text",
                "type": "choices",
                "value": {"choices": [label]},
            }
        ]
        who.sdk.annotations.create(id=next(iter(ids.values()))[0], result=result)
    with dg.build_sensor_context(definitions=defs, resources=resources) as context:
        fired = sensor(context)
    assert isinstance(fired, dg.SensorResult) and len(fired.run_requests) == 1
    with dg.build_sensor_context(definitions=defs, resources=resources, cursor=fired.cursor) as c:
        assert isinstance(sensor(c), dg.SkipReason)

    pulled = dg.materialize([labels], resources=resources)
    event = pulled.get_asset_materialization_events()[0].materialization
    assert event.metadata["dagster/row_count"].value == 2
    assert event.metadata["agreement"].value["tasks_compared"] == 1
    (agreement_check,) = pulled.get_asset_check_evaluations()
    # one task, fishing vs cargo: observed 0, chance 0, kappa 0: a warning, not a failure
    assert not agreement_check.passed and agreement_check.severity == dg.AssetCheckSeverity.WARN
    assert agreement_check.description.startswith("cohen_kappa 0.0 (threshold 0.7)")
    flat = json.dumps({k: str(v.value) for k, v in event.metadata.items()})
    assert label_studio.token not in flat and "@" not in flat


def test_push_check_fails_on_a_partly_masked_address(tmp_path: Path) -> None:
    spec = _spec("marine/masked_notes", text_column="vessel_name")
    folder = tmp_path / spec.id / DAY / "scrubbed"
    folder.mkdir(parents=True)
    pl.DataFrame(
        {
            "vessel_id": ["v1", "v2"],
            "vessel_name": ["复查无异常。", "现住址：<ADDRESS>锦绣华庭29栋3单元1702室"],
        }
    ).write_parquet(folder / "masked_notes.parquet")
    check = {"passed": True, "blocking": True, "detail": "", "metadata": {}}
    write_report(folder, {"stage": "scrubbed", "checks": {"no_raw_identifiers_remain": check}})
    push = build_annotation_assets(spec)[0]
    resources = _resources(tmp_path, "http://127.0.0.1:9", "unused-token")
    result = dg.materialize([push], partition_key=DAY, resources=resources, raise_on_error=False)
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == SENDS_ONLY_AUTHORIZED_DATA and not evaluation.passed
    assert "record v2" in evaluation.description
    assert "锦绣华庭29栋3单元1702室" in evaluation.description
    (event,) = result.get_asset_materialization_events()
    assert event.materialization.metadata["refused_tasks"].value == 1
