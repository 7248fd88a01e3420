"""Inter-annotator agreement (Label Studio Community has none): kappa, alpha and span F1."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import krippendorff
import numpy as np
import polars as pl

from annotation.config import AnnotationSpec
from annotation.gold import Unit, consensus, gold_table, units
from annotation.spans import boundary_gap, f1, f1_counts, matches


def cohen_kappa(a: list[Hashable], b: list[Hashable]) -> float | None:
    """Cohen's kappa of two raters over the same items; None when chance agreement is total."""
    if len(a) != len(b):
        raise ValueError(f"cohen_kappa: {len(a)} and {len(b)} ratings")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    expected = sum((a.count(c) / n) * (b.count(c) / n) for c in set(a) | set(b))
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(ratings: list[dict[str, Hashable]], raters: list[str]) -> float | None:
    """Nominal Krippendorff's alpha over units rated by any subset of raters."""
    domain = sorted({v for unit in ratings for v in unit.values()}, key=repr)
    if len(domain) < 2:
        return None
    code = {v: float(i) for i, v in enumerate(domain)}
    matrix = np.full((len(raters), len(ratings)), np.nan)
    for j, unit in enumerate(ratings):
        for i, rater in enumerate(raters):
            if rater in unit:
                matrix[i, j] = code[unit[rater]]
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def nominal(ratings: list[dict[str, Hashable]], raters: list[str]) -> tuple[str, float | None]:
    """Cohen's kappa when exactly two raters took part, Krippendorff's alpha otherwise."""
    if len(raters) == 2:
        a, b = raters
        both = [u for u in ratings if a in u and b in u]
        return "cohen_kappa", cohen_kappa([u[a] for u in both], [u[b] for u in both])
    return "krippendorff_alpha", krippendorff_alpha(ratings, raters)


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement overall and per label, per-task scores, flags for adjudication, gold labels."""

    method: str
    overall: float | None
    per_label: dict[str, float | None]
    observed: float | None
    annotators: int
    tasks_compared: int
    threshold: float
    tasks: pl.DataFrame
    gold: pl.DataFrame
    boundaries: dict[str, Any] | None = None

    def flagged(self) -> list[str]:
        """Record keys that need adjudication."""
        return self.tasks.filter(pl.col("flagged")).get_column("record_key").to_list()

    def as_dict(self) -> dict[str, Any]:
        """Figures for metadata and release provenance (no annotator identities)."""
        return {
            "method": self.method,
            "overall": self.overall,
            "per_label": dict(self.per_label),
            "observed_agreement": self.observed,
            "annotators": self.annotators,
            "tasks_compared": self.tasks_compared,
            "threshold": self.threshold,
            "flagged_for_adjudication": len(self.flagged()),
            "gold_by_source": dict(self.gold.group_by("source").len().iter_rows()),
            "boundaries_h": self.boundaries,
        }


def _pair_score(x: dict[str, Any], y: dict[str, Any], spec: AnnotationSpec) -> float:
    if spec.kind != "classification":
        matched, total = f1_counts(x["spans"], y["spans"], spec.iou(), None, spec.tolerance())
        return 1.0 if total == 0 else 2 * matched / total
    a, b = set(x["labels"]), set(y["labels"])
    return 1.0 if a == b else len(a & b) / len(a | b)


def task_score(unit: Unit, spec: AnnotationSpec) -> float | None:
    """Mean pairwise agreement on one record (F1 for spans, Jaccard/equality for choices)."""
    pairs = list(combinations(unit.by_annotator.values(), 2))
    if not pairs:
        return None
    return sum(_pair_score(x, y, spec) for x, y in pairs) / len(pairs)


def _choice_agreement(
    compared: list[Unit], spec: AnnotationSpec, raters: list[str]
) -> tuple[str, float | None, dict[str, float | None]]:
    per_label = {}
    for label in spec.labels:
        ratings = [{r: label in a["labels"] for r, a in u.by_annotator.items()} for u in compared]
        per_label[label] = nominal(ratings, raters)[1]
    if spec.choice == "single":
        ratings = [{r: tuple(a["labels"]) for r, a in u.by_annotator.items()} for u in compared]
        method, overall = nominal(ratings, raters)
        return method, overall, per_label
    defined = [v for v in per_label.values() if v is not None]
    method = nominal([], raters)[0] + "_per_label_mean"
    return method, (sum(defined) / len(defined) if defined else None), per_label


def _span_agreement(
    compared: list[Unit], spec: AnnotationSpec
) -> tuple[float | None, dict[str, float | None]]:
    totals = {label: [0, 0] for label in [None, *spec.labels]}
    for unit in compared:
        for x, y in combinations(unit.by_annotator.values(), 2):
            for label, acc in totals.items():
                matched, total = f1_counts(
                    x["spans"], y["spans"], spec.iou(), label, spec.tolerance()
                )
                acc[0] += matched
                acc[1] += total
    overall = f1(*totals.pop(None))
    return overall, {str(k): f1(*v) for k, v in totals.items()}


def measure(labels: pl.DataFrame, spec: AnnotationSpec) -> AgreementReport:
    """Agreement over records seen by two or more annotators, flags, and gold labels."""
    all_units = units(labels)
    compared = [u for u in all_units if len(u.by_annotator) >= 2]
    raters = sorted({r for u in compared for r in u.by_annotator})
    if spec.kind == "classification":
        method, overall, per_label = _choice_agreement(compared, spec, raters)
    else:
        method = "segment_f1" if spec.kind == "timeseries" else "span_f1"
        overall, per_label = _span_agreement(compared, spec)
    rows = []
    for unit in all_units:
        score = task_score(unit, spec)
        decision = consensus(unit, spec)
        gap = boundary_gap_hours(unit, spec)
        reasons = []
        if score is not None and score < spec.agreement_threshold:
            reasons.append("low_agreement")
        if decision.needs_adjudication:
            reasons.append("tie")
        if gap is not None and spec.timeseries and gap > spec.timeseries.offset_tolerance:
            reasons.append("boundary_disagreement")
        rows.append(
            {
                "record_key": unit.record_key,
                "annotations": len(unit.by_annotator),
                "score": score,
                "boundary_gap_h": gap,
                "gold_source": decision.source,
                "flagged": bool(reasons) and decision.source != "adjudicated",
                "reason": ",".join(reasons) or None,
            }
        )
    scores = [r["score"] for r in rows if r["score"] is not None]
    tasks = pl.DataFrame(
        rows,
        schema={
            "record_key": pl.String,
            "annotations": pl.Int64,
            "score": pl.Float64,
            "boundary_gap_h": pl.Float64,
            "gold_source": pl.String,
            "flagged": pl.Boolean,
            "reason": pl.String,
        },
    )
    return AgreementReport(
        method=method,
        overall=overall,
        per_label=per_label,
        observed=sum(scores) / len(scores) if scores else None,
        annotators=len({r for u in all_units for r in u.by_annotator}),
        tasks_compared=len(compared),
        threshold=spec.agreement_threshold,
        tasks=tasks,
        gold=gold_table(all_units, spec),
        boundaries=boundary_summary(tasks, spec),
    )


def boundary_gap_hours(unit: Unit, spec: AnnotationSpec) -> float | None:
    """Time series: the largest onset or offset difference, in hours, of overlapping segments."""
    if spec.timeseries is None:
        return None
    gaps = []
    for x, y in combinations(unit.by_annotator.values(), 2):
        for i, j in matches(x["spans"], y["spans"], 1e-9):  # same label, any overlap
            gaps.append(boundary_gap(x["spans"][i], y["spans"][j]))
    return spec.timeseries.hours(max(gaps)) if gaps else None


def boundary_summary(tasks: pl.DataFrame, spec: AnnotationSpec) -> dict[str, Any] | None:
    """Onset/offset disagreement over all tasks, in hours, against the spec's tolerance."""
    if spec.timeseries is None:
        return None
    gaps = tasks.get_column("boundary_gap_h").drop_nulls()
    tolerance = spec.timeseries.offset_tolerance
    return {
        "tasks_with_overlapping_segments": gaps.len(),
        "mean_gap_h": None if gaps.is_empty() else round(float(gaps.mean()), 3),
        "max_gap_h": None if gaps.is_empty() else round(float(gaps.max()), 3),
        "tolerance_h": tolerance,
        "tasks_over_tolerance": int((gaps > tolerance).sum()),
    }
