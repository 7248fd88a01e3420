"""The same fix heard by several receivers is one observation, not several."""

import polars as pl

from quality.rules.base import RowRule, register
from quality.rules.tracks import TRACK_ORDER, by_track


@register
class DuplicateFix(RowRule):
    """Rows repeating an earlier report of the same vessel, time and position."""

    name = "duplicate_fix"
    columns = ("mmsi", "timestamp", "timestamp_source", "lat", "lon")
    scope = "group"
    group_key = "mmsi"
    order = TRACK_ORDER

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Keep the first report (by file and line) of each fix; later copies are duplicates.

        Fixes without a real timestamp (file date only) cannot be told apart from a moored
        vessel's repeated reports, so they are never called duplicates.
        """
        timed = frame.filter(
            pl.col("timestamp").is_not_null() & ~pl.col("timestamp_source").is_in(["file_date"])
        ).select("_row", "mmsi", "timestamp", pl.col("lat").round(5), pl.col("lon").round(5))
        # In track order (the gate sorts a bucket once for every per-vessel rule, so this is a
        # check) copies of a fix are neighbours in vessel and time: the few rows sharing both
        # with a neighbour are the candidates, and the exact key decides among them.
        timed = by_track(timed)
        same = pl.col("mmsi").eq_missing(pl.col("mmsi").shift(1)) & (
            pl.col("timestamp") == pl.col("timestamp").shift(1)
        )
        candidates = timed.filter(same.fill_null(False) | same.shift(-1).fill_null(False))
        # Equal fixes keep their input (file-then-line) order: the first distinct key is the
        # first report.
        key = pl.struct("mmsi", "timestamp", "lat", "lon")
        return candidates.filter(~key.is_first_distinct()).select(
            "_row",
            pl.format("duplicate of an earlier report of mmsi {} at {}", "mmsi", "timestamp").alias(
                "detail"
            ),
        )
