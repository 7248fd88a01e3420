"""Gold labels: the adjudicated annotation when there is one, else the majority of annotators."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import polars as pl

from annotation.config import AnnotationSpec
from annotation.export import labels_schema
from annotation.spans import majority_spans

Annotation = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Unit:
    """One record's current annotations: the latest non-cancelled one per annotator."""

    record_key: str
    by_annotator: dict[str, Annotation]
    adjudicated: Annotation | None


def units(labels: pl.DataFrame) -> list[Unit]:
    """Group annotations by record; an annotator's later annotation replaces an earlier one."""
    active = labels.filter(~pl.col("was_cancelled")).sort(["record_key", "updated_at"])
    grouped: dict[str, dict[str, Annotation]] = {}
    adjudicated: dict[str, Annotation] = {}
    for row in active.iter_rows(named=True):
        grouped.setdefault(row["record_key"], {})[row["annotator"]] = row
        if row["ground_truth"]:
            adjudicated[row["record_key"]] = row
    return [Unit(k, grouped[k], adjudicated.get(k)) for k in sorted(grouped)]


def _majority_choice(values: list[Annotation], spec: AnnotationSpec) -> list[str] | None:
    n = len(values)
    if spec.choice == "single":
        counts = Counter(tuple(v["labels"]) for v in values)
        top, votes = counts.most_common(1)[0]
        return list(top) if votes > n / 2 else None
    counts = Counter(label for v in values for label in v["labels"])
    kept = sorted(label for label, votes in counts.items() if votes > n / 2)
    return kept if kept or not counts else None


def consensus(unit: Unit, spec: AnnotationSpec) -> tuple[list[str], list[Any], str]:
    """(labels, spans, source) of the gold label; source says how it was reached."""
    if unit.adjudicated is not None:
        return list(unit.adjudicated["labels"]), list(unit.adjudicated["spans"]), "adjudicated"
    values = list(unit.by_annotator.values())
    if len(values) < spec.overlap:
        return [], [], "pending"
    if len(values) == 1:
        return list(values[0]["labels"]), list(values[0]["spans"]), "single"
    if spec.kind == "classification":
        chosen = _majority_choice(values, spec)
        return (chosen, [], "majority") if chosen is not None else ([], [], "no_majority")
    spans = majority_spans([list(v["spans"]) for v in values], spec.iou())
    if not spans and any(v["spans"] for v in values):
        return [], [], "no_majority"
    return sorted({s["label"] for s in spans}), spans, "majority"


def gold_table(all_units: list[Unit], spec: AnnotationSpec) -> pl.DataFrame:
    """One row per record with a gold label (adjudicated, majority or single annotator)."""
    schema = labels_schema(spec)
    rows = []
    for unit in all_units:
        labels, spans, source = consensus(unit, spec)
        if source in ("pending", "no_majority"):
            continue
        rows.append(
            {
                "record_key": unit.record_key,
                "labels": labels,
                "spans": spans,
                "source": source,
                "annotators": len(unit.by_annotator),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "record_key": pl.String,
            "labels": schema["labels"],
            "spans": schema["spans"],
            "source": pl.String,
            "annotators": pl.Int64,
        },
    )
