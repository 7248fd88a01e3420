"""A signal that repeats one value for too long is a frozen transmitter or a held last value."""

import polars as pl

from quality.rules.base import register
from quality.rules.sensor_base import SensorRule, flagged, in_series_order, prev


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
        # A series' first reading always moves, so a flat run is the stretch from a moving
        # reading to the next: its start and end found by filling, not by a window over
        # millions of one-reading runs (which cost 5 s per 5M readings).
        idx = pl.int_range(pl.len())
        runs = ordered.with_columns(moved.alias("_moved"))
        ends = pl.col("_moved").shift(-1).fill_null(True)
        runs = runs.with_columns(
            pl.when("_moved").then(idx).forward_fill().alias("_start"),
            pl.when(ends).then(idx).backward_fill().alias("_end"),
        ).with_columns(
            (pl.col("_end") - pl.col("_start") + 1).alias("_len"),
            (idx - pl.col("_start")).alias("_pos"),
        )
        return flagged(
            runs,
            (pl.col("_len") >= pl.col("_min")) & (pl.col("_pos") > 0),
            pl.format(
                "{} unchanged at {} for {} readings (limit {})", "tag", "value", "_len", "_min"
            ),
        )
