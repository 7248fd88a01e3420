"""Column expectations: native polars vs Great Expectations (pandas batches) on the same table.

GX is the reference: both engines evaluate the AIS suite of datasets/marine/ais_positions.yaml
on one generated AIS-shaped Parquet file (planted out-of-range values and nulls), each in its
own subprocess, and the unexpected / counted numbers must be equal.

    .venv/bin/python bench/expectations_bench.py --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
for _path in (REPO, REPO / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from rss import peak_rss_mib  # noqa: E402


def _expectation_table(rows: int, path: Path) -> None:
    """AIS-shaped columns with a few planted out-of-range values and nulls."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(5)
    lat = rng.uniform(37.0, 41.0, rows)
    lat[rng.choice(rows, rows // 1000, replace=False)] = 91.0
    frame = pl.DataFrame(
        {
            "mmsi": rng.integers(200_000_000, 775_999_999, rows),
            "lat": lat,
            "lon": rng.uniform(117.0, 124.0, rows),
            "sog": rng.uniform(0, 30, rows),
            "cog": rng.uniform(0, 359.9, rows),
            "heading": rng.integers(0, 360, rows),
            "transceiver_class": rng.choice(["A", "B"], rows),
            "msg_type": rng.choice([1, 2, 3, 18, 19], rows),
            "timestamp": pl.datetime_range(
                pl.datetime(2026, 11, 1), pl.datetime(2026, 11, 2), eager=True, interval="1s"
            ).sample(rows, with_replacement=True, seed=5),
        }
    )
    every_997th = pl.int_range(pl.len()) % 997 == 0
    frame = frame.with_columns(
        pl.when(every_997th).then(None).otherwise(pl.col("lat")).alias("lat")
    )
    frame.write_parquet(path)


def _expectations() -> list[Any]:
    from schemas.spec import load_spec

    return list(load_spec(REPO / "datasets/marine/ais_positions.yaml").quality.expectations)


def child_expectations(engine: str, path: Path) -> dict[str, Any]:
    """Evaluate the AIS suite with one engine; return time, RSS and the counts."""
    import polars as pl

    from quality.expectations import evaluate_polars
    from quality.gx_suite import evaluate_gx

    start = time.perf_counter()
    if engine == "gx":
        results = evaluate_gx(path, _expectations())
    else:
        results = evaluate_polars(pl.scan_parquet(path), _expectations())
    wall = time.perf_counter() - start
    counts = [[r.expect, r.column, r.unexpected_count, r.counted] for r in results]
    peak = peak_rss_mib()
    return {"wall_s": wall, "peak_rss_mib": peak, "counts": counts}


def run(rows: int, workdir: Path) -> dict[str, dict[str, Any]]:
    """Write the table once, then evaluate it with each engine in a fresh interpreter."""
    path = workdir / "expectations.parquet"
    _expectation_table(rows, path)
    results = {}
    for engine in ("gx", "polars"):
        proc = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--path", str(path)],
            capture_output=True, text=True, cwd=REPO,
        )  # fmt: skip
        if proc.returncode != 0:
            raise RuntimeError(f"expectations engine {engine} failed:\n{proc.stderr[-4000:]}")
        results[engine] = json.loads(proc.stdout.strip().splitlines()[-1])
    return results


def main() -> None:
    """Parse arguments; run both engines (or one, as a child process) and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child")
    parser.add_argument("--path", type=Path)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(child_expectations(args.child, args.path)) + "\n")
        return
    with tempfile.TemporaryDirectory(prefix="bohai-exp-") as tmp:
        results = run(args.rows, Path(tmp))
    base = results["gx"]
    print(f"\nexpectations, {args.rows:,} rows: native polars vs GX (the reference)")
    print(f"{'engine':<10}{'wall s':>9}{'peak MiB':>10}{'wall/gx':>9}")
    for name, r in results.items():
        print(
            f"{name:<10}{r['wall_s']:>9.2f}{r['peak_rss_mib']:>10.0f}"
            f"{r['wall_s'] / base['wall_s']:>9.2f}"
        )
    same = results["gx"]["counts"] == results["polars"]["counts"]
    print(f"counts equal to GX: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
