"""The equality guard counts every added or removed span, per corpus."""

from __future__ import annotations

from bench.pii_span_diff import compare, with_han


def test_identical_runs_have_no_changed_spans() -> None:
    run = {"notes": [[[0, 2, "PERSON"]], []]}
    assert compare(run, run) == 0


def test_moved_added_and_removed_spans_are_counted() -> None:
    old = {"notes": [[[0, 2, "PERSON"], [5, 16, "CN_MOBILE"]], [[1, 3, "PERSON"]]]}
    new = {"notes": [[[0, 3, "PERSON"], [5, 16, "CN_MOBILE"]], [[1, 3, "PERSON"], [4, 6, "X"]]]}
    # text 0: one span moved (removed + added); text 1: one added
    assert compare(old, new) == 3


def test_han_mutation_keeps_the_words_and_is_repeatable() -> None:
    text = "He lives at 89 Main Street, Springfield, IL 62704."
    mutated = with_han(text, 3)
    assert mutated == with_han(text, 3)
    assert mutated != text
    assert all(word in mutated for word in text.split(" "))
