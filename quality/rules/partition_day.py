"""A row dated outside its partition's day (1970, 2099, the next day) is not that day's record."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from quality.rules.base import RowRule, register

OUTSIDE_PARTITION_DAY = "outside_partition_day"


@register
class OutsidePartitionDay(RowRule):
    """Rows whose time `column` falls outside [`start`, `end`) widened by `tolerance_minutes`.

    Params: `column`, `partition` (the key named in the detail), `start` and `end` (ISO
    datetimes with offset: the day's bounds in its zone), `tolerance_minutes`. A null time is
    left to the not-null expectations.
    """

    name = OUTSIDE_PARTITION_DAY
    scope = "row"

    def needed_columns(self) -> tuple[str, ...]:
        """Only the record-time column."""
        return (str(self.params["column"]),)

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag times before start - tolerance or at/after end + tolerance."""
        column = str(self.params["column"])
        start = datetime.fromisoformat(str(self.params["start"]))
        end = datetime.fromisoformat(str(self.params["end"]))
        lo, hi = start.astimezone(UTC), end.astimezone(UTC)
        minutes = int(self.params.get("tolerance_minutes", 0))
        slack = pl.duration(minutes=minutes)
        when = pl.col(column)
        if frame.schema[column].time_zone is None:  # type: ignore[union-attr]
            when = when.dt.replace_time_zone("UTC")
        else:
            when = when.dt.convert_time_zone("UTC")
        outside = (when < pl.lit(lo) - slack) | (when >= pl.lit(hi) + slack)
        detail = pl.format(
            "{} {} is outside partition {} ({} to {}, tolerance {} min)",
            pl.lit(column),
            when.dt.convert_time_zone("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
            pl.lit(str(self.params["partition"])),
            pl.lit(start.isoformat()),
            pl.lit(end.isoformat()),
            pl.lit(minutes),
        )
        return frame.filter(outside.fill_null(False)).select("_row", detail.alias("detail"))
