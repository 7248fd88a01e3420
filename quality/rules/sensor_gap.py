"""A series that goes quiet for longer than its sampling allows has lost readings."""

import polars as pl

from quality.rules.base import register
from quality.rules.sensor_base import SensorRule, flagged, in_series_order, prev


@register
class SensorTimestampGap(SensorRule):
    """Readings that follow the previous reading of their series after more than the max gap.

    The limit is `max_gap_seconds`, per tag from the tag dictionary or for every tag.
    """

    name = "sensor_timestamp_gap"
    params_allowed = frozenset({"max_gap_seconds"})

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag the first reading after each gap, with the gap's length."""
        ordered = self.per_tag(
            in_series_order(frame), "max_gap_seconds", self.params.get("max_gap_seconds"), "_max"
        )
        gap = (pl.col("timestamp") - prev(pl.col("timestamp"))).dt.total_milliseconds() / 1000
        ordered = ordered.with_columns(gap.alias("_gap"))
        return flagged(
            ordered,
            pl.col("_gap") > pl.col("_max"),
            pl.format("gap of {} s since the previous reading exceeds {} s", "_gap", "_max"),
        )
