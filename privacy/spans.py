"""The detection result type shared by the Presidio path and the fast scanner, and overlap rules."""

from __future__ import annotations

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


def resolve_overlaps(spans: list[Span], priority: dict[str, int] | None = None) -> list[Span]:
    """Drop a span overlapped by a better one of its type, or lying inside a better one of any type.

    Both detection paths call this so an 18-digit number is reported once (as a resident ID or
    a bank card, whichever scores higher). Recall first: a weaker span of another type that
    reaches outside the better one is kept, so no character loses its only detection.
    """
    rank = priority or {}
    ordered = sorted(
        spans,
        key=lambda s: (-s.score, -(s.end - s.start), rank.get(s.entity_type, 99), s.start),
    )
    kept: list[Span] = []
    for span in ordered:
        if not any(_beaten_by(span, k) for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end, s.entity_type))


def _beaten_by(span: Span, better: Span) -> bool:
    """True when `better` (scored at least as high) makes `span` redundant."""
    if span.end <= better.start or span.start >= better.end:
        return False
    inside = better.start <= span.start and span.end <= better.end
    return inside or span.entity_type == better.entity_type
