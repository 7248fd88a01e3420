"""The detection result type shared by the Presidio path and the fast scanner, and overlap rules."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(slots=True, frozen=True, order=True)
class Span:
    """One detected entity: [start, end) offsets into the ORIGINAL text, plus its surface text."""

    start: int
    end: int
    entity_type: str
    score: float
    text: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form used by the CLI output."""
        return {
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
            "score": round(self.score, 4),
            "text": self.text,
        }


@dataclass(slots=True, frozen=True)
class Candidate:
    """A scored [start, end) found by a detector, before it is typed and mapped into a Span."""

    start: int
    end: int
    score: float


def join_overlapping(hits: Iterable[Candidate]) -> list[Candidate]:
    """Overlapping candidates become their union, scored by the best of them (recall first)."""
    out: list[Candidate] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            last = out[-1]
            out[-1] = Candidate(last.start, max(last.end, hit.end), max(last.score, hit.score))
        else:
            out.append(hit)
    return out


def resolve_overlaps(
    spans: list[Span],
    priority: dict[str, int] | None = None,
    merge: frozenset[str] = frozenset(),
) -> list[Span]:
    """Drop a span overlapped by a better one of its type, or lying inside a better one of any type.

    Both detection paths call this so an 18-digit number is reported once (as a resident ID or
    a bank card, whichever scores higher). Recall first: a weaker span of another type that
    reaches outside the better one is kept, so no character loses its only detection; and
    overlapping spans of a type in `merge` (names found by several recognizers, "Smith" and
    "John Smith") first become their union, so no part of the name is left unmasked.
    """
    if merge:
        spans = _merge_same_type(spans, merge)
    rank = priority or {}
    ordered = sorted(
        spans,
        key=lambda s: (-s.score, -(s.end - s.start), rank.get(s.entity_type, 99), s.start),
    )
    # Kept spans by start, so each span is checked only against those that can overlap it (a
    # start within the longest kept span's length before it): a 1 MB field holds ~10^5 spans,
    # and checking every kept one made this quadratic.
    starts: list[int] = []
    kept: list[Span] = []
    longest = 0
    for span in ordered:
        lo = bisect.bisect_left(starts, span.start - longest)
        hi = bisect.bisect_left(starts, span.end)
        if not any(_beaten_by(span, k) for k in kept[lo:hi]):
            at = bisect.bisect_right(starts, span.start)
            starts.insert(at, span.start)
            kept.insert(at, span)
            longest = max(longest, span.end - span.start)
    return sorted(kept, key=lambda s: (s.start, s.end, s.entity_type))


def _beaten_by(span: Span, better: Span) -> bool:
    """True when `better` (scored at least as high) makes `span` redundant."""
    if span.end <= better.start or span.start >= better.end:
        return False
    inside = better.start <= span.start and span.end <= better.end
    return inside or span.entity_type == better.entity_type


def _merge_same_type(spans: list[Span], merge: frozenset[str]) -> list[Span]:
    """Overlapping spans of a `merge` type become one span (best score), others pass through."""
    out = [s for s in spans if s.entity_type not in merge]
    for entity in sorted({s.entity_type for s in spans} & merge):
        group: list[Span] = []
        for span in sorted((s for s in spans if s.entity_type == entity), key=lambda s: s.start):
            last = group[-1] if group else None
            if last is None or span.start >= last.end:
                group.append(span)
            elif span.end > last.end or span.score > last.score:
                text = last.text
                if span.end > last.end:
                    text += span.text[last.end - span.start :]
                end = max(last.end, span.end)
                group[-1] = Span(last.start, end, entity, max(last.score, span.score), text)
        out.extend(group)
    return out
