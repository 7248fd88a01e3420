"""MMSI validity: nine digits with a ship-station MID (201-775, ITU-R M.585)."""

import polars as pl

from quality.rules.base import RowRule, register


@register
class MmsiValid(RowRule):
    """Rows whose MMSI is not a nine-digit ship-station identity."""

    name = "mmsi_valid"
    columns = ("mmsi",)
    scope = "row"

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag MMSIs outside 100000000-999999999 or with a MID outside 201-775."""
        mmsi = pl.col("mmsi")
        mid = mmsi // 1_000_000
        bad = (
            mmsi.is_null() | (mmsi < 100_000_000) | (mmsi > 999_999_999) | ~mid.is_between(201, 775)
        )
        return frame.filter(bad).select(
            "_row",
            pl.format("mmsi {} is not a 9-digit ship MMSI with MID 201-775", mmsi).alias("detail"),
        )
