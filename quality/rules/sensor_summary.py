"""Per-run summary of the sensor checks (Pecos' QC summary): how much of each run each flagged."""

from __future__ import annotations

import polars as pl

from quality.config import RuleConfig
from quality.rules.base import get_rule
from quality.rules.sensor_base import ROW, SensorRule

SUMMARY_SCHEMA = pl.Schema(
    {
        "run_id": pl.String(),
        "check": pl.String(),
        "action": pl.String(),
        "readings": pl.UInt32(),
        "flagged": pl.UInt32(),
        "tags_flagged": pl.UInt32(),
        "share": pl.Float64(),
    }
)


def sensor_summary(
    readings: pl.DataFrame | pl.LazyFrame,
    rules: list[RuleConfig],
    known: dict[int, pl.Series] | None = None,
) -> pl.DataFrame:
    """One row per run and sensor check: readings, readings flagged, tags affected, share.

    Every check sees all readings (unlike the gate, where a quarantined reading is not seen by
    later rules), so the counts describe each property on its own. Rules that are not sensor
    checks are left out. `known` maps a rule's position in `rules` to the rows (`_row`, the
    position in `readings`) it hit over all readings, as the gate found them, so it is not run
    again.
    """
    known = known or {}
    checks = [(i, cfg, get_rule(cfg.rule, cfg.params)) for i, cfg in enumerate(rules)]
    checks = [(i, cfg, rule) for i, cfg, rule in checks if isinstance(rule, SensorRule)]
    to_run = [rule for i, _, rule in checks if i not in known]
    needed = sorted({c for rule in to_run for c in rule.needed_columns()} | {"run_id", "tag"})
    frame = readings.lazy().select(needed).collect().with_row_index(ROW)
    totals = frame.group_by("run_id").agg(pl.len().cast(pl.UInt32).alias("readings"))
    parts = [pl.DataFrame(schema=SUMMARY_SCHEMA)]
    for i, cfg, rule in checks:
        if i in known:
            hits = known[i].cast(frame.schema[ROW]).to_frame(ROW)
        else:
            hits = rule.violations(frame).select(ROW).unique()
        counted = (
            frame.join(hits, on=ROW, how="semi")
            .group_by("run_id")
            .agg(
                pl.len().cast(pl.UInt32).alias("flagged"),
                pl.col("tag").n_unique().cast(pl.UInt32).alias("tags_flagged"),
            )
        )
        parts.append(
            totals.join(counted, on="run_id", how="left")
            .with_columns(
                pl.lit(cfg.rule).alias("check"),
                pl.lit(cfg.action).alias("action"),
                pl.col("flagged").fill_null(0),
                pl.col("tags_flagged").fill_null(0),
            )
            .with_columns((pl.col("flagged") / pl.col("readings")).alias("share"))
            .select(SUMMARY_SCHEMA.names())
        )
    return pl.concat(parts).sort("run_id", "check", nulls_last=True)
