"""Lexicon pre-annotations: THUOCL terms typed by their ending, English drugs by name."""

from __future__ import annotations

import pytest

from annotation.config import AnnotationSpec
from annotation.lexicon import propose, term_label
from annotation.tasks import build_tasks, prediction_version

LABELS = ["SYMPTOM", "DIAGNOSIS", "DRUG", "PROCEDURE", "BODY_PART", "TEST_RESULT"]


def _found(text: str) -> list[tuple[str, str]]:
    return [(text[s["start"] : s["end"]], s["label"]) for s in propose(text, LABELS)]


@pytest.mark.parametrize(
    ("term", "label"),
    [("肺炎", "DIAGNOSIS"), ("头痛", "SYMPTOM"), ("胸部", "BODY_PART"), ("阿莫西林", "DRUG")],
)
def test_terms_are_typed_by_their_ending(term: str, label: str) -> None:
    assert term_label(term) == label


def test_chinese_note_gets_symptoms_body_parts_diagnoses_and_drugs() -> None:
    text = "夜间咳嗽加重，胸部CT示右肺下叶肺炎，既往糖尿病，口服二甲双胍与布洛芬。"
    assert _found(text) == [
        ("咳嗽", "SYMPTOM"),
        ("胸部", "BODY_PART"),
        ("右肺", "BODY_PART"),
        ("肺炎", "DIAGNOSIS"),
        ("糖尿病", "DIAGNOSIS"),
        ("二甲双胍", "DRUG"),
        ("布洛芬", "DRUG"),
    ]


def test_english_drugs_by_generic_and_brand_name() -> None:
    assert _found("Aspirin given; continue Lipitor and paracetamol 500 mg.") == [
        ("Aspirin", "DRUG"),
        ("Lipitor", "DRUG"),
        ("paracetamol", "DRUG"),
    ]


def test_only_the_projects_labels_are_proposed() -> None:
    assert propose("头痛，服用布洛芬。", ["DRUG"]) == [{"start": 5, "end": 8, "label": "DRUG"}]


def test_tasks_carry_lexicon_predictions_with_their_model_version() -> None:
    import polars as pl

    spec = AnnotationSpec.model_validate(
        {
            "kind": "ner",
            "labels": LABELS,
            "guideline_version": "1",
            "key_column": "k",
            "text_column": "t",
            "sample": {"size": 2},
            "pre_annotations": {"lexicon": "medical", "model_version": "lexicon-1"},
        }
    )
    rows = pl.DataFrame({"k": ["a", "b"], "t": ["患者头痛。", "复查。"]})
    tasks = build_tasks(rows, spec, "medical/x")
    (prediction,) = tasks[0]["predictions"]
    assert prediction["model_version"] == prediction_version(spec)
    assert prediction["model_version"].startswith("lexicon-1+thuocl-")
    assert prediction["result"][0]["value"] | {} == {
        "start": 2,
        "end": 4,
        "text": "头痛",
        "labels": ["SYMPTOM"],
    }
    assert "predictions" not in tasks[1]  # nothing proposed, nothing sent
