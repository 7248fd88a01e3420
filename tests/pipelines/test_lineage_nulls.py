"""Lineage null counts come from the Parquet footer and equal a full scan's."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.lineage import parquet_nulls


def _scan_nulls(path: Path) -> dict[str, int]:
    row = pl.scan_parquet(path).select(pl.all().null_count()).collect().row(0, named=True)
    return {n: int(v) for n, v in row.items()}


@settings(max_examples=40, deadline=None)
@given(
    ints=st.lists(st.one_of(st.none(), st.integers(-(2**40), 2**40)), max_size=300),
    group=st.integers(1, 64),
)
def test_footer_nulls_equal_a_scan(tmp_path_factory, ints: list[int | None], group: int) -> None:
    path = tmp_path_factory.mktemp("nulls") / "t.parquet"
    frame = pl.DataFrame(
        {
            "a": pl.Series(ints, dtype=pl.Int64),
            "b": pl.Series([None if v is None else str(v) for v in reversed(ints)], dtype=pl.Utf8),
        }
    )
    frame.write_parquet(path, row_group_size=group)
    rows, nulls = parquet_nulls(path)
    assert rows == len(ints)
    assert {n: nulls.get(n, 0) for n in frame.columns} == _scan_nulls(path)


def test_nested_columns_fall_back_to_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "nested.parquet"
    pl.DataFrame({"x": [[1, 2], None, [3]], "y": [None, "a", None]}).write_parquet(path)
    rows, nulls = parquet_nulls(path)
    assert rows == 3 and nulls == {"x": 1, "y": 2}
