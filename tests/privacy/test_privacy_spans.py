"""Overlap rules shared by both detection paths, including the merging of name parts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.detect.entities import (
    CN_BANK_CARD,
    CN_RESIDENT_ID,
    MERGED_ON_OVERLAP,
    PERSON,
    PRIORITY,
)
from privacy.detect.spans import Span, resolve_overlaps

TEXT = "Patient John Smith-Jones arrived"


def span(start: int, end: int, entity: str, score: float) -> Span:
    return Span(start, end, entity, score, TEXT[start:end])


def test_overlapping_name_parts_become_their_union() -> None:
    spans = [span(13, 18, PERSON, 0.85), span(8, 18, PERSON, 0.8), span(14, 24, PERSON, 0.6)]
    (merged,) = resolve_overlaps(spans, PRIORITY, MERGED_ON_OVERLAP)
    assert (merged.start, merged.end, merged.score) == (8, 24, 0.85)
    assert merged.text == TEXT[8:24] == "John Smith-Jones"


def test_without_merge_the_better_name_part_wins() -> None:
    spans = [span(13, 18, PERSON, 0.85), span(8, 18, PERSON, 0.8)]
    assert resolve_overlaps(spans, PRIORITY) == [spans[0]]


def test_identifiers_are_not_merged() -> None:
    text = "110105194912310021"
    rid = Span(0, 18, CN_RESIDENT_ID, 0.95, text)
    card = Span(0, 16, CN_BANK_CARD, 0.6, text[:16])
    assert resolve_overlaps([rid, card], PRIORITY, MERGED_ON_OVERLAP) == [rid]


def test_separate_names_stay_separate() -> None:
    spans = [span(8, 12, PERSON, 0.8), span(13, 18, PERSON, 0.8)]
    assert resolve_overlaps(spans, PRIORITY, MERGED_ON_OVERLAP) == spans


def _resolve_naively(spans: list[Span], priority: dict[str, int]) -> list[Span]:
    """The rule of resolve_overlaps, checking every kept span (the reference)."""
    ordered = sorted(
        spans,
        key=lambda s: (-s.score, -(s.end - s.start), priority.get(s.entity_type, 99), s.start),
    )
    kept: list[Span] = []
    for span in ordered:
        beaten = any(
            not (span.end <= k.start or span.start >= k.end)
            and ((k.start <= span.start and span.end <= k.end) or span.entity_type == k.entity_type)
            for k in kept
        )
        if not beaten:
            kept.append(span)
    return sorted(kept, key=lambda s: (s.start, s.end, s.entity_type))


SPAN = st.builds(
    lambda start, length, kind, score: Span(start, start + length, kind, score, "x" * length),
    st.integers(0, 60),
    st.integers(1, 25),
    st.sampled_from(["PERSON", "CN_MOBILE", "ADDRESS"]),
    st.sampled_from([0.4, 0.6, 0.85, 0.95]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(SPAN, max_size=30))
def test_overlap_resolution_matches_checking_every_kept_span(spans: list[Span]) -> None:
    priority = {"CN_MOBILE": 0, "ADDRESS": 1}
    assert resolve_overlaps(spans, priority) == _resolve_naively(spans, priority)
