"""Checks given distinct values read before find exactly what they find reading the table."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.audit.distinct import distinct_values
from privacy.audit.text_search import possible_patterns
from quality.encoding import replacement_characters

TEXT = st.none() | st.text(alphabet="ab1-\ufffd", max_size=10)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(TEXT, TEXT), max_size=6),
    patterns=st.lists(st.text(alphabet="ab1-", min_size=1, max_size=8), max_size=5, unique=True),
)
def test_given_values_prune_soundly_and_count_the_same(
    rows: list[tuple[str | None, str | None]], patterns: list[str]
) -> None:
    frame = pl.LazyFrame(rows, schema={"x": pl.String, "y": pl.String}, orient="row")
    values = distinct_values(frame, ["x", "y"])
    kept = possible_patterns(frame, ["x", "y"], patterns, values)
    occurring = [p for p in patterns if any(v and p in v for row in rows for v in row)]
    assert set(occurring) <= set(kept)
    assert kept == [p for p in patterns if p in kept]
    assert replacement_characters(frame, values) == replacement_characters(frame)


def test_integer_values_are_compared_as_their_text() -> None:
    frame = pl.LazyFrame(
        {"mmsi": [412000001, None, 412000001, 413000002], "f": [0.0, -0.0, 1.5, 2]}
    )
    values = distinct_values(frame, ["mmsi", "f"])
    assert sorted(values["mmsi"].to_list()) == [412000001, 413000002]
    assert sorted(values["f"].to_list()) == sorted({"0.0", "-0.0", "1.5", "2.0"})
