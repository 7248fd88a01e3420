"""The passes any exact AIS pipeline makes, in bare polars: the floor under Bohai's data work.

Issue 16 asks for Bohai within 4.0x (5M rows) and 3.0x (20M) of `scan_csv -> sink_parquet`.
A pipeline that keeps the raw bytes, quarantines rows by per-vessel rules and releases
pseudonymised Parquet cannot do less than this, whatever its framework:

1. keep the raw file with its sha256 (the raw stage);
2. parse every row, typed, to a work table (the per-vessel rules need the whole partition
   sorted by vessel and time, and holding 20M wide rows breaks the 1 GiB memory limit);
3. read the rules' columns back, sort by vessel and time, flag the rows to quarantine;
4. read the work table again, drop the flagged rows, hash the identifiers, write the release;
5. hash the release for its manifest.

Nothing here checks a line's bytes, reads a bad row carefully, writes a quarantine, runs an
expectation, audits the release for leaks or computes its statistics: Bohai does all of that
on top. `ais_bench.py --variants polars,floor,fixed` prints the floor plus the Dagster graph's
fixed cost against bare polars.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

_F = "Float64"
_TYPES = {
    "MMSI": "Int64",
    "LAT": _F,
    "LON": _F,
    "SOG": _F,
    "COG": _F,
    "Heading": _F,
    "VesselType": "Int64",
    "Status": "Int64",
    "Length": _F,
    "Width": _F,
    "Draft": _F,
    "Cargo": "Int64",
}
MAX_DEGREES_PER_S = 0.01  # a crude implied-speed limit: the floor needs the work, not the rule


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def variant_floor(csv: Path, out: Path) -> dict:
    """Steps 1-5 above; each step's wall and CPU seconds are returned with the total."""
    import polars as pl

    names = pl.read_csv(csv, n_rows=0).columns
    schema = {n: getattr(pl, _TYPES.get(n, "String"))() for n in names}
    work, release = out / "work.parquet", out / "release.parquet"
    steps: dict[str, float] = {}

    def timed(label: str, fn) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        steps[f"{label} wall_s"] = time.perf_counter() - wall
        steps[f"{label} cpu_s"] = time.process_time() - cpu
        return result

    def keep() -> str:
        shutil.copyfile(csv, out / csv.name)
        return _sha256(out / csv.name)

    def parse() -> None:
        (
            pl.scan_csv(csv, schema=schema, ignore_errors=True)
            .with_row_index("line", offset=2)
            .with_columns(pl.col("BaseDateTime").str.to_datetime(strict=False))
            .sink_parquet(work, compression="lz4")
        )

    def rules() -> pl.Series:
        by_vessel = pl.scan_parquet(work).select("line", "MMSI", "BaseDateTime", "LAT", "LON")
        step = (
            (pl.col("LAT").diff().abs() + pl.col("LON").diff().abs())
            / pl.col("BaseDateTime").diff().dt.total_seconds()
        ).over("MMSI")
        return (
            by_vessel.sort("MMSI", "BaseDateTime")
            .filter((step > MAX_DEGREES_PER_S) | pl.col("LAT").is_null())
            .select("line")
            .collect()["line"]
        )

    def write(flagged: pl.Series) -> None:
        ids = [c for c in ("MMSI", "IMO", "CallSign") if c in names]
        (
            pl.scan_parquet(work)
            .filter(~pl.col("line").is_in(flagged.implode()))
            .with_columns(pl.col(c).cast(pl.String).hash(7) for c in ids)
            .sink_parquet(release, compression="zstd", compression_level=1)
        )

    timed("keep", keep)
    timed("parse", parse)
    flagged = timed("rules", rules)
    timed("release", lambda: write(flagged))
    timed("hash", lambda: _sha256(release))
    rows = pl.scan_parquet(release).select(pl.len()).collect().item()
    return {"rows": rows, "flagged": len(flagged), "steps": steps}
