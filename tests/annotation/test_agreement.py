"""Agreement figures match hand computations; low-agreement tasks are flagged; gold is sound."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from annotation_cases import CAUSES_A, CAUSES_B

from annotation.agreement import cohen_kappa, krippendorff_alpha, measure, nominal
from annotation.config import AnnotationSpec
from annotation.export import labels_schema
from annotation.spans import iou, majority_spans, matches

T0 = datetime(2026, 11, 1, tzinfo=UTC)
CAUSES = AnnotationSpec.model_validate(
    {
        "kind": "classification",
        "labels": ["equipment", "operation", "process"],
        "guideline_version": "1",
        "key_column": "k",
        "text_column": "t",
        "sample": {"size": 10},
        "overlap": 2,
    }
)
NER = CAUSES.model_copy(update={"kind": "ner", "labels": ["SYMPTOM", "DRUG"]})


def _labels(spec: AnnotationSpec, rows: list[dict[str, Any]]) -> pl.DataFrame:
    full = []
    for i, row in enumerate(rows):
        full.append(
            {
                "project_id": 1,
                "task_id": 1,
                "annotation_id": i,
                "annotator_id": 1,
                "labels": [],
                "spans": [],
                "lead_time_s": 1.0,
                "created_at": T0,
                "updated_at": T0 + timedelta(seconds=row.pop("at", i)),
                "was_cancelled": False,
                "ground_truth": False,
            }
            | row
        )
    return pl.DataFrame(full, schema=labels_schema(spec))


def _span(start: int, end: int, label: str) -> dict[str, Any]:
    return {"start": start, "end": end, "label": label, "text": None}


A, B = CAUSES_A, CAUSES_B


def test_cohen_kappa_by_hand() -> None:
    # observed 7/10; A marginals .4/.4/.2, B .4/.3/.3: chance .16+.12+.06 = .34
    assert cohen_kappa(A, B) == pytest.approx((0.7 - 0.34) / (1 - 0.34))
    # 2x2: both yes 4, A only 1, B only 2, both no 3: po .7, pe .5*.6+.5*.4 = .5 -> .4
    a = ["y"] * 5 + ["n"] * 5
    b = ["y"] * 4 + ["n"] + ["y"] * 2 + ["n"] * 3
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None


def test_krippendorff_alpha_by_hand() -> None:
    # units aaa, aab, bbb, abb: o_aa=4, o_bb=4, o_ab=o_ba=2, n=12; Do=4/12, De=72/132
    units = [dict(zip("xyz", u, strict=True)) for u in ("aaa", "aab", "bbb", "abb")]
    assert krippendorff_alpha(units, ["x", "y", "z"]) == pytest.approx(1 - (4 / 12) / (72 / 132))
    assert nominal(units, ["x", "y", "z"])[0] == "krippendorff_alpha"
    assert krippendorff_alpha([{"x": "a", "y": "a"}], ["x", "y"]) is None


def test_two_annotators_get_kappa_overall_and_per_label() -> None:
    rows = []
    for i, (a, b) in enumerate(zip(A, B, strict=True)):
        rows += [
            {"record_key": f"r{i}", "annotator": "li", "labels": [a]},
            {"record_key": f"r{i}", "annotator": "wang", "labels": [b]},
        ]
    report = measure(_labels(CAUSES, rows), CAUSES)
    assert report.method == "cohen_kappa" and report.annotators == 2
    assert report.overall == pytest.approx(0.36 / 0.66)
    # process one-vs-rest: po .9, pA .2, pB .3 -> pe .06 + .56 = .62
    assert report.per_label["process"] == pytest.approx((0.9 - 0.62) / (1 - 0.62))
    assert report.observed == pytest.approx(0.7)
    assert report.flagged() == ["r2", "r5", "r9"]
    # the three disagreements get a gold row too: no label, both candidates, flagged
    by_source = dict(report.gold.group_by("source").len().iter_rows())
    assert by_source == {"majority": 7, "tie": 3}
    tie = report.gold.filter(pl.col("record_key") == "r2").row(0, named=True)
    assert tie["labels"] == [] and tie["needs_adjudication"]
    assert tie["disputed_labels"] == sorted({A[2], B[2]})


def test_three_annotators_get_alpha_and_majority_gold() -> None:
    rows = []
    for unit, values in enumerate(("aaa", "aab", "bbb", "abb")):
        for who, v in zip(("x", "y", "z"), values, strict=True):
            label = "equipment" if v == "a" else "operation"
            rows.append({"record_key": f"u{unit}", "annotator": who, "labels": [label]})
    spec = CAUSES.model_copy(update={"overlap": 3})
    report = measure(_labels(spec, rows), spec)
    assert report.method == "krippendorff_alpha"
    assert report.overall == pytest.approx(7 / 18)
    gold = dict(zip(report.gold["record_key"], report.gold["labels"].to_list(), strict=True))
    assert gold == {
        "u0": ["equipment"],
        "u1": ["equipment"],
        "u2": ["operation"],
        "u3": ["operation"],
    }
    # pairwise agreement on aab is 1/3, below the .7 threshold
    assert report.flagged() == ["u1", "u3"]


def test_span_matching_and_iou() -> None:
    assert iou(_span(0, 4, "X"), _span(2, 6, "X")) == pytest.approx(2 / 6)
    assert iou(_span(3, 3, "X"), _span(3, 3, "X")) == 1.0
    a = [_span(0, 2, "SYMPTOM"), _span(3, 5, "DRUG")]
    b = [_span(0, 2, "SYMPTOM"), _span(3, 6, "DRUG")]
    assert matches(a, b, 1.0) == [(0, 0)]
    assert matches(a, b, 0.5) == [(0, 0), (1, 1)]
    assert majority_spans([a, b, [_span(3, 5, "DRUG")]], 1.0) == a


def test_span_f1_per_label_and_flags_by_hand() -> None:
    both = [_span(0, 2, "SYMPTOM"), _span(5, 8, "DRUG")]
    rows = [
        {"record_key": "n1", "annotator": "li", "spans": both, "labels": ["DRUG", "SYMPTOM"]},
        {"record_key": "n1", "annotator": "wang", "spans": both, "labels": ["DRUG", "SYMPTOM"]},
        {
            "record_key": "n2",
            "annotator": "li",
            "spans": [_span(0, 10, "SYMPTOM"), _span(12, 19, "DRUG")],
        },
        {"record_key": "n2", "annotator": "wang", "spans": [_span(0, 10, "SYMPTOM")]},
        {"record_key": "n3", "annotator": "li", "spans": [_span(0, 2, "SYMPTOM")]},
        {"record_key": "n3", "annotator": "wang", "spans": [_span(0, 2, "DRUG")]},
        {"record_key": "n4", "annotator": "li"},
        {"record_key": "n4", "annotator": "wang"},
        {"record_key": "n5", "annotator": "li", "spans": [_span(0, 1, "DRUG")]},
        {"record_key": "n6", "annotator": "wang", "was_cancelled": True},
    ]
    report = measure(_labels(NER, rows), NER)
    # matched 2+1+0+0 = 3 of 4+3+2+0 = 9 spans: F1 = 6/9
    assert report.method == "span_f1" and report.overall == pytest.approx(6 / 9)
    assert report.per_label == {"SYMPTOM": pytest.approx(4 / 5), "DRUG": pytest.approx(2 / 4)}
    scores = dict(zip(report.tasks["record_key"], report.tasks["score"], strict=True))
    assert scores == {"n1": 1.0, "n2": pytest.approx(2 / 3), "n3": 0.0, "n4": 1.0, "n5": None}
    assert report.flagged() == ["n2", "n3"]
    sources = dict(zip(report.gold["record_key"], report.gold["source"], strict=True))
    assert sources == {"n1": "majority", "n2": "majority", "n3": "tie", "n4": "majority"}
    # a flagged task's gold is not just the intersection: the tied span is kept as disputed
    n2 = report.gold.filter(pl.col("record_key") == "n2").row(0, named=True)
    assert [s["label"] for s in n2["spans"]] == ["SYMPTOM"]
    assert [(s["start"], s["label"]) for s in n2["disputed_spans"]] == [(12, "DRUG")]
    assert n2["needs_adjudication"]
    n3 = report.gold.filter(pl.col("record_key") == "n3").row(0, named=True)
    assert n3["spans"] == [] and {s["label"] for s in n3["disputed_spans"]} == {"SYMPTOM", "DRUG"}
    reasons = dict(zip(report.tasks["record_key"], report.tasks["reason"], strict=True))
    assert reasons["n2"] == "low_agreement,tie" and reasons["n1"] is None


def test_adjudicated_annotation_wins_and_clears_the_flag() -> None:
    rows = [
        {"record_key": "n3", "annotator": "li", "spans": [_span(0, 2, "SYMPTOM")]},
        {
            "record_key": "n3",
            "annotator": "wang",
            "spans": [_span(0, 2, "DRUG")],
            "ground_truth": True,
            "labels": ["DRUG"],
        },
    ]
    report = measure(_labels(NER, rows), NER)
    assert report.flagged() == []
    gold = report.gold.row(0, named=True)
    assert gold["source"] == "adjudicated" and gold["labels"] == ["DRUG"]


def test_later_annotation_by_the_same_person_replaces_the_earlier() -> None:
    rows = [
        {"record_key": "r", "annotator": "li", "labels": ["process"], "at": 1},
        {"record_key": "r", "annotator": "wang", "labels": ["equipment"], "at": 2},
        {"record_key": "r", "annotator": "li", "labels": ["equipment"], "at": 3},
    ]
    report = measure(_labels(CAUSES, rows), CAUSES)
    assert report.tasks.row(0, named=True)["score"] == 1.0
    assert report.gold.row(0, named=True)["labels"] == ["equipment"]


TE = AnnotationSpec.model_validate(
    {
        "kind": "timeseries",
        "labels": ["normal", "IDV(6)"],
        "guideline_version": "1",
        "key_column": "run_id",
        "timeseries": {
            "time_column": "elapsed_h",
            "channels": ["reactor_pressure"],
            "offset_tolerance": 0.5,
        },
        "sample": {"size": 2},
        "overlap": 2,
    }
)


def _segment(start: float, end: float, label: str = "IDV(6)") -> dict[str, Any]:
    return {"start": start, "end": end, "label": label, "text": None}


def test_onset_disagreement_is_measured_in_hours_and_flagged() -> None:
    rows = [
        {"record_key": "run1", "annotator": "li", "spans": [_segment(8.0, 48.0)]},
        {"record_key": "run1", "annotator": "wang", "spans": [_segment(9.5, 48.0)]},
        {"record_key": "run2", "annotator": "li", "spans": [_segment(8.0, 48.0)]},
        {"record_key": "run2", "annotator": "wang", "spans": [_segment(8.2, 48.0)]},
    ]
    report = measure(_labels(TE, rows), TE)
    tasks = {r["record_key"]: r for r in report.tasks.iter_rows(named=True)}
    # IoU of the 1.5 h case is 38.5/40 = 0.96: an IoU rule would have scored it 1.0
    assert tasks["run1"]["score"] == 0.0 and tasks["run1"]["boundary_gap_h"] == pytest.approx(1.5)
    assert "boundary_disagreement" in tasks["run1"]["reason"] and tasks["run1"]["flagged"]
    assert tasks["run2"]["score"] == 1.0 and not tasks["run2"]["flagged"]
    assert report.method == "segment_f1" and report.overall == pytest.approx(0.5)
    assert report.boundaries == {
        "tasks_with_overlapping_segments": 2,
        "mean_gap_h": pytest.approx(0.85),
        "max_gap_h": pytest.approx(1.5),
        "tolerance_h": 0.5,
        "tasks_over_tolerance": 1,
    }
    # the gold boundary of the agreeing run is the median, not one annotator's
    gold = {r["record_key"]: r for r in report.gold.iter_rows(named=True)}
    assert gold["run2"]["spans"][0]["start"] == pytest.approx(8.1)
    assert gold["run1"]["needs_adjudication"] and len(gold["run1"]["disputed_spans"]) == 2


def test_tolerance_follows_the_time_unit() -> None:
    minutes = TE.model_copy(
        update={"timeseries": TE.timeseries.model_copy(update={"time_unit": "min"})}
    )
    assert minutes.tolerance() == pytest.approx(30.0)  # 0.5 h on a minutes axis


def test_the_adjudicator_settles_a_tie_without_counting_as_a_rater() -> None:
    rows = [
        {"record_key": "r", "annotator": "li", "labels": ["process"]},
        {"record_key": "r", "annotator": "wang", "labels": ["equipment"]},
        {
            "record_key": "r",
            "annotator": "adjudicator",
            "labels": ["process"],
            "ground_truth": True,
        },
    ]
    report = measure(_labels(CAUSES, rows), CAUSES)
    assert report.annotators == 2 and report.flagged() == []
    gold = report.gold.row(0, named=True)
    assert gold["source"] == "adjudicated" and gold["labels"] == ["process"]
