"""Null counts of a written Parquet file come from its statistics, or from a scan without them."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from connectors.base import parquet_null_counts

FRAME = pl.DataFrame(
    {"a": [1, None, 3, None] * 50, "b": ["x", None, None, None] * 50, "c": [0.5] * 200}
)


@pytest.mark.parametrize("statistics", [True, False])
def test_null_counts_match_the_data_with_or_without_statistics(
    tmp_path: Path, statistics: bool
) -> None:
    """Several row groups: per-column sums; a file without statistics is scanned instead."""
    path = tmp_path / "t.parquet"
    FRAME.write_parquet(path, statistics=statistics, row_group_size=30)
    assert parquet_null_counts(path) == {"a": 100, "b": 150, "c": 0}


def test_an_empty_table_has_no_nulls(tmp_path: Path) -> None:
    path = tmp_path / "e.parquet"
    FRAME.clear().write_parquet(path)
    assert parquet_null_counts(path) == {"a": 0, "b": 0, "c": 0}
