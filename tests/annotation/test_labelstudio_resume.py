"""A push interrupted by a server stop resumes: every task exactly once, no annotation lost."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from annotation.client import LabelStudioClient, PushInterrupted
from annotation.config import AnnotationSpec
from annotation.loop import pull_labels, push_sample

pytestmark = pytest.mark.labelstudio


def _spec(size: int) -> AnnotationSpec:
    return AnnotationSpec.model_validate(
        {
            "kind": "classification",
            "labels": ["equipment", "operation", "process"],
            "guideline_version": "restart",
            "key_column": "incident_id",
            "text_column": "summary",
            "sample": {"size": size, "seed": 5},
            "overlap": 2,
            "pre_annotations": {"column": "rule_cause", "model_version": "cause-rules-1"},
        }
    )


def test_push_survives_a_server_stop_midway(
    label_studio: Any, annotators: list[Any], tmp_path: Path
) -> None:
    spec = _spec(30)
    table = pl.DataFrame(
        {
            "incident_id": [f"x{i:02d}" for i in range(30)],
            "summary": [f"Incident {i}: compressor trip" for i in range(30)],
            "rule_cause": ["process"] * 30,
            "rule_score": [0.5] * 30,
        }
    )
    dataset = "petrochemical/restart_test"
    admin = LabelStudioClient(label_studio.url, label_studio.token, retries=2, backoff=0.2)
    first = push_sample(_spec(10), dataset, table, admin)
    assert first.result.created == 10
    ids = admin.existing_keys(first.project_id)
    li = annotators[0]
    done = sorted(ids)[:2]
    for key in done:
        li.sdk.annotations.create(
            id=ids[key][0],
            result=[
                {
                    "from_name": "label",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": ["equipment"]},
                }
            ],
        )

    def stop_after_two_batches(progress: Any) -> None:
        if progress.created == 10:
            label_studio.server.stop()

    with pytest.raises(PushInterrupted) as stopped:
        push_sample(spec, dataset, table, admin, batch_size=5, on_batch=stop_after_two_batches)
    assert stopped.value.result.created == 10
    label_studio.restart()

    resumed = push_sample(spec, dataset, table, admin, batch_size=5)
    assert (resumed.result.created, resumed.result.already_present) == (10, 20)
    keys = admin.existing_keys(first.project_id)
    assert sorted(keys) == sorted(table.get_column("incident_id"))
    assert all(len(task_ids) == 1 for task_ids in keys.values())
    labels = pull_labels(spec, dataset, admin, tmp_path).labels
    assert sorted(labels.get_column("record_key")) == done


def _no_detections(texts: Sequence[str]) -> list[list[Any]]:
    return [[] for _ in texts]


def test_push_survives_a_stop_during_an_import(label_studio: Any) -> None:
    size = 600
    table = pl.DataFrame(
        {
            "incident_id": [f"y{i:03d}" for i in range(size)],
            "summary": [f"事故 {i}: 换热器结垢导致温度异常" for i in range(size)],
            "rule_cause": ["process"] * size,
        }
    )
    spec = _spec(size).model_copy(update={"guideline_version": "kill"})
    dataset = "petrochemical/kill_test"
    admin = LabelStudioClient(label_studio.url, label_studio.token, retries=2, backoff=0.2)
    stopper = threading.Timer(1.0, label_studio.server.stop)
    stopper.start()
    try:  # the push guard is tested elsewhere; here the stop must land during the import
        push_sample(spec, dataset, table, admin, batch_size=size, detector=_no_detections)
    except PushInterrupted as exc:
        print(f"\npush interrupted after {exc.result.created} tasks")
    finally:
        stopper.join()
    label_studio.restart()
    resumed = push_sample(spec, dataset, table, admin, batch_size=size)
    assert resumed.result.created + resumed.result.already_present == size
    keys = admin.existing_keys(resumed.project_id)
    assert len(keys) == size and all(len(ids) == 1 for ids in keys.values())
