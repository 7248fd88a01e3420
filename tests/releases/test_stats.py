"""Release statistics: text columns' distinct counts are exact, whoever computes them."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from connectors.base import parquet_null_counts
from privacy.audit.distinct import distinct_values
from releases.stats import (
    column_statistics,
    null_figures,
    statistics_exprs,
    statistics_of,
    with_distinct,
)


def test_text_distinct_is_exact_and_the_same_from_values_read_before(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    frame = pl.DataFrame(
        {
            "name": ["a", None, "b", "a", "c", None],
            "code": ["x", "x", "x", "x", "x", "x"],
            "n": [1, 2, 2, 3, 3, 3],
        }
    )
    frame.write_parquet(path)
    published = column_statistics([path])
    assert published["name"]["distinct_approx"] == 4  # a, b, c and null
    assert published["code"]["distinct_approx"] == 1
    assert published["n"]["distinct_approx"] == 3
    lf = pl.scan_parquet(path)
    schema = lf.collect_schema()
    row = lf.select(statistics_exprs(schema, counted=True)).collect().row(0, named=True)
    counted = with_distinct(statistics_of(schema, row), distinct_values(lf, ["name", "code"]))
    assert counted == published
    # the scrub's audit: null counts from the footer, the select reading no text column
    row = lf.select(statistics_exprs(schema, counted=True, nulls=False)).collect()
    figures = row.row(0, named=True) | null_figures(parquet_null_counts(path))
    footer = with_distinct(statistics_of(schema, figures), distinct_values(lf, ["name", "code"]))
    assert footer == published and footer["name"]["null_count"] == 2
    assert (counted["name"]["min"], counted["name"]["max"]) == ("a", "c")


def test_mean_and_std_are_the_same_on_every_read_of_one_file(tmp_path: Path) -> None:
    """Parallel sums vary in the last bits (seen: 4 different means in 8 reads of this file)."""
    import numpy as np

    rng = np.random.default_rng(1)
    values = rng.normal(size=1_000_000) * 1e3 + rng.random(1_000_000)
    path = tmp_path / "x.parquet"
    pl.DataFrame({"x": values}).write_parquet(path, row_group_size=20_000)
    seen = {(s["x"]["mean"], s["x"]["std"]) for s in (column_statistics([path]) for _ in range(8))}
    assert len(seen) == 1
    ((mean, std),) = seen
    assert mean == float(f"{values.mean():.12g}")
    assert abs(std - values.std(ddof=1)) <= 1e-9 * std
