"""Stage functions run with small streaming morsels and leave the caller's setting alone."""

from __future__ import annotations

import os

import polars as pl
import pytest

from pipelines.morsels import MORSEL_ROWS, bounded_morsels

ENV = "POLARS_IDEAL_MORSEL_SIZE"  # where polars keeps its streaming chunk size


def test_setting_applies_inside_and_is_restored_after() -> None:
    seen: list[str | None] = []

    @bounded_morsels
    def stage(x: int) -> int:
        seen.append(os.environ.get(ENV))
        return pl.DataFrame({"x": [x]}).lazy().with_columns(pl.col("x") * 2).collect().item()

    before = os.environ.get(ENV)
    assert stage(21) == 42
    assert seen == [str(MORSEL_ROWS)]
    assert os.environ.get(ENV) == before


def test_setting_is_restored_when_the_stage_fails() -> None:
    @bounded_morsels
    def broken() -> None:
        raise RuntimeError("stage failed")

    before = os.environ.get(ENV)
    with pytest.raises(RuntimeError, match="stage failed"):
        broken()
    assert os.environ.get(ENV) == before
