"""Records become Label Studio tasks with their key and valid pre-annotations."""

from __future__ import annotations

import polars as pl
import pytest
from label_studio_sdk.label_interface import LabelInterface

from annotation.config import AnnotationSpec
from annotation.label_configs import label_config
from annotation.tasks import TaskError, build_tasks, records, segments, task_key

NER = AnnotationSpec.model_validate(
    {
        "kind": "ner",
        "labels": ["SYMPTOM", "DRUG"],
        "guideline_version": "1",
        "key_column": "note_id",
        "text_column": "text",
        "sample": {"size": 10},
        "pre_annotations": {"column": "spans", "model_version": "rules-1", "score_column": "p"},
    }
)


def _notes() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "note_id": ["n1", "n2", "n3"],
            "text": ["患者头痛，服用布洛芬。", "Chest pain; aspirin given.", "无异常"],
            "spans": [
                [
                    {"start": 2, "end": 4, "label": "SYMPTOM"},
                    {"start": 7, "end": 10, "label": "DRUG"},
                ],
                [{"start": 0, "end": 10, "label": "SYMPTOM"}],
                None,
            ],
            "p": [0.8, 0.4, None],
        }
    )


def test_ner_tasks_carry_key_text_and_span_predictions() -> None:
    tasks = build_tasks(records(_notes(), NER), NER, "medical/notes")
    assert [task_key(t) for t in tasks] == ["n1", "n2", "n3"]
    assert tasks[0]["data"] == {
        "bohai_key": "n1",
        "bohai_dataset": "medical/notes",
        "text": "患者头痛，服用布洛芬。",
    }
    prediction = tasks[0]["predictions"][0]
    assert prediction["model_version"] == "rules-1" and prediction["score"] == 0.8
    assert [r["value"]["text"] for r in prediction["result"]] == ["头痛", "布洛芬"]
    assert "predictions" not in tasks[2]
    interface = LabelInterface(label_config(NER))
    assert interface.validate_prediction(prediction, return_errors=True) == []


def test_spans_from_json_strings_are_accepted() -> None:
    table = _notes().with_columns(
        pl.Series("spans", ['[{"start": 0, "end": 2, "label": "SYMPTOM"}]', None, "[]"])
    )
    tasks = build_tasks(table, NER, "medical/notes")
    assert tasks[0]["predictions"][0]["result"][0]["value"]["text"] == "患者"
    assert tasks[2]["predictions"][0]["result"] == []


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ([{"start": 0, "end": 2, "label": "PERSON"}], "record n1: pre-annotation label 'PERSON'"),
        ([{"start": 5, "end": 50, "label": "DRUG"}], "record n1: span 5-50 outside text"),
    ],
)
def test_bad_pre_annotations_name_the_record(spans: list, message: str) -> None:
    table = _notes().head(1).with_columns(pl.Series("spans", [spans]))
    with pytest.raises(TaskError, match=message):
        build_tasks(table, NER, "medical/notes")


def test_null_and_duplicate_keys_are_refused() -> None:
    with pytest.raises(TaskError, match=r"null record key at rows \[1\]"):
        records(_notes().with_columns(pl.Series("note_id", ["n1", None, "n3"])), NER)
    with pytest.raises(TaskError, match=r"duplicate record keys \['n1'\]"):
        records(_notes().with_columns(pl.Series("note_id", ["n1", "n1", "n3"])), NER)
    with pytest.raises(TaskError, match=r"columns \['p'\] not in the table"):
        records(_notes().drop("p"), NER)


def test_classification_prediction_is_the_rule_label() -> None:
    spec = NER.model_copy(update={"kind": "classification", "labels": ["equipment", "operation"]})
    table = pl.DataFrame(
        {"note_id": ["i1"], "text": ["阀门泄漏"], "spans": ["equipment"], "p": [0.6]}
    )
    (task,) = build_tasks(table, spec, "petrochemical/incidents")
    assert task["predictions"][0]["result"][0]["value"] == {"choices": ["equipment"]}


def test_segments_join_runs_of_the_same_label() -> None:
    times = [0, 1, 2, 3, 4, 5, 6]
    labels = [None, "f1", "f1", None, "f1", "f2", "f2"]
    assert segments(times, labels) == [(1, 2, "f1"), (4, 4, "f1"), (5, 6, "f2")]


def test_timeseries_runs_become_one_task_each() -> None:
    spec = AnnotationSpec.model_validate(
        {
            "kind": "timeseries",
            "labels": ["IDV(1)"],
            "guideline_version": "1",
            "key_column": "run",
            "timeseries": {"time_column": "t", "channels": ["xmeas_1"]},
            "sample": {"size": 5},
            "pre_annotations": {"column": "rule", "model_version": "threshold-1"},
        }
    )
    table = pl.DataFrame(
        {
            "run": ["r2", "r1", "r1", "r1", "r2"],
            "t": [1.0, 2.0, 0.0, 1.0, 0.0],
            "xmeas_1": [5.0, 3.0, 1.0, 2.0, 4.0],
            "rule": [None, "IDV(1)", None, "IDV(1)", None],
        }
    )
    tasks = build_tasks(records(table, spec), spec, "petrochemical/te_runs")
    assert [task_key(t) for t in tasks] == ["r1", "r2"]
    r1 = tasks[0]
    assert r1["data"]["ts"] == {"t": [0.0, 1.0, 2.0], "xmeas_1": [1.0, 2.0, 3.0]}
    (segment,) = r1["predictions"][0]["result"]
    assert segment["value"] == {
        "start": 1.0,
        "end": 2.0,
        "instant": False,
        "timeserieslabels": ["IDV(1)"],
    }
    assert tasks[1]["predictions"][0]["result"] == []
    interface = LabelInterface(label_config(spec))
    assert interface.validate_prediction(r1["predictions"][0], return_errors=True) == []
