"""A reading without a value (or, optionally, marked bad at the source) carries no measurement."""

from typing import ClassVar

import polars as pl

from quality.rules.base import register
from quality.rules.sensor_base import SensorRule, flagged


@register
class SensorMissing(SensorRule):
    """Readings whose value is null or NaN; with `include_bad_quality`, also quality = bad."""

    name = "sensor_missing"
    columns: ClassVar[tuple[str, ...]] = ("run_id", "tag", "timestamp", "value", "quality")
    params_allowed = frozenset({"include_bad_quality"})

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag missing values, and bad-quality ones when asked."""
        empty = pl.col("value").is_null() | pl.col("value").is_nan()
        bad = pl.col("quality") == "bad"
        mask = empty | bad if self.params.get("include_bad_quality", False) else empty
        return flagged(
            frame,
            mask,
            pl.when(empty)
            .then(pl.format("no value for {} (source quality {})", "tag", "quality"))
            .otherwise(pl.format("{} marked bad at the source", "tag")),
        )
