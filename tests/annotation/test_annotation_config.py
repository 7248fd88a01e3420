"""The annotation section of a spec: valid shapes load, unsafe or incomplete ones are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from annotation.config import AnnotationSection, AnnotationSpec, annotation_of
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]
NER = {
    "kind": "ner",
    "labels": ["SYMPTOM", "DRUG"],
    "guideline_version": "1.2",
    "key_column": "note_id",
    "text_column": "text",
    "sample": {"size": 50, "strategy": "stratified", "column": "department", "seed": 7},
    "overlap": 2,
    "pre_annotations": {"column": "spans", "model_version": "privacy-engine-0.3"},
}


def test_ner_section_loads_with_defaults() -> None:
    spec = AnnotationSpec.model_validate(NER)
    assert spec.source_stage == "scrubbed" and not spec.allow_raw
    assert spec.iou() == 1.0
    assert spec.columns() == ["note_id", "text", "department", "spans"]
    assert spec.project_title("medical/clinical_notes") == "medical/clinical_notes g1.2"


def test_timeseries_needs_its_section_and_matches_segments_loosely() -> None:
    with pytest.raises(ValidationError, match="needs a timeseries section"):
        AnnotationSpec.model_validate(NER | {"kind": "timeseries", "text_column": None})
    spec = AnnotationSpec.model_validate(
        NER | {"kind": "timeseries", "timeseries": {"time_column": "t", "channels": ["xmeas_1"]}}
    )
    assert spec.iou() == 0.5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sample": {"size": 5, "strategy": "stratified"}}, "needs sampling.column"),
        ({"sample": {"size": 5, "strategy": "uncertainty"}}, "needs sampling.score_column"),
        ({"sample": {"size": 0}}, "greater than 0"),
        ({"labels": ["A", "A"]}, "duplicates"),
        ({"text_column": None}, "needs text_column"),
        ({"source_stage": "validated"}, "set allow_raw: true"),
        ({"source_stage": "validated", "allow_raw": True}, "needs allow_raw_reason"),
        ({"overlap": 0}, "greater than or equal to 1"),
        ({"colour": "red"}, "Extra inputs"),
    ],
)
def test_invalid_sections_are_refused(change: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AnnotationSpec.model_validate(NER | change)


def test_raw_data_needs_a_named_authorization() -> None:
    spec = AnnotationSpec.model_validate(
        NER
        | {
            "source_stage": "validated",
            "allow_raw": True,
            "allow_raw_reason": "PII gold set, approved by the data protection officer 2026-10",
        }
    )
    assert spec.allow_raw and spec.source_stage == "validated"


def test_long_titles_ask_for_an_explicit_project_name() -> None:
    spec = AnnotationSpec.model_validate(NER)
    with pytest.raises(ValueError, match="set annotation.project"):
        spec.project_title("medical/" + "x" * 50)


def test_empty_section_means_no_annotation() -> None:
    class Holder(BaseModel):
        annotation: AnnotationSection = None

    assert Holder.model_validate({"annotation": {}}).annotation is None
    assert isinstance(Holder.model_validate({"annotation": NER}).annotation, AnnotationSpec)


def test_annotation_of_reads_a_dataset_spec() -> None:
    raw = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())
    assert annotation_of(DatasetSpec.model_validate(raw)) is None
    section = NER | {
        "key_column": "vessel_id",
        "text_column": "vessel_name",
        "sample": {"size": 3},
        "pre_annotations": None,
    }
    spec = DatasetSpec.model_validate(raw | {"annotation": section})
    assert annotation_of(spec) == AnnotationSpec.model_validate(section)


def test_spec_refuses_annotation_columns_missing_from_the_scrubbed_table() -> None:
    raw = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())
    section = NER | {"key_column": "mmsi", "text_column": "vessel_name", "sample": {"size": 3}}
    with pytest.raises(ValueError, match=r"columns \['mmsi', 'spans'\] are not in the scrubbed"):
        DatasetSpec.model_validate(raw | {"annotation": section})
