"""Builders of small AIS tables for quality tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from schemas.ais import AIS_POSITIONS

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def fix(line: int, minute: float, lat: float, lon: float, **extra: Any) -> dict[str, Any]:
    """One timed position report of vessel 412000001 unless overridden."""
    row = {
        "mmsi": 412_000_001,
        "timestamp": T0 + timedelta(minutes=minute),
        "timestamp_source": "tag_block",
        "msg_type": 1,
        "lat": lat,
        "lon": lon,
        "transceiver_class": "A",
        "source_file": "a.nmea",
        "source_line": line,
    }
    return row | extra


def write_table(rows: list[dict[str, Any]], path: Path) -> Path:
    """Write rows conformed to the AIS contract as Parquet."""
    AIS_POSITIONS.conform(pl.DataFrame(rows)).collect().write_parquet(path)
    return path
