"""Where the Dagster run of the AIS graph spends CPU: inside each stage function and outside them.

Runs the same graph as `ais_bench.py`'s `bohai` variant (ingest run, then release run) in this
process under cProfile with a CPU clock (process time, all threads), then splits the total
into the stage functions and everything else: Dagster's own work, metadata, check results,
events. `--top N` lists the functions outside the stages that cost the most.

    .venv/bin/python bench/ais_run_profile.py --rows 5000000 [--gen alt] [--csv FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

from ais_bench import DAY, GENERATORS, variant_bohai, write_csv  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# (label, file suffix, function name) of the work each asset hands to plain Python.
STAGES = (
    ("raw", "pipelines/stages.py", "run_raw"),
    ("parsed", "pipelines/stages.py", "run_parse"),
    ("validated", "pipelines/stages.py", "run_validate"),
    ("scrubbed", "pipelines/stages.py", "run_scrub"),
    ("release: build", "pipelines/release_stage.py", "build_release"),
    ("release: verify", "releases/verify.py", "verify_release"),
)


def _cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    """Cumulative time of the outermost calls of one function (its wrappers excluded)."""
    total = 0.0
    for (path, _, func), (_, _, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if func == name and path.endswith(suffix):
            total = max(total, cumulative)
    return total


def profile_run(csv: Path, out: Path) -> tuple[float, float, pstats.Stats]:
    """Run the graph under cProfile on a CPU clock; (wall s, cpu s, stats)."""
    profiler = cProfile.Profile(time.process_time)
    wall, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    variant_bohai(csv, out)
    profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, pstats.Stats(profiler)


def print_split(title: str, wall: float, cpu: float, stats: pstats.Stats, top: int) -> None:
    """Stage functions, the rest of the run, and the costliest functions overall."""
    print(f"\n{title}\n{'part':<22}{'cpu s':>9}{'share':>8}")
    inside = 0.0
    for label, suffix, name in STAGES:
        spent = _cumulative(stats, suffix, name)
        inside += spent
        print(f"{label:<22}{spent:>9.2f}{spent / cpu:>8.0%}")
    print(f"{'outside the stages':<22}{cpu - inside:>9.2f}{(cpu - inside) / cpu:>8.0%}")
    print(f"{'total (wall ' + f'{wall:.1f} s)':<22}{cpu:>9.2f}")
    if top:
        print(f"\ncostliest functions by cumulative CPU (top {top}):")
        stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    """Parse arguments, generate (or take) the CSV, profile one run, print the split."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--gen", choices=GENERATORS, default="project")
    parser.add_argument("--csv", type=Path, help="an existing MarineCadastre CSV to reuse")
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--save", type=Path, help="write the raw profile here (pstats format)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bohai-run-profile-") as tmp:
        csv = args.csv
        if csv is None:
            csv = Path(tmp) / f"AIS_{DAY:%Y_%m_%d}.csv"
            write_csv(args.gen, csv, args.rows)
        out = Path(tmp) / "run"
        out.mkdir()
        wall, cpu, stats = profile_run(csv, out)
    if args.save:
        stats.dump_stats(args.save)
    print_split(f"AIS graph through Dagster, {csv.name}, CPU by part", wall, cpu, stats, args.top)


if __name__ == "__main__":
    main()
