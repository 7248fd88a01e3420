"""A day's file re-sent in another order changes only where rows came from: PATCH, not MAJOR."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from release_helpers import fixes

from releases.store import ReleaseStore

DS = "marine/fixes_lineage"


def _day(frame: pl.DataFrame, order: list[int]) -> pl.DataFrame:
    """The frame's rows in `order`, each with the raw line it was read from."""
    rows = frame[order]
    return rows.with_columns(
        pl.lit("day.csv").alias("source_file"),
        pl.int_range(2, rows.height + 2, dtype=pl.Int64).alias("source_line"),
    )


def test_rows_from_other_lines_of_a_resent_file_are_a_patch(
    store: ReleaseStore, publish_frames: Callable
) -> None:
    day = fixes(40)
    first = publish_frames(store, DS, {"fixes": {"d1": _day(day, list(range(40)))}})
    assert first.version == "1.0.0"
    resent = _day(day, list(range(39, -1, -1)))  # the same rows, last line first
    again = publish_frames(store, DS, {"fixes": {"d1": resent}})
    assert (again.version, again.change.kind) == ("1.0.1", "PATCH")
    assert again.change.rows_removed_or_changed == 0
    assert "40 rows now come from other source lines" in again.change.summary

    edited = resent.with_columns(
        pl.when(pl.col("sog") == 3.0).then(99.0).otherwise(pl.col("sog")).alias("sog")
    )
    changed = publish_frames(store, DS, {"fixes": {"d1": edited}})
    assert (changed.version, changed.change.kind) == ("2.0.0", "MAJOR")
    assert changed.change.rows_removed_or_changed == (edited["sog"] == 99.0).sum()
