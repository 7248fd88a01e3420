"""The same fix heard by several receivers is one observation, not several."""

import polars as pl

from quality.rules.base import RowRule, register


@register
class DuplicateFix(RowRule):
    """Rows repeating an earlier report of the same vessel, time and position."""

    name = "duplicate_fix"
    columns = ("mmsi", "timestamp", "timestamp_source", "lat", "lon")
    scope = "group"
    group_key = "mmsi"

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Keep the first report (by file and line) of each fix; later copies are duplicates.

        Fixes without a real timestamp (file date only) cannot be told apart from a moored
        vessel's repeated reports, so they are never called duplicates.
        """
        timed = frame.filter(
            pl.col("timestamp").is_not_null() & ~pl.col("timestamp_source").is_in(["file_date"])
        ).select("_row", "mmsi", "timestamp", pl.col("lat").round(5), pl.col("lon").round(5))
        # A 64-bit hash finds the few candidate rows cheaply (equal neighbours once sorted: a
        # third cheaper than `is_duplicated`); the exact key decides among them.
        key = pl.struct("mmsi", "timestamp", "lat", "lon")
        hashes = timed.select("_row", h=key.hash()).sort("h")
        h = pl.col("h")
        shared = hashes.filter((h == h.shift(1)) | (h == h.shift(-1))).get_column("_row")
        candidates = timed.filter(pl.col("_row").is_in(shared.implode()))
        # Frames arrive in file-then-line order: the first distinct key is the first report.
        return candidates.filter(~key.is_first_distinct()).select(
            "_row",
            pl.format("duplicate of an earlier report of mmsi {} at {}", "mmsi", "timestamp").alias(
                "detail"
            ),
        )
