"""Sampling is reproducible and each strategy picks what it promises."""

from __future__ import annotations

import polars as pl

from annotation.config import SamplingSpec
from annotation.sampling import allocate, sample


def _table(n: int = 40) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "key": [f"r{i:03d}" for i in range(n)],
            "unit": ["a"] * (n // 2) + ["b"] * (n // 4) + ["c"] * (n - n // 2 - n // 4),
            "score": [None if i % 10 == 0 else (i % 7) / 7 for i in range(n)],
        }
    )


def test_random_sample_depends_only_on_seed_and_keys() -> None:
    spec = SamplingSpec(size=10, seed=42)
    first = sample(_table(), spec, "key").get_column("key").to_list()
    shuffled = _table().sample(fraction=1.0, shuffle=True, seed=1)
    assert sample(shuffled, spec, "key").get_column("key").to_list() == first
    other = sample(_table(), SamplingSpec(size=10, seed=43), "key").get_column("key").to_list()
    assert len(set(first)) == 10 and first != other


def test_allocation_is_proportional_with_largest_remainders() -> None:
    # quotas for 5 of (6, 3, 1): 3.0, 1.5, 0.5; the .5 tie goes to the first stratum by name
    assert allocate({"a": 6, "b": 3, "c": 1}, 5) == {"a": 3, "b": 2, "c": 0}
    assert allocate({"a": 1, "b": 9}, 4) == {"a": 0, "b": 4}
    assert allocate({"a": 2, "b": 2}, 10) == {"a": 2, "b": 2}


def test_stratified_sample_follows_the_allocation() -> None:
    table = _table(40)  # a: 20, b: 10, c: 10
    chosen = sample(table, SamplingSpec(size=8, strategy="stratified", column="unit"), "key")
    counts = dict(chosen.group_by("unit").len().iter_rows())
    assert counts == {"a": 4, "b": 2, "c": 2}


def test_stratified_sample_keeps_null_strata() -> None:
    table = pl.DataFrame({"key": ["1", "2", "3", "4"], "unit": ["a", None, "a", None]})
    chosen = sample(table, SamplingSpec(size=2, strategy="stratified", column="unit"), "key")
    assert chosen.get_column("unit").null_count() == 1
    assert chosen.get_column("unit").drop_nulls().to_list() == ["a"]


def test_uncertainty_first_takes_unscored_then_least_confident() -> None:
    table = pl.DataFrame({"key": list("abcde"), "score": [0.9, None, 0.2, 0.55, 0.1]})
    spec = SamplingSpec(size=3, strategy="uncertainty", score_column="score")
    assert sample(table, spec, "key").get_column("key").to_list() == ["b", "e", "c"]
    spec = SamplingSpec(
        size=3, strategy="uncertainty", score_column="score", score_kind="probability"
    )
    # distance from 0.5: a .4, c .3, d .05, e .4; unscored b first
    assert sample(table, spec, "key").get_column("key").to_list() == ["b", "d", "c"]


def test_small_tables_are_taken_whole() -> None:
    table = _table(5)
    assert sample(table, SamplingSpec(size=50), "key").height == 5
    assert sample(table.head(0), SamplingSpec(size=5), "key").height == 0
