"""A jump larger than the process can make between two samples is a spike or a sensor step."""

import polars as pl

from quality.rules.base import register
from quality.rules.sensor_base import SERIES, SensorRule, flagged, in_series_order, prev


@register
class SensorSpike(SensorRule):
    """Readings whose increment from the previous one exceeds the tag's step limit.

    The limit is `max_step` (per tag from the dictionary, or for every tag) or, for tags
    without one, `max_step_sigmas` times the standard deviation of the series' increments
    (a noise scale for simulated runs, which have no instrument limits). An isolated spike
    (out and straight back) flags only the spike, not the return; with `steps: false`
    lasting level shifts are not flagged.
    """

    name = "sensor_spike"
    params_allowed = frozenset({"max_step", "max_step_sigmas", "steps"})

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag spikes (and steps) per series."""
        ordered = in_series_order(frame.filter(pl.col("value").is_not_null()))
        ordered = self.per_tag(ordered, "max_step", self.params.get("max_step"), "_limit")
        d_in = pl.col("value") - prev(pl.col("value"))
        ordered = ordered.with_columns(d_in.alias("_in"))
        sigmas = self.params.get("max_step_sigmas")
        if sigmas is not None:
            noise = pl.col("_in").std().over(list(SERIES))
            ordered = ordered.with_columns(
                pl.col("_limit").fill_null(noise * float(sigmas)).alias("_limit")
            )
        big_in = pl.col("_in").abs() > pl.col("_limit")
        d_out = prev(pl.col("_in"), -1)  # the increment out of this reading
        big_out = (d_out.abs() > pl.col("_limit")) & (d_out.sign() != pl.col("_in").sign())
        spike = big_in & big_out.fill_null(False)
        scored = ordered.with_columns(spike.fill_null(False).alias("_spike"))
        after_spike = prev(pl.col("_spike")).fill_null(False)
        step = big_in & ~pl.col("_spike") & ~after_spike
        mask = pl.col("_spike") | (step if self.params.get("steps", True) else pl.lit(False))
        return flagged(
            scored,
            mask,
            pl.format(
                "{} {} of {} exceeds the step limit {}",
                "tag",
                pl.when(pl.col("_spike")).then(pl.lit("spike")).otherwise(pl.lit("step")),
                pl.col("_in").round(6),
                pl.col("_limit").round(6),
            ),
        )
