"""Gold labels: adjudicated, else the majority of annotators, with ties kept for adjudication."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from annotation.config import AnnotationSpec
from annotation.export import labels_schema
from annotation.spans import consensus_spans

Annotation = dict[str, Any]
ADJUDICATOR = "adjudicator"  # the labels table's annotator for the adjudication project


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
        if row["ground_truth"]:
            adjudicated[row["record_key"]] = row
        if row["annotator"] != ADJUDICATOR:  # the adjudicator settles; they are not a rater
            grouped.setdefault(row["record_key"], {})[row["annotator"]] = row
    keys = sorted(set(grouped) | set(adjudicated))
    return [Unit(k, grouped.get(k, {}), adjudicated.get(k)) for k in keys]


@dataclass(frozen=True, slots=True)
class Decision:
    """One record's gold: agreed labels/spans, what is tied, how it was reached."""

    labels: list[str]
    spans: list[Any]
    source: str  # adjudicated, majority, single, tie, pending
    disputed_labels: list[str] = field(default_factory=list)
    disputed_spans: list[Any] = field(default_factory=list)

    @property
    def needs_adjudication(self) -> bool:
        """A tie (or a missing majority) that a person must settle."""
        return bool(self.disputed_labels or self.disputed_spans) or self.source == "tie"


def _choice_decision(values: list[Annotation], spec: AnnotationSpec) -> Decision:
    n = len(values)
    if spec.choice == "single":
        counts = Counter(tuple(v["labels"]) for v in values)
        (top, votes), *_ = counts.most_common()
        if votes > n / 2:
            return Decision(list(top), [], "majority")
        best = sorted({label for c, k in counts.items() if k == votes for label in c})
        return Decision([], [], "tie", disputed_labels=best)
    counts = Counter(label for v in values for label in v["labels"])
    kept = sorted(label for label, votes in counts.items() if votes > n / 2)
    tied = sorted(label for label, votes in counts.items() if votes == n / 2)
    return Decision(kept, [], "tie" if tied and not kept else "majority", disputed_labels=tied)


def consensus(unit: Unit, spec: AnnotationSpec) -> Decision:
    """The gold decision for one record: adjudicated, else the majority with ties kept apart."""
    if unit.adjudicated is not None:
        adjudicated = unit.adjudicated
        return Decision(list(adjudicated["labels"]), list(adjudicated["spans"]), "adjudicated")
    values = list(unit.by_annotator.values())
    if len(values) < spec.overlap:
        return Decision([], [], "pending")
    if len(values) == 1:
        return Decision(list(values[0]["labels"]), list(values[0]["spans"]), "single")
    if spec.kind == "classification":
        return _choice_decision(values, spec)
    found = consensus_spans([list(v["spans"]) for v in values], spec.iou(), spec.tolerance())
    labels = sorted({s["label"] for s in found.agreed})
    source = "majority" if found.agreed or not found.tied else "tie"
    return Decision(labels, found.agreed, source, disputed_spans=found.tied)


def gold_table(all_units: list[Unit], spec: AnnotationSpec) -> pl.DataFrame:
    """One row per record with enough annotations: gold labels, ties, and the adjudication flag."""
    schema = labels_schema(spec)
    rows = []
    for unit in all_units:
        decision = consensus(unit, spec)
        if decision.source == "pending":
            continue
        rows.append(
            {
                "record_key": unit.record_key,
                "labels": decision.labels,
                "spans": decision.spans,
                "source": decision.source,
                "annotators": len(unit.by_annotator),
                "needs_adjudication": decision.needs_adjudication,
                "disputed_labels": decision.disputed_labels,
                "disputed_spans": decision.disputed_spans,
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
            "needs_adjudication": pl.Boolean,
            "disputed_labels": schema["labels"],
            "disputed_spans": schema["spans"],
        },
    )
