"""Pruning identifier patterns before a search: never drops one that occurs."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.audit import text_search
from privacy.audit.text_search import possible_patterns

TEXT = st.none() | st.text(alphabet="ab1-", max_size=10)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(TEXT, TEXT), max_size=6),
    patterns=st.lists(st.text(alphabet="ab1-", min_size=1, max_size=8), max_size=5, unique=True),
)
def test_every_pattern_that_occurs_is_kept_in_order(
    rows: list[tuple[str | None, str | None]], patterns: list[str]
) -> None:
    frame = pl.LazyFrame(rows, schema={"x": pl.String, "y": pl.String}, orient="row")
    kept = possible_patterns(frame, ["x", "y"], patterns)
    occurring = [p for p in patterns if any(v and p in v for row in rows for v in row)]
    assert set(occurring) <= set(kept)
    assert kept == [p for p in patterns if p in kept]


def test_patterns_absent_from_small_text_are_dropped() -> None:
    frame = pl.LazyFrame({"d": ["Body mass index", "Encounter for 1f0e3dad-99"] * 50})
    ids = ["1f0e3dad-99", "7c9e6679-74", "index"]
    assert possible_patterns(frame, ["d"], ids) == ["1f0e3dad-99", "index"]


def test_text_too_big_to_read_keeps_every_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_search, "PRUNE_BYTES", 10)
    frame = pl.LazyFrame({"d": [f"row {i}" for i in range(100)]})
    assert possible_patterns(frame, ["d"], ["7c9e6679", "row 42"]) == ["7c9e6679", "row 42"]
