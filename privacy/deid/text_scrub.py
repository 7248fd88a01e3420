"""Rewrite free texts given their detected spans: each entity type through its own operator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from privacy.deid.address_tails import extend_over_tails
from privacy.detect.spans import Span

if TYPE_CHECKING:
    from privacy.deid.operators.base import Operator, Secrets


def merge_overlaps(spans: Sequence[Span]) -> list[Span]:
    """Non-overlapping spans: overlapping ones merge into their union, typed by the best score."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            best = last if last.score >= span.score else span
            merged[-1] = Span(last.start, max(last.end, span.end), best.entity_type, best.score, "")
        else:
            merged.append(span)
    return merged


def scrub_texts(
    texts: Sequence[str],
    spans: Sequence[Sequence[Span]],
    operators: Mapping[str, Operator],
    default: Operator,
    secrets: Secrets,
) -> tuple[list[str], Counter[str]]:
    """Texts with every span replaced, and the number of spans replaced per entity type.

    Replacements are computed once per (entity type, distinct surface text), in one batch
    per entity type, so keyed operators hash or encrypt each value once. An address or place
    span is first stretched over the building, unit or room glued after it (address_tails).
    """
    merged = [
        merge_overlaps(extend_over_tails(text, s)) for text, s in zip(texts, spans, strict=True)
    ]
    wanted: dict[str, set[str]] = {}
    for text, found in zip(texts, merged, strict=True):
        for s in found:
            wanted.setdefault(s.entity_type, set()).add(text[s.start : s.end])
    table: dict[tuple[str, str], str] = {}
    for entity, values in wanted.items():
        ordered = sorted(values)
        op = operators.get(entity, default)
        for value, new in zip(ordered, op.replace(ordered, entity, secrets), strict=True):
            table[(entity, value)] = new
    out: list[str] = []
    counts: Counter[str] = Counter()
    for text, found in zip(texts, merged, strict=True):
        pieces, pos = [], 0
        for s in found:
            pieces.append(text[pos : s.start])
            pieces.append(table[(s.entity_type, text[s.start : s.end])])
            counts[s.entity_type] += 1
            pos = s.end
        pieces.append(text[pos:])
        out.append("".join(pieces))
    return out, counts
