"""The generated MarineCadastre CSV matches the real layout and holds the planted bad rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest

import samples.marinecadastre as mc
from quality.rules.imo_check_digit import imo_is_valid
from samples.geo import BOHAI_BBOX, on_land

DAY = date(2025, 11, 2)
N = 2_000
REAL_CSV = "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv"
FORMATS = {
    "MMSI": r"^\d{9}$",
    "BaseDateTime": r"^2025-11-02T\d{2}:\d{2}:\d{2}$",
    "LAT": r"^-?\d+\.\d{1,5}$",
    "LON": r"^-?\d+\.\d{1,5}$",
    "SOG": r"^\d+\.\d$",
    "COG": r"^\d+\.\d$",
    "Heading": r"^\d+\.0$",
    "IMO": r"^IMO\d{7}$",
    "VesselType": r"^\d+$",
    "Status": r"^\d+\.0$",
    "Length": r"^\d+\.0$",
    "Width": r"^\d+\.0$",
    "Draft": r"^\d+\.\d$",
    "Cargo": r"^\d+\.0$",
    "TransceiverClass": r"^[AB]$",
}


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corrupted sample, written once for the module."""
    return mc.write_marinecadastre_csv(tmp_path_factory.mktemp("mc") / "day.csv", N, DAY)


@pytest.fixture(scope="module")
def raw(csv_path: Path) -> pl.DataFrame:
    """The sample read as strings, as a connector would before validating types."""
    return pl.read_csv(csv_path, infer_schema=False)


def test_header_and_row_count(csv_path: Path, raw: pl.DataFrame) -> None:
    """Exact MarineCadastre header, one line per row, LF endings."""
    text = csv_path.read_text()
    assert text.splitlines()[0] == ",".join(mc.HEADER)
    assert text.count("\n") == N + 1 and "\r" not in text
    assert raw.columns == list(mc.HEADER) and raw.height == N


@pytest.mark.integration
def test_header_matches_real_file(shared_data: Path) -> None:
    """Our header is byte-identical to the real NOAA sample's header (when it is present)."""
    real = shared_data / REAL_CSV
    if not real.is_file():
        pytest.skip(f"{real} not present")
    with real.open() as fh:
        assert fh.readline().rstrip("\n") == ",".join(mc.HEADER)


def test_planted_corruptions(raw: pl.DataFrame) -> None:
    """Exactly the planted rows fail to parse or carry sentinels; nothing else is broken."""
    planted = mc.planted_rows(N)
    assert all(len(rows) == 2 for rows in planted.values())

    def failing(col: str, expr: pl.Expr) -> list[int]:
        bad = raw.with_row_index().filter(expr.is_null() & pl.col(col).is_not_null())
        return bad["index"].to_list()

    assert raw["MMSI"].is_null().arg_true().to_list() == planted["empty_mmsi"]
    assert failing("LAT", pl.col("LAT").cast(pl.Float64, strict=False)) == planted["bad_lat"]
    when = pl.col("BaseDateTime").str.strptime(pl.Datetime, "%Y-%m-%dT%H:%M:%S", strict=False)
    assert failing("BaseDateTime", when) == planted["bad_timestamp"]
    assert (raw["LAT"] == "91.0").arg_true().to_list() == planted["sentinel_position"]
    assert (raw["LON"] == "181.0").arg_true().to_list() == planted["sentinel_position"]
    assert (raw["SOG"] == "102.3").arg_true().to_list() == planted["sentinel_sog"]


def test_value_formats(raw: pl.DataFrame) -> None:
    """Every non-empty value outside the planted rows follows the real file's formatting."""
    skip = sorted({r for rows in mc.planted_rows(N).values() for r in rows})
    clean = raw.with_row_index().filter(~pl.col("index").is_in(skip))
    for col, pattern in FORMATS.items():
        values = clean[col].drop_nulls()
        assert values.str.contains(pattern).all(), col
    class_b = clean.filter(pl.col("TransceiverClass") == "B")
    assert class_b["Status"].is_null().all() and class_b["Draft"].is_null().all()
    assert (clean["Heading"] == "511.0").any() and (clean["IMO"] == "IMO0000000").any()
    imos = clean["IMO"].drop_nulls()
    real_imos = imos.filter(imos != "IMO0000000")
    assert real_imos.len() > N // 2
    assert all(imo_is_valid(int(s[3:])) for s in real_imos)


def test_positions_on_water(raw: pl.DataFrame) -> None:
    """Parsed positions (sentinels excluded) lie in the Bohai box and off the peninsulas."""
    df = raw.select(
        pl.col("LAT", "LON").cast(pl.Float64, strict=False),
        pl.col("SOG").cast(pl.Float64),
    ).filter(pl.col("LAT").is_not_null() & (pl.col("LAT") != 91.0))
    lat, lon = df["LAT"].to_numpy(), df["LON"].to_numpy()
    lat_min, lat_max, lon_min, lon_max = BOHAI_BBOX
    assert ((lat >= lat_min) & (lat <= lat_max) & (lon >= lon_min) & (lon <= lon_max)).all()
    assert not on_land(lat, lon).any()
    sog = df["SOG"].to_numpy()
    assert np.median(sog) > 1 and sog[sog != 102.3].max() < 25


def test_deterministic_and_clean_mode(tmp_path: Path, csv_path: Path) -> None:
    """Same seed -> same bytes; corrupt=False parses strictly with all types."""
    again = mc.write_marinecadastre_csv(tmp_path / "again.csv", N, DAY)
    assert again.read_bytes() == csv_path.read_bytes()
    clean = mc.write_marinecadastre_csv(tmp_path / "clean.csv", N, DAY, corrupt=False)
    df = pl.read_csv(clean, schema_overrides={"MMSI": pl.Int64, "LAT": pl.Float64})
    assert df["MMSI"].null_count() == 0 and df["LAT"].max() < 41.5
    assert df["BaseDateTime"].str.strptime(pl.Datetime, "%Y-%m-%dT%H:%M:%S").null_count() == 0
    other = mc.write_marinecadastre_csv(tmp_path / "other.csv", N, DAY, seed=8)
    assert other.read_bytes() != csv_path.read_bytes()


def test_chunked_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several chunks append to one file with a single header and all planted rows kept."""
    monkeypatch.setattr(mc, "CHUNK_ROWS", 700)
    path = mc.write_marinecadastre_csv(tmp_path / "chunked.csv", N, DAY)
    lines = path.read_text().splitlines()
    assert len(lines) == N + 1 and lines.count(lines[0]) == 1
    raw = pl.read_csv(path, infer_schema=False)
    assert raw["MMSI"].is_null().arg_true().to_list() == mc.planted_rows(N)["empty_mmsi"]
    assert mc.write_marinecadastre_csv(tmp_path / "empty.csv", 0, DAY).read_text().count("\n") == 1
