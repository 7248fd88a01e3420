"""Shared cases for the annotation tests: the captured NER export and two annotators' causes."""

from __future__ import annotations

from pathlib import Path

from annotation.config import AnnotationSpec

# a real export of Label Studio 1.23.2: six notes, annotated by users 2 and 3
EXPORT = Path(__file__).parent / "data" / "ls_export_ner.json"
NER = AnnotationSpec.model_validate(
    {
        "kind": "ner",
        "labels": ["SYMPTOM", "DRUG"],
        "guideline_version": "1.0",
        "key_column": "note_id",
        "text_column": "text",
        "sample": {"size": 6},
        "overlap": 2,
    }
)
# Incident causes chosen by two annotators on the same ten reports (kappa worked by hand).
CAUSES_A = ["equipment"] * 3 + ["operation"] * 3 + ["process"] * 2 + ["equipment", "operation"]
CAUSES_B = ["equipment"] * 2 + ["operation"] * 3 + ["process"] * 3 + ["equipment"] * 2
