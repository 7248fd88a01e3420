"""Overlap rules shared by both detection paths, including the merging of name parts."""

from __future__ import annotations

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
