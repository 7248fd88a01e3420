"""Native polars expectations agree with Great Expectations on the same data."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from quality.config import ExpectationConfig
from quality.expectations import evaluate_polars
from quality.gx_suite import evaluate_gx

EXPECTATIONS = [
    ExpectationConfig(expect="not_null", column="a"),
    ExpectationConfig(expect="not_null", column="a", mostly=0.7),
    ExpectationConfig(expect="between", column="a", min=0, max=100),
    ExpectationConfig(expect="between", column="a", min=0, max=100, mostly=0.6),
    ExpectationConfig(expect="between", column="f", min=-1.5, max=1.5),
    ExpectationConfig(expect="in_set", column="b", values=["A", "B"]),
    ExpectationConfig(expect="regex", column="b", pattern="^[AB]$"),
    ExpectationConfig(expect="unique", column="u"),
    ExpectationConfig(expect="unique", column="a"),
]


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    n = 2500
    frame = pl.DataFrame(
        {
            "a": [None if i % 7 == 0 else (i % 130) for i in range(n)],
            "f": [None if i % 11 == 0 else ((i % 40) - 20) / 10 for i in range(n)],
            "b": [["A", "B", "C", None][i % 4] for i in range(n)],
            "u": list(range(n)),
        }
    )
    path = tmp_path_factory.mktemp("gx") / "t.parquet"
    frame.write_parquet(path)
    return path


def _key(r) -> tuple:
    return (r.expect, r.column, r.success, r.element_count, r.unexpected_count, r.counted)


def test_polars_equals_gx_single_batch(table: Path) -> None:
    native = evaluate_polars(pl.scan_parquet(table), EXPECTATIONS)
    reference = evaluate_gx(table, EXPECTATIONS, batch_rows=10_000)
    assert [r.engine for r in reference] == ["great_expectations"] * len(EXPECTATIONS)
    assert [_key(r) for r in native] == [_key(r) for r in reference]


def test_polars_equals_gx_over_bounded_batches(table: Path) -> None:
    native = evaluate_polars(pl.scan_parquet(table), EXPECTATIONS)
    batched = evaluate_gx(table, EXPECTATIONS, batch_rows=600)
    assert [_key(r) for r in native] == [_key(r) for r in batched]
    assert {r.engine for r in batched if r.expect == "unique"} == {"polars"}


def test_results_can_fail(table: Path) -> None:
    native = evaluate_polars(pl.scan_parquet(table), EXPECTATIONS)
    assert not native[0].success and native[1].success  # nulls: 1/7 share vs mostly 0.7
    assert not native[2].success and native[3].success  # 26/130 out of range vs mostly 0.6
    assert native[7].success and not native[8].success
