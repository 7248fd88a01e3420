"""A reading outside the physical range of its instrument is a sensor fault, not the process."""

import polars as pl

from quality.rules.base import register
from quality.rules.sensor_base import SensorRule, flagged


@register
class SensorRange(SensorRule):
    """Readings below `low` or above `high` (per tag from the dictionary, or for every tag)."""

    name = "sensor_range"
    params_allowed = frozenset({"low", "high"})

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag values outside their tag's limits; tags without limits are not checked."""
        limited = self.per_tag(frame, "low", self.params.get("low"), "_low")
        limited = self.per_tag(limited, "high", self.params.get("high"), "_high")
        value = pl.col("value")
        below, above = value < pl.col("_low"), value > pl.col("_high")
        return flagged(
            limited,
            (below | above) & ~value.is_nan(),
            pl.when(below)
            .then(pl.format("{} = {} below its low limit {}", "tag", value, "_low"))
            .otherwise(pl.format("{} = {} above its high limit {}", "tag", value, "_high")),
        )
