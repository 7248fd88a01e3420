"""Start-up cost: one 1,000-row AIS partition, start to release, split into set-up, ingest, release.

Each run is a fresh interpreter; set-up is the imports, the code location and the Dagster
instance, then the ingest job runs one partition and the release job publishes it, as `bohai run`
does. CPU time (this process, all threads) is printed beside wall time: on a loaded machine the
wall figures move by 2x between identical runs, the CPU figures by far less. Give several
`--repo` checkouts to compare them interleaved in the same run (before / after a change).

    .venv/bin/python bench/startup_bench.py --repeat 3 [--repo /path/a --repo /path/b]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DAY = "2026-11-01"
ROWS = 1_000
WATCHED = ("pandas", "duckdb", "pyarrow.dataset", "spacy", "presidio_analyzer")
WATCHED += ("great_expectations", "label_studio_sdk")


def child(csv: Path, out: Path) -> dict:
    """Set-up, ingest and release in this interpreter, each timed in wall and CPU seconds."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    import dagster as dg
    import yaml
    from bench_home import bench_home

    spec = yaml.safe_load((Path.cwd() / "datasets/marine/ais_marinecadastre.yaml").read_text())
    spec["source"]["uri"] = str(csv)
    specs_root = bench_home(spec, out)
    from pipelines.dataset_assets import ingest_job_name, release_job_name
    from pipelines.factory import build_definitions
    from schemas.spec import DatasetSpec

    model = DatasetSpec.model_validate(spec)
    defs = build_definitions(specs_root)
    instance = dg.DagsterInstance.ephemeral()
    quiet = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
    marks = [(time.perf_counter(), time.process_time())]
    ingest = defs.resolve_job_def(ingest_job_name(model)).execute_in_process(
        run_config=quiet, instance=instance, partition_key=DAY
    )
    marks.append((time.perf_counter(), time.process_time()))
    loaded = sorted(m for m in WATCHED if m in sys.modules)
    release = defs.resolve_job_def(release_job_name(model)).execute_in_process(
        run_config=quiet, instance=instance
    )
    marks.append((time.perf_counter(), time.process_time()))
    (s_wall, s_cpu), (i_wall, i_cpu), (r_wall, r_cpu) = marks
    return {
        "ok": ingest.success and release.success,
        "setup": [s_wall - wall0, s_cpu - cpu0],
        "ingest": [i_wall - s_wall, i_cpu - s_cpu],
        "release": [r_wall - i_wall, r_cpu - i_cpu],
        "graph": [r_wall - s_wall, r_cpu - s_cpu],
        "total": [r_wall - wall0, r_cpu - cpu0],
        "loaded_after_ingest": loaded,
    }


def run(repos: list[Path], repeat: int, workdir: Path) -> dict[str, list[dict]]:
    """Write the 1,000-row file once; run each checkout `repeat` times, interleaved."""
    sys.path.insert(0, str(REPO))
    from samples.marinecadastre import write_marinecadastre_csv

    csv = workdir / "AIS_2026_11_01.csv"
    write_marinecadastre_csv(csv, ROWS, date.fromisoformat(DAY))
    results: dict[str, list[dict]] = {str(r): [] for r in repos}
    for i in range(repeat):
        for repo in repos:
            out = workdir / f"run{i}-{len(results[str(repo)])}-{abs(hash(repo))}"
            env = os.environ | {"PYTHONPATH": str(repo)}
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(csv), "--out", str(out)],
                capture_output=True,
                text=True,
                cwd=repo,
                env=env,
            )
            if proc.returncode != 0:
                raise RuntimeError(f"start-up run in {repo} failed:\n{proc.stderr[-4000:]}")
            results[str(repo)].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return results


def print_table(results: dict[str, list[dict]]) -> None:
    """Mean wall / CPU seconds per part, per checkout."""
    print(f"\nAIS partition of {ROWS:,} rows, start to release, {os.cpu_count()} cores")
    parts = ("setup", "ingest", "release", "graph", "total")
    print(f"{'checkout':<28}" + "".join(f"{p + ' wall/cpu':>20}" for p in parts))
    for repo, runs in results.items():
        cells = []
        for part in parts:
            wall = sum(r[part][0] for r in runs) / len(runs)
            cpu = sum(r[part][1] for r in runs) / len(runs)
            cells.append(f"{wall:>11.2f} /{cpu:>6.2f}")
        print(f"{repo[-27:]:<28}" + "".join(f"{c:>20}" for c in cells))
        print(f"{'':<28}loaded after ingest: {runs[-1]['loaded_after_ingest'] or 'none'}")


def main() -> None:
    """Parse arguments; run the checkouts (or one measurement, as a child process)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, action="append", help="a checkout (default: this)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(child(args.child, args.out)) + "\n")
        return
    with tempfile.TemporaryDirectory(prefix="bohai-startup-") as tmp:
        results = run(args.repo or [REPO], args.repeat, Path(tmp))
    print_table(results)


if __name__ == "__main__":
    main()
