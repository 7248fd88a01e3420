"""Coordinates must be on the globe; 'not available' sentinels were already nulled at ingest."""

import polars as pl

from quality.rules.base import RowRule, register


@register
class CoordinateRange(RowRule):
    """Rows with latitude outside [-90, 90] or longitude outside [-180, 180], or a half-null fix."""

    name = "coordinate_range"
    columns = ("lat", "lon")
    scope = "row"

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag impossible or half-missing coordinates."""
        lat, lon = pl.col("lat"), pl.col("lon")
        out_of_range = ~lat.is_between(-90, 90) | ~lon.is_between(-180, 180)
        half = lat.is_null() != lon.is_null()
        return frame.filter(out_of_range.fill_null(False) | half).select(
            "_row", pl.format("lat {} lon {} is not a position on Earth", lat, lon).alias("detail")
        )
