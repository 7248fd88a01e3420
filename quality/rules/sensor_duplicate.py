"""Two readings of one tag at one time are one measurement, or a conflict; never two."""

import polars as pl

from quality.rules.base import register
from quality.rules.sensor_base import ROW, SERIES, SensorRule, flagged


@register
class SensorDuplicateTimestamp(SensorRule):
    """Readings repeating the series and timestamp of an earlier reading (file order)."""

    name = "sensor_duplicate_timestamp"

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Keep the first reading of each (run, tag, time); say whether later ones conflict."""
        key = [*SERIES, "timestamp"]
        # Only keys read more than once can hold a repeat: the windows run over those few rows.
        repeated = frame.filter(pl.col("timestamp").is_not_null() & pl.struct(key).is_duplicated())
        ordered = repeated.sort(ROW).with_columns(
            pl.col("value").first().over(key).alias("_first"),
            pl.int_range(pl.len()).over(key).alias("_nth"),
        )
        same = pl.col("value").eq_missing(pl.col("_first"))
        return flagged(
            ordered,
            pl.col("timestamp").is_not_null() & (pl.col("_nth") > 0),
            pl.format(
                "reading {} of {} at {} ({})",
                pl.col("_nth") + 1,
                "tag",
                "timestamp",
                pl.when(same).then(pl.lit("same value")).otherwise(pl.lit("conflicting value")),
            ),
        )
