"""The lines a streamed table left out: gaps in source_line per file, across row groups."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.line_gaps import absent_lines


@settings(max_examples=60, deadline=None)
@given(
    kept=st.lists(st.lists(st.booleans(), max_size=40), min_size=1, max_size=3),
    aside=st.lists(st.integers(min_value=2, max_value=41), max_size=6),
    group=st.integers(min_value=1, max_value=9),
)
def test_absent_lines_are_the_lines_neither_kept_nor_set_aside(
    tmp_path_factory: pytest.TempPathFactory, kept: list[list[bool]], aside: list[int], group: int
) -> None:
    """Any files, any row group size: every data line not in the table and not set aside."""
    names = [f"f{i}.csv" for i in range(len(kept))]
    counts = [len(k) + 1 for k in kept]  # the header, then one line per flag
    set_aside = [np.array(sorted({a for a in aside if a <= c}), np.int64) for c in counts]
    rows = [
        (name, line)
        for name, flags, out in zip(names, kept, set_aside, strict=True)
        for line, keep in enumerate(flags, start=2)
        if keep and line not in out
    ]
    table = tmp_path_factory.mktemp("g") / "t.parquet"
    frame = pl.DataFrame(
        rows, schema={"source_file": pl.String, "source_line": pl.Int64}, orient="row"
    )
    frame.write_parquet(table, row_group_size=group)
    found = absent_lines(table, names, counts, set_aside)
    for index, (flags, out) in enumerate(zip(kept, set_aside, strict=True)):
        expected = [n for n, keep in enumerate(flags, start=2) if not keep and n not in out]
        assert found[index].tolist() == expected
