"""Comparing labeled spans (text offsets or time segments) between annotators."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

Span = dict[str, Any]


def iou(a: Span, b: Span) -> float:
    """Intersection over union of two intervals; zero-length segments match only themselves."""
    inter = max(0.0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    union = (a["end"] - a["start"]) + (b["end"] - b["start"]) - inter
    if union <= 0:
        return 1.0 if (a["start"], a["end"]) == (b["start"], b["end"]) else 0.0
    return inter / union


def boundary_gap(a: Span, b: Span) -> float:
    """The larger of the start and end differences of two intervals (time units)."""
    return max(abs(a["start"] - b["start"]), abs(a["end"] - b["end"]))


def _closeness(x: Span, y: Span, threshold: float, tolerance: float | None) -> float:
    """How well two same-label spans agree (higher is better); below threshold, no match."""
    if tolerance is None:
        return iou(x, y)
    # Time segments: both boundaries within the tolerance; 1 at equal boundaries, 0 at the edge.
    gap = boundary_gap(x, y)
    if gap > tolerance + 1e-9:
        return -1.0
    return threshold if tolerance == 0 else threshold + (1 - gap / tolerance) * 1e-6


def matches(
    a: list[Span], b: list[Span], threshold: float, tolerance: float | None = None
) -> list[tuple[int, int]]:
    """One-to-one pairs (i, j) of same-label spans that agree, best agreement first.

    Text spans agree at IoU >= threshold; with a tolerance (time series), when both the start
    and the end differ by at most the tolerance, so a 1.5 h onset difference is no match at a
    0.5 h tolerance however long the segments are.
    """
    candidates = [
        (_closeness(x, y, threshold, tolerance), i, j)
        for i, x in enumerate(a)
        for j, y in enumerate(b)
        if x["label"] == y["label"]
    ]
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if score + 1e-12 < threshold or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j))
    return pairs


def f1_counts(
    a: list[Span],
    b: list[Span],
    threshold: float,
    label: str | None = None,
    tolerance: float | None = None,
) -> tuple[int, int]:
    """(matched spans, total spans of both) for one pair, optionally for one label only."""
    if label is not None:
        a = [s for s in a if s["label"] == label]
        b = [s for s in b if s["label"] == label]
    return len(matches(a, b, threshold, tolerance)), len(a) + len(b)


def f1(matched: int, total: int) -> float | None:
    """Span F1 from pooled counts: 2 x matched / (spans of A + spans of B); None when no spans."""
    return None if total == 0 else 2 * matched / total


@dataclass(frozen=True, slots=True)
class Consensus:
    """Spans most annotators marked, and spans exactly half marked (ties to adjudicate)."""

    agreed: list[Span]
    tied: list[Span]


def consensus_spans(
    by_annotator: list[list[Span]], threshold: float, tolerance: float | None = None
) -> Consensus:
    """Cluster matching spans across annotators; boundaries are the median of each cluster."""
    clusters: list[list[tuple[int, Span]]] = []
    for who, spans in enumerate(by_annotator):
        reps = [members[0][1] for members in clusters]
        pairs = matches(spans, reps, threshold, tolerance)
        for i, j in pairs:
            clusters[j].append((who, spans[i]))
        matched = {i for i, _ in pairs}
        clusters.extend([(who, s)] for k, s in enumerate(spans) if k not in matched)
    half = len(by_annotator) / 2
    agreed, tied = [], []
    for members in clusters:
        votes = len({who for who, _ in members})
        merged = _median_span([s for _, s in members])
        if votes > half:
            agreed.append(merged)
        elif votes == half:
            tied.append(merged)
    order = lambda s: (s["start"], s["end"], s["label"])  # noqa: E731
    return Consensus(sorted(agreed, key=order), sorted(tied, key=order))


def _median_span(spans: list[Span]) -> Span:
    """One span for a cluster: median start and end (one annotator's boundary is not gold)."""
    first = spans[0]
    if len(spans) == 1 or all(boundary_gap(first, s) == 0 for s in spans):
        return dict(first)
    start, end = median(s["start"] for s in spans), median(s["end"] for s in spans)
    if isinstance(first["start"], int):
        start, end = round(start), round(end)
    return dict(first) | {"start": start, "end": end}


def majority_spans(
    by_annotator: list[list[Span]], threshold: float, tolerance: float | None = None
) -> list[Span]:
    """Spans that more than half of the annotators marked (matched by label and agreement)."""
    return consensus_spans(by_annotator, threshold, tolerance).agreed
