"""A second, independent MarineCadastre-style AIS CSV generator, so the bench is not tuned to one.

Written from the public MarineCadastre layout only (not from samples/marinecadastre.py), with its
own distributions: a heavy-tailed fleet (few vessels send most reports), report intervals by
navigational state (2-10 s under way for Class A, 30 s for Class B, 3 min at anchor), and the
dirt real feeds carry: exact repeats from several stations, out-of-range and sentinel values,
short MMSIs, position jumps, broken timestamps. The file itself has the quirks of real exports:
columns in another order (TransceiverClass before VesselType), CRLF line endings, vessel names
quoted because they hold a comma, and IMO prefixed, empty or the IMO0000000 placeholder.

    .venv/bin/python bench/ais_gen_alt.py out.csv --rows 1000000
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import polars as pl

# Same names as the public layout, in the order some yearly exports use.
COLUMNS = (
    "MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO",
    "CallSign", "TransceiverClass", "VesselType", "Status", "Length", "Width", "Draft", "Cargo",
)  # fmt: skip
VESSELS_PER_CHUNK = 400
ROWS_PER_VESSEL = 700  # mean; the fleet is sized from the row count with this
MAX_PER_VESSEL = 40_000
BOX = (37.2, 40.9, 117.6, 122.4)  # Bohai Sea and the Yellow Sea approach: lat, lat, lon, lon
# Share of rows of each dirt kind. Rows marked bad are those every correct pipeline must drop.
DIRT = {
    "repeat": 0.004,  # an exact copy of the previous report (several stations)
    "jump": 0.0005,  # a position far from the track (GPS glitch): implied speed
    "short_mmsi": 0.0002,  # 7 digits
    "lat_out": 0.0001,  # 95.1 and the like: not the 91 sentinel, a corrupt value
    "bad_time": 0.0001,  # an unparsable timestamp
    "sentinel": 0.002,  # lat 91 / lon 181 / sog 102.3 / heading 511: "not available", kept
}


@dataclass(slots=True)
class Planted:
    """How many rows of each dirt kind went into the file."""

    rows: int = 0
    kinds: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DIRT, 0))


def _fleet(n: int, rng: np.random.Generator, first_mmsi: int) -> pl.DataFrame:
    """Static data of n vessels; a third are Class B (leisure, fishing), few have IMO numbers."""
    class_b = rng.random(n) < 0.33
    mmsi = first_mmsi + np.arange(n) * 7 + rng.integers(0, 7, n)
    imo_num = rng.integers(7_000_000, 9_999_999, n)
    imo_kind = rng.choice(3, n, p=[0.5, 0.3, 0.2])  # prefixed, placeholder, empty
    imo = [
        None if (b or k == 2) else (f"IMO{i}" if k == 0 else "IMO0000000")
        for i, k, b in zip(imo_num, imo_kind, class_b, strict=True)
    ]
    names = [
        f"{'BOHAI' if i % 3 else 'HAI XING'} {i % 997}" + (", JR" if i % 53 == 0 else "")
        for i in range(n)
    ]
    length = np.where(class_b, rng.uniform(6, 24, n), rng.uniform(40, 330, n)).round(0)
    return pl.DataFrame(
        {
            "MMSI": mmsi.astype(np.int64),
            "VesselName": names,
            "IMO": imo,
            "CallSign": [f"B{c:05d}" if c % 11 else None for c in rng.integers(0, 99_999, n)],
            "TransceiverClass": np.where(class_b, "B", "A"),
            "VesselType": np.where(
                class_b, rng.choice([30, 36, 37], n), rng.choice([70, 80, 60], n)
            ),
            "Length": length,
            "Width": (length / rng.uniform(5, 8, n)).round(0),
            "Draft": np.where(class_b, np.nan, rng.uniform(3, 16, n).round(1)),
            "Cargo": np.where(class_b, np.nan, rng.choice([0.0, 70.0, 80.0], n)),
        }
    )


def _tracks(fleet: pl.DataFrame, counts: np.ndarray, day: date, rng: np.random.Generator) -> dict:
    """Per-row moving columns: each vessel sails on a heading at its speed, or lies at anchor."""
    n_rows = int(counts.sum())
    vessel = np.repeat(np.arange(len(counts)), counts)
    class_b = (fleet["TransceiverClass"] == "B").to_numpy()[vessel]
    anchored_v = rng.random(len(counts)) < 0.25
    anchored = anchored_v[vessel]
    step = np.where(anchored, 180.0, np.where(class_b, 30.0, rng.uniform(2, 10, n_rows)))
    starts = np.cumsum(counts) - counts
    cum = np.cumsum(step)
    before = np.concatenate([[0.0], cum])[starts]
    offset = cum - np.repeat(before, counts)  # seconds since the vessel's first report
    # A vessel with more reports than its intervals fit in one day reports faster instead.
    span = np.concatenate([[0.0], cum])[starts + counts] - before
    squeeze = np.minimum(1.0, 86_000 / np.maximum(span, 1.0))
    first = rng.uniform(0, 1, len(counts)) * np.maximum(0.0, 86_000 - span * squeeze)
    t = (np.repeat(first, counts) + offset * np.repeat(squeeze, counts)).astype(np.int64)
    speed_v = np.where(anchored_v, 0.0, rng.gamma(4.0, 2.5, len(counts)).clip(0.5, 28))
    course_v = rng.uniform(0, 360, len(counts))
    lat0 = np.repeat(rng.uniform(BOX[0], BOX[1], len(counts)), counts)
    lon0 = np.repeat(rng.uniform(BOX[2], BOX[3], len(counts)), counts)
    sog = np.repeat(speed_v, counts) + rng.normal(0, 0.2, n_rows) * (~anchored)
    sog = np.where(anchored, rng.uniform(0, 0.3, n_rows), sog.clip(0, 40)).round(1)
    cog = (np.repeat(course_v, counts) + rng.normal(0, 2, n_rows)) % 360
    nm = np.repeat(speed_v, counts) * (t - t[np.repeat(starts, counts)]) / 3600
    rad = np.radians(np.repeat(course_v, counts))
    lat = lat0 + nm * np.cos(rad) / 60
    lon = lon0 + nm * np.sin(rad) / (60 * np.cos(np.radians(lat0)))
    epoch = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    stamps = pl.Series("t", ((epoch + t) * 1_000_000).astype(np.int64)).cast(
        pl.Datetime("us", "UTC")
    )
    return {
        "vessel": vessel,
        "BaseDateTime": stamps.dt.strftime("%Y-%m-%dT%H:%M:%S").to_numpy().astype(object),
        "LAT": lat.round(5),
        "LON": lon.round(5),
        "SOG": sog,
        "COG": np.where(anchored, 360.0, cog.round(1)),
        "Heading": np.where(anchored & (rng.random(n_rows) < 0.5), 511.0, cog.round(0) % 360),
        "Status": np.where(anchored, 1.0, np.where(class_b, 15.0, 0.0)),
    }


def _dirty(cols: dict, rng: np.random.Generator, planted: Planted) -> dict:
    """Plant each dirt kind at its rate; returns the columns with repeats inserted."""
    n = len(cols["LAT"])

    def pick(kind: str) -> np.ndarray:
        k = rng.binomial(n, DIRT[kind])
        planted.kinds[kind] += k
        return rng.choice(n, size=k, replace=False)

    cols["MMSI"] = cols["MMSI"].astype(object)
    for i in pick("short_mmsi"):
        cols["MMSI"][i] = str(cols["MMSI"][i])[:7]
    cols["LAT"][pick("lat_out")] = 95.1
    for i in pick("bad_time"):
        cols["BaseDateTime"][i] = "2O26-11-01T25:61:00"
    jump = pick("jump")
    cols["LAT"][jump] += 1.5
    sentinel = pick("sentinel")
    which = rng.integers(0, 3, len(sentinel))
    cols["LAT"][sentinel[which == 0]] = 91.0
    cols["LON"][sentinel[which == 0]] = 181.0
    cols["SOG"][sentinel[which == 1]] = 102.3
    cols["Heading"][sentinel[which == 2]] = 511.0
    repeat = np.sort(pick("repeat"))
    order = np.insert(np.arange(n), repeat + 1, repeat)  # each copy right after its original
    return {k: v[order] for k, v in cols.items()}


def write_alt_csv(path: Path, rows: int, day: date, seed: int = 2026) -> Planted:
    """Write exactly `rows` data rows (repeats included) in chunks of whole vessels."""
    rng = np.random.default_rng([seed, rows])
    # Repeats are added on top, so draw the base rows a little short of the target.
    base = max(1, round(rows / (1 + DIRT["repeat"])))
    n_vessels = max(1, base // ROWS_PER_VESSEL)
    weights = rng.pareto(1.3, n_vessels) + 0.05
    counts = rng.multinomial(base, weights / weights.sum())
    # At most one report every 2 s for a whole day; the surplus goes to the rest of the fleet.
    while n_vessels > base // MAX_PER_VESSEL and (
        surplus := int((counts - MAX_PER_VESSEL).clip(0).sum())
    ):
        counts = counts.clip(0, MAX_PER_VESSEL) + rng.multinomial(
            surplus, [1 / n_vessels] * n_vessels
        )
    planted = Planted()
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("wb") as fh:
        fh.write((",".join(COLUMNS) + "\r\n").encode())
        for lo in range(0, n_vessels, VESSELS_PER_CHUNK):
            chunk = counts[lo : lo + VESSELS_PER_CHUNK]
            fleet = _fleet(len(chunk), rng, 412_000_000 + lo * 7)
            cols = _tracks(fleet, chunk, day, rng)
            cols["MMSI"] = fleet["MMSI"].to_numpy()[cols["vessel"]]
            cols = _dirty(cols, rng, planted)
            if lo + VESSELS_PER_CHUNK >= n_vessels:
                cols = _pad_last(cols, rows - written)
            frame = _frame(fleet, cols)
            written += frame.height
            frame.write_csv(fh, include_header=False, line_terminator="\r\n")
    planted.rows = written
    return planted


def _pad_last(cols: dict, target: int) -> dict:
    """Trim or extend the last chunk by whole reports of its last vessel so the total is exact."""
    n = len(cols["LAT"])
    if target <= n:
        return {k: v[:target] for k, v in cols.items()}
    idx = np.concatenate([np.arange(n), np.full(target - n, n - 1)])
    out = {k: v[idx] for k, v in cols.items()}
    # Extra reports of one anchored-like vessel: same place, a second apart, never a repeat.
    out["BaseDateTime"] = out["BaseDateTime"].copy()
    tail = pl.Series(out["BaseDateTime"][n - 1 :]).str.to_datetime(
        "%Y-%m-%dT%H:%M:%S", strict=False
    )
    shifted = (tail + pl.Series(np.arange(len(tail)) * 1_000_000).cast(pl.Duration("us"))).dt
    out["BaseDateTime"][n - 1 :] = shifted.strftime("%Y-%m-%dT%H:%M:%S").to_numpy()
    return out


def _frame(fleet: pl.DataFrame, cols: dict) -> pl.DataFrame:
    """Rows in the file's column order, numbers formatted as MarineCadastre writes them."""
    static = fleet[cols["vessel"]]
    moving = pl.DataFrame(
        {
            "MMSI": pl.Series(cols["MMSI"].astype(str)),
            **{k: cols[k] for k in ("BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading")},
            "Status": cols["Status"],
        },
        strict=False,
    )
    frame = pl.concat([moving, static.drop("MMSI")], how="horizontal").select(COLUMNS)
    return frame.with_columns(pl.col(pl.Float64).fill_nan(None))


def main() -> None:
    """Write one file and print what was planted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 1))
    args = parser.parse_args()
    planted = write_alt_csv(args.path, args.rows, args.day)
    print(f"{planted.rows:,} rows; planted {planted.kinds}")


if __name__ == "__main__":
    main()
