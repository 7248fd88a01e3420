"""The annotation loop against a real Label Studio: push, annotate as two users, pull, merge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from annotation_cases import CAUSES_A, CAUSES_B

from annotation.client import LabelStudioClient
from annotation.config import AnnotationSpec
from annotation.export import load_snapshot
from annotation.loop import pull_labels, push_sample
from releases.publish import publish
from releases.signing import load_signing_key
from releases.store import ReleaseStore

pytestmark = pytest.mark.labelstudio

NOTES = {
    "n1": "患者主诉头痛三天，服用布洛芬后缓解。",
    "n2": "Patient reports chest pain; aspirin given.",
    "n3": "夜间咳嗽加重。",
    "n4": "复查无异常。",
    "n5": "Fever since Monday, paracetamol 500 mg.",
    "n6": "随访。",
}
NER = AnnotationSpec.model_validate(
    {
        "kind": "ner",
        "labels": ["SYMPTOM", "DRUG"],
        "guideline_version": "1.0",
        "key_column": "note_id",
        "text_column": "text",
        "language": "mixed",
        "sample": {"size": 6, "seed": 11},
        "overlap": 2,
        "pre_annotations": {"column": "rule_spans", "model_version": "clinical-rules-0.1"},
    }
)


def _span(key: str, phrase: str, label: str) -> dict[str, Any]:
    start = NOTES[key].index(phrase)
    return {"start": start, "end": start + len(phrase), "label": label}


def _region(key: str, phrase: str, label: str) -> dict[str, Any]:
    s = _span(key, phrase, label)
    value = {"start": s["start"], "end": s["end"], "text": phrase, "labels": [label]}
    return {"from_name": "label", "to_name": "text", "type": "labels", "value": value}


def notes_table() -> pl.DataFrame:
    rules = {"n1": [_span("n1", "布洛芬", "DRUG")], "n2": [_span("n2", "aspirin", "DRUG")]}
    return pl.DataFrame(
        {
            "note_id": list(NOTES),
            "text": list(NOTES.values()),
            "rule_spans": [rules.get(k) for k in NOTES],
        },
        schema_overrides={
            "rule_spans": pl.List(
                pl.Struct({"start": pl.Int64, "end": pl.Int64, "label": pl.String})
            )
        },
    )


# what each annotator marks: (phrase, label) per note
LI = {
    "n1": [("头痛", "SYMPTOM"), ("布洛芬", "DRUG")],
    "n2": [("chest pain", "SYMPTOM"), ("aspirin", "DRUG")],
    "n3": [("咳嗽", "SYMPTOM")],
    "n4": [],
    "n5": [("Fever", "SYMPTOM")],
}
WANG = {
    "n1": [("头痛", "SYMPTOM"), ("布洛芬", "DRUG")],
    "n2": [("chest pain", "SYMPTOM")],
    "n3": [("咳嗽", "DRUG")],
    "n4": [],
}


def _annotate(sdk: Any, task_ids: dict[str, list[int]], marks: dict[str, list]) -> None:
    for i, (key, spans) in enumerate(marks.items()):
        result = [_region(key, phrase, label) for phrase, label in spans]
        sdk.annotations.create(id=task_ids[key][0], result=result, lead_time=10.0 + i)


def test_push_annotate_pull_agree_merge(
    label_studio: Any, annotators: list[Any], tmp_path: Path
) -> None:
    admin = LabelStudioClient(label_studio.url, label_studio.token)
    dataset = "medical/notes_loop_test"
    pushed = push_sample(NER, dataset, notes_table(), admin)
    assert pushed.result.created == 6 and pushed.result.predictions == 2
    tasks = list(admin.sdk.tasks.list(project=pushed.project_id, fields="all"))
    by_key = {t.data["bohai_key"]: t for t in tasks}
    assert sorted(by_key) == sorted(NOTES)
    (prediction,) = by_key["n1"].predictions
    assert prediction.model_version == "clinical-rules-0.1"
    assert prediction.result[0]["value"]["text"] == "布洛芬"

    task_ids = admin.existing_keys(pushed.project_id)
    li, wang = annotators
    _annotate(li.sdk, task_ids, LI)
    _annotate(wang.sdk, task_ids, WANG)
    wang.sdk.annotations.create(id=task_ids["n6"][0], result=[], was_cancelled=True)

    out = tmp_path / "annotation"
    pulled = pull_labels(NER, dataset, admin, out, key=b"test-key-0123456789abcdef")
    labels = pulled.labels
    assert labels.height == 10
    assert set(labels.get_column("annotator")) == {li.email, wang.email}
    cancelled = labels.filter(pl.col("was_cancelled"))
    assert cancelled.get_column("record_key").to_list() == ["n6"]
    n2 = labels.filter((pl.col("record_key") == "n2") & (pl.col("annotator") == li.email))
    assert n2.get_column("lead_time_s").to_list() == [11.0]
    assert [s["text"] for s in n2.get_column("spans").to_list()[0]] == ["chest pain", "aspirin"]
    assert load_snapshot(pulled.snapshot.path) == admin.export(pushed.project_id)

    # matched spans 2 + 1 + 0 + 0 of 4 + 3 + 2 + 0: F1 = 6/9; SYMPTOM 2 of 5, DRUG 1 of 4
    report = pulled.report
    assert report.method == "span_f1" and report.annotators == 2
    assert report.overall == pytest.approx(6 / 9)
    assert report.per_label == {"SYMPTOM": pytest.approx(0.8), "DRUG": pytest.approx(0.5)}
    assert report.flagged() == ["n2", "n3"]
    assert dict(report.gold.group_by("source").len().iter_rows()) == {"majority": 3, "tie": 1}

    # an adjudicator marks Wang's n3 annotation as ground truth: it becomes the gold label
    n3 = [a for a in admin.export(pushed.project_id) if a["data"]["bohai_key"] == "n3"][0]
    wang_n3 = [a for a in n3["annotations"] if a["completed_by"] != li.sdk.users.whoami().id][0]
    admin.sdk.annotations.update(id=wang_n3["id"], ground_truth=True)
    pulled = pull_labels(NER, dataset, admin, out, key=b"test-key-0123456789abcdef")
    assert pulled.report.flagged() == ["n2"]
    gold_n3 = pulled.report.gold.filter(pl.col("record_key") == "n3").row(0, named=True)
    assert gold_n3["source"] == "adjudicated" and gold_n3["labels"] == ["DRUG"]
    assert len(list((out / "snapshots").glob("export-*.json"))) == 2

    # n2's text changed since it was sent: its labels leave agreement and the release files
    stale = pull_labels(
        NER, dataset, admin, out, key=b"test-key-0123456789abcdef", stale=lambda _: {"n2"}
    )
    assert stale.left_out == ["n2"] and stale.report.flagged() == []
    assert "n2" not in stale.labels.get_column("record_key").to_list()
    assert "n2" in {t["data"]["bohai_key"] for t in load_snapshot(stale.snapshot.path)}
    pulled = pull_labels(NER, dataset, admin, out, key=b"test-key-0123456789abcdef")

    # merged into the next release as a minor version with provenance
    store = ReleaseStore(tmp_path / "releases")
    base = tmp_path / "scrubbed.parquet"
    notes_table().drop("rule_spans").write_parquet(base)
    schema = {"notes": [{"name": "note_id", "type": "String"}, {"name": "text", "type": "String"}]}
    files = {"data/notes/part-0.parquet": base}
    key = load_signing_key(dev_dir=tmp_path / "keys")
    fields = {
        "title": {"en": "Clinical notes (test)", "zh": "病历文本（测试）"},
        "description": {"en": "Scrubbed notes", "zh": "脱敏病历"},
        "license": "CC-BY-4.0",
    }
    first = publish(store, dataset, files, fields, schema, signing_key=key, index_catalog=False)
    second = publish(
        store,
        dataset,
        files | pulled.release.files,
        fields | pulled.release.manifest_fields,
        schema | pulled.release.schemas,
        signing_key=key,
        index_catalog=False,
    )
    assert (first.version, second.version) == ("1.0.0", "1.1.0")
    assert second.change.kind == "MINOR"
    manifest = json.loads((second.path / "manifest.json").read_text())
    prov = manifest["annotation"]
    assert prov["project"]["title"] == "medical/notes_loop_test g1.0"
    assert prov["guideline_version"] == "1.0" and prov["annotator_count"] == 2
    assert prov["agreement"]["overall"] == pytest.approx(6 / 9)
    assert prov["label_distribution"] == {"SYMPTOM": 2, "DRUG": 2}
    assert prov["project"]["mode"] == "shared"
    released = pl.read_parquet(second.path / "data/annotation_labels/part-0.parquet")
    assert not released.get_column("annotator").str.contains("@").any()

    # pushing again creates nothing and keeps every key once
    again = push_sample(NER, dataset, notes_table(), admin)
    assert (again.result.created, again.result.already_present) == (0, 6)
    assert all(len(ids) == 1 for ids in admin.existing_keys(pushed.project_id).values())


CAUSES = AnnotationSpec.model_validate(
    {
        "kind": "classification",
        "labels": ["equipment", "operation", "process"],
        "guideline_version": "2",
        "key_column": "incident_id",
        "text_column": "summary",
        "sample": {"size": 10, "strategy": "uncertainty", "score_column": "rule_score"},
        "overlap": 2,
        "pre_annotations": {
            "column": "rule_cause",
            "model_version": "cause-rules-1",
            "score_column": "rule_score",
        },
    }
)
LI_CAUSES, WANG_CAUSES = CAUSES_A, CAUSES_B


def test_classification_kappa_from_two_real_annotators(
    label_studio: Any, annotators: list[Any], tmp_path: Path
) -> None:
    scores = [0.05 * i for i in range(12)]
    table = pl.DataFrame(
        {
            "incident_id": [f"i{i:02d}" for i in range(12)],
            "summary": [f"事故摘要 {i}: 泵出口阀门泄漏" for i in range(12)],
            "rule_cause": ["equipment" if i % 2 else None for i in range(12)],
            "rule_score": scores[::-1],
        }
    )
    admin = LabelStudioClient(label_studio.url, label_studio.token)
    pushed = push_sample(CAUSES, "petrochemical/incidents_test", table, admin)
    assert pushed.sampled == 10
    order = [t.data["bohai_key"] for t in admin.sdk.tasks.list(project=pushed.project_id)]
    assert order == [f"i{i:02d}" for i in range(11, 1, -1)]  # least confident first
    ids = admin.existing_keys(pushed.project_id)
    li, wang = annotators
    for key, a, b in zip(order, LI_CAUSES, WANG_CAUSES, strict=True):
        for who, label in ((li, a), (wang, b)):
            result = [
                {
                    "from_name": "label",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": [label]},
                }
            ]
            who.sdk.annotations.create(id=ids[key][0], result=result, lead_time=5.0)
    report = pull_labels(CAUSES, "petrochemical/incidents_test", admin, tmp_path).report
    # observed .7, chance .4*.4 + .4*.3 + .2*.3 = .34
    assert report.method == "cohen_kappa"
    assert report.overall == pytest.approx((0.7 - 0.34) / 0.66)
    assert report.per_label["process"] == pytest.approx((0.9 - 0.62) / 0.38)
    assert report.flagged() == sorted([order[2], order[5], order[9]])
