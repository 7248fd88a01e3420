"""Comparing labeled spans (text offsets or time segments) between annotators."""

from __future__ import annotations

from typing import Any

Span = dict[str, Any]


def iou(a: Span, b: Span) -> float:
    """Intersection over union of two intervals; zero-length segments match only themselves."""
    inter = max(0.0, min(a["end"], b["end"]) - max(a["start"], b["start"]))
    union = (a["end"] - a["start"]) + (b["end"] - b["start"]) - inter
    if union <= 0:
        return 1.0 if (a["start"], a["end"]) == (b["start"], b["end"]) else 0.0
    return inter / union


def matches(a: list[Span], b: list[Span], threshold: float) -> list[tuple[int, int]]:
    """One-to-one pairs (i, j) of same-label spans with IoU >= threshold, best overlap first."""
    candidates = [
        (iou(x, y), i, j)
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
    a: list[Span], b: list[Span], threshold: float, label: str | None = None
) -> tuple[int, int]:
    """(matched spans, total spans of both) for one pair, optionally for one label only."""
    if label is not None:
        a = [s for s in a if s["label"] == label]
        b = [s for s in b if s["label"] == label]
    return len(matches(a, b, threshold)), len(a) + len(b)


def f1(matched: int, total: int) -> float | None:
    """Span F1 from pooled counts: 2 x matched / (spans of A + spans of B); None when no spans."""
    return None if total == 0 else 2 * matched / total


def majority_spans(by_annotator: list[list[Span]], threshold: float) -> list[Span]:
    """Spans that more than half of the annotators marked (matched by label and IoU)."""
    clusters: list[tuple[Span, set[int]]] = []
    for who, spans in enumerate(by_annotator):
        pairs = matches(spans, [rep for rep, _ in clusters], threshold)
        for _, j in pairs:
            clusters[j][1].add(who)
        matched = {i for i, _ in pairs}
        clusters.extend((s, {who}) for k, s in enumerate(spans) if k not in matched)
    need = len(by_annotator) / 2
    kept = [rep for rep, who in clusters if len(who) > need]
    return sorted(kept, key=lambda s: (s["start"], s["end"], s["label"]))
