"""A signal that repeats one value for too long is a frozen transmitter or a held last value."""

import polars as pl

from quality.rules.base import register
from quality.rules.sensor_base import SERIES, SensorRule, flagged, in_series_order, prev


@register
class SensorStuck(SensorRule):
    """Repeats within a flat run of at least `min_samples` readings (|change| <= `tolerance`).

    The first reading of the run is genuine; the repeats after it are flagged. Per tag,
    `stuck_samples` and `stuck_tolerance` in the tag dictionary override the two params.
    """

    name = "sensor_stuck"
    params_allowed = frozenset({"min_samples", "tolerance"})

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Find flat runs per series (missing values skipped) and flag their repeats."""
        ordered = in_series_order(frame.filter(pl.col("value").is_not_null()))
        ordered = self.per_tag(ordered, "stuck_samples", self.params.get("min_samples", 10), "_min")
        ordered = self.per_tag(
            ordered, "stuck_tolerance", self.params.get("tolerance", 0.0), "_tol"
        )
        change = (pl.col("value") - prev(pl.col("value"))).abs()
        moved = (change > pl.col("_tol")).fill_null(True)
        runs = ordered.with_columns(moved.cast(pl.Int32).cum_sum().over(list(SERIES)).alias("_run"))
        group = [*SERIES, "_run"]
        runs = runs.with_columns(
            pl.len().over(group).alias("_len"),
            pl.int_range(pl.len()).over(group).alias("_pos"),
        )
        return flagged(
            runs,
            (pl.col("_len") >= pl.col("_min")) & (pl.col("_pos") > 0),
            pl.format(
                "{} unchanged at {} for {} readings (limit {})", "tag", "value", "_len", "_min"
            ),
        )
