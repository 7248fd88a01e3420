"""Table contracts: conforming casts and violation reporting."""

from __future__ import annotations

import polars as pl

from schemas.ais import AIS_POSITIONS
from schemas.registry import get_schema, known_schemas


def test_registry_knows_ais() -> None:
    assert "ais_positions" in known_schemas()
    assert get_schema("ais_positions") is AIS_POSITIONS


def test_conform_orders_casts_and_fills_missing() -> None:
    frame = pl.DataFrame({"lat": ["38.9"], "mmsi": [412000001], "extra": [1]})
    out = AIS_POSITIONS.conform(frame).collect()
    assert out.columns == AIS_POSITIONS.names
    assert out.schema == AIS_POSITIONS.polars_schema()
    assert out["lat"].to_list() == [38.9]
    assert out["vessel_name"].to_list() == [None]


def test_violations_report_missing_wrong_type_nulls_and_extra() -> None:
    schema = AIS_POSITIONS.polars_schema()
    observed = pl.Schema(
        {n: (pl.String() if n == "lat" else t) for n, t in schema.items() if n != "lon"}
        | {"junk": pl.Int8()}
    )
    found = {(v.column, v.code) for v in AIS_POSITIONS.violations(observed, {"mmsi": 2})}
    assert found == {
        ("lon", "missing_column"),
        ("lat", "wrong_type"),
        ("mmsi", "nulls"),
        ("junk", "unexpected_column"),
    }


def test_conforming_frame_has_no_violations() -> None:
    empty = AIS_POSITIONS.empty()
    assert AIS_POSITIONS.violations(empty.schema, {}) == []
