"""Project-generated MarineCadastre-style AIS CSV (Bohai Sea traffic), vectorized and chunked.

Same header and value formatting as NOAA/BOEM MarineCadastre daily files: `BaseDateTime` like
2023-01-11T00:00:00, LAT/LON rounded to 5 decimals, SOG/COG/Heading/Status/Length/Width/Draft/
Cargo as floats (`0.0`, `511.0`), VesselType as an integer, IMO as `IMO9307839`, empty or the
placeholder `IMO0000000`, empty fields for missing values. Rows are built per chunk with numpy
and written with polars, so memory stays bounded by the chunk size.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from samples.geo import LANES, LOITER_AREAS, lane_position, loiter_track
from samples.vessels import Vessel, make_fleet

HEADER = (
    "MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO",
    "CallSign", "VesselType", "Status", "Length", "Width", "Draft", "Cargo", "TransceiverClass",
)  # fmt: skip
CHUNK_ROWS = 500_000
PLANTED_KINDS = ("bad_lat", "empty_mmsi", "bad_timestamp", "sentinel_position", "sentinel_sog")
_PER_KIND = 2
_DWELL_H = 2.0  # hours a Class A vessel stays at berth at each end of its lane


def planted_rows(n_rows: int, seed: int = 7) -> dict[str, list[int]]:
    """0-based data-row indices (file line = index + 2) of each planted corruption kind."""
    rng = np.random.default_rng([seed, n_rows, 2023])
    size = min(n_rows, _PER_KIND * len(PLANTED_KINDS))
    picked = rng.choice(n_rows, size=size, replace=False) if size else np.array([], dtype=int)
    return {
        kind: sorted(int(r) for r in picked[k * _PER_KIND : (k + 1) * _PER_KIND])
        for k, kind in enumerate(PLANTED_KINDS)
    }


def _fleet_table(fleet: list[Vessel], seed: int) -> pl.DataFrame:
    """Per-vessel static columns in MarineCadastre form, gathered per row by vessel index."""
    rng = np.random.default_rng([seed, 5, 1])
    class_a = [v.transceiver_class == "A" for v in fleet]
    placeholder = rng.random(len(fleet)) < 0.2  # some Class B units broadcast IMO0000000
    return pl.DataFrame(
        {
            "VesselName": [v.name for v in fleet],
            "IMO": [
                f"IMO{v.imo}" if v.imo else ("IMO0000000" if p else None)
                for v, p in zip(fleet, placeholder, strict=True)
            ],
            "CallSign": [v.call_sign for v in fleet],
            "VesselType": [v.ship_type for v in fleet],
            "Length": [v.length for v in fleet],
            "Width": [v.width for v in fleet],
            "Draft": [v.draft for v in fleet],
            "Cargo": [
                float(v.ship_type) if a else None for v, a in zip(fleet, class_a, strict=True)
            ],
            "TransceiverClass": [v.transceiver_class for v in fleet],
        },
        schema_overrides={"Draft": pl.Float64, "Cargo": pl.Float64, "IMO": pl.String},
    )


def _fleet_arrays(fleet: list[Vessel]) -> dict[str, np.ndarray]:
    """Per-vessel numeric attributes (route as an integer code) for fast per-row gathers."""
    routes = [*LANES, *LOITER_AREAS]
    return {
        "mmsi": np.array([v.mmsi for v in fleet], dtype=np.int64),
        "speed": np.array([v.speed_kn for v in fleet]),
        "phase": np.array([v.phase for v in fleet]),
        "route": np.array([routes.index(v.route) for v in fleet]),
        "gyro": np.array([v.heading_sensor for v in fleet]),
    }


def _kinematics(
    fa: dict[str, np.ndarray], vi: np.ndarray, hours: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """LAT/LON/SOG/COG/Heading/Status for rows of vessels `vi` at `hours` since 00:00 UTC."""
    n = vi.size
    lat, lon, sog, cog = (np.zeros(n) for _ in range(4))
    status = np.full(n, np.nan)
    speed, phase, route = fa["speed"][vi], fa["phase"][vi], fa["route"][vi]
    for code, lane in enumerate(LANES.values()):
        m = route == code
        length, v = lane.length_nm, speed[m]
        period = 2 * (length / v + _DWELL_H)
        tau = (hours[m] + phase[m, 0] * period) % period
        out_end, back_start = length / v, length / v + _DWELL_H
        back_end = back_start + length / v
        dist = np.select(
            [tau < out_end, tau < back_start, tau < back_end],
            [v * tau, np.full(v.size, length), length - v * (tau - back_start)],
            0.0,
        )
        moving = (tau < out_end) | ((tau >= back_start) & (tau < back_end))
        la, lo, co = lane_position(lane, dist)
        inbound = (tau >= back_start) & (tau < back_end)
        lat[m], lon[m] = la + phase[m, 2] * 0.004 - 0.004, lo
        cog[m] = np.where(moving, (co + 180.0 * inbound) % 360, rng.uniform(0, 360, v.size))
        sog[m] = np.where(moving, v + rng.normal(0, 0.3, v.size), rng.uniform(0, 0.1, v.size))
        status[m] = np.where(moving, 0.0, 5.0)
    for code, area in enumerate(LOITER_AREAS.values(), start=len(LANES)):
        m = route == code
        p = phase[m]
        lat[m], lon[m], sog[m], cog[m] = loiter_track(
            area, hours[m] + 24 * p[:, 0], speed[m], (p[:, 0], p[:, 1], p[:, 2])
        )
    has_gyro = fa["gyro"][vi]
    heading = np.rint(cog + rng.normal(0, 2.0, n)) % 360
    heading = np.where(status == 5, np.rint(phase[:, 1] * 57.0) % 360, heading)  # berth heading
    heading = np.where(has_gyro, heading, 511.0)
    return {
        "LAT": np.round(lat, 5),
        "LON": np.round(lon, 5),
        "SOG": np.round(np.abs(sog), 1),
        "COG": np.round(cog % 360, 1) % 360,
        "Heading": heading,
        "Status": status,
    }


def _chunk(
    fa: dict[str, np.ndarray], table: pl.DataFrame, day: date, start: int, n_total: int, seed: int,
    planted: dict[str, list[int]],
) -> pl.DataFrame:  # fmt: skip
    """Rows [start, start + CHUNK_ROWS) of the file as a polars frame in CSV column order."""
    n = min(CHUNK_ROWS, n_total - start)
    rng = np.random.default_rng([seed, day.toordinal(), start])
    rows = np.arange(start, start + n)
    seconds = np.minimum(rows * (86_400 / n_total) + rng.uniform(0, 10, n), 86_399).astype(int)
    vi = rng.integers(0, fa["mmsi"].size, n)
    cols = _kinematics(fa, vi, seconds / 3600, rng)
    local = {k: [r - start for r in v if start <= r < start + n] for k, v in planted.items()}
    cols["LAT"][local["sentinel_position"]] = 91.0
    cols["LON"][local["sentinel_position"]] = 181.0
    cols["SOG"][local["sentinel_sog"]] = 102.3
    unix = calendar.timegm(day.timetuple()) + seconds
    frame = pl.DataFrame(
        {
            "MMSI": fa["mmsi"][vi],
            "BaseDateTime": pl.from_epoch(pl.Series(unix), time_unit="s").dt.strftime(
                "%Y-%m-%dT%H:%M:%S"
            ),
            **{k: cols[k] for k in ("LAT", "LON", "SOG", "COG", "Heading")},
        }
    )
    statics = table[vi]
    frame = pl.concat([frame, statics], how="horizontal").with_columns(
        pl.Series("Status", cols["Status"], nan_to_null=True)
    )
    if local["empty_mmsi"]:
        frame = frame.with_columns(frame["MMSI"].scatter(local["empty_mmsi"], None))
    if local["bad_lat"]:
        bad = ["N/A", "38.9O512"][: len(local["bad_lat"])]
        frame = frame.with_columns(frame["LAT"].cast(pl.String).scatter(local["bad_lat"], bad))
    if local["bad_timestamp"]:
        bad = [f"{day.isoformat()}T24:07:13", f"{day.isoformat()} 10:15"]
        bad = bad[: len(local["bad_timestamp"])]
        frame = frame.with_columns(frame["BaseDateTime"].scatter(local["bad_timestamp"], bad))
    return frame.select(HEADER)


def write_marinecadastre_csv(
    path: Path, n_rows: int, day: date, seed: int = 7, corrupt: bool = True
) -> Path:
    """Write `n_rows` MarineCadastre-style rows for `day` in ~1M-row chunks (bounded memory)."""
    # About one fix per vessel-minute at any size, so a bigger file is a busier coast with the
    # same share of duplicate receptions, not the same ships reporting several times a second.
    fleet = make_fleet(int(np.clip(n_rows // 1440, 40, 50_000)), seed)
    table, fa = _fleet_table(fleet, seed), _fleet_arrays(fleet)
    planted = planted_rows(n_rows, seed) if corrupt else {k: [] for k in PLANTED_KINDS}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        if n_rows == 0:
            fh.write((",".join(HEADER) + "\n").encode())
        for start in range(0, n_rows, CHUNK_ROWS):
            frame = _chunk(fa, table, day, start, n_rows, seed, planted)
            frame.write_csv(fh, include_header=start == 0)
    return path
