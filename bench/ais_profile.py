"""Where the AIS pipeline spends time and memory: each stage function alone, no Dagster.

Generates one MarineCadastre CSV, then runs raw -> parsed -> validated -> scrubbed -> release
as plain functions in this process, sampling RSS every 20 ms, and prints per stage the wall
time, the peak RSS reached during the stage and the share of the total; imports are timed
separately. `--cprofile STAGE` adds the top functions of one stage.

    .venv/bin/python bench/ais_profile.py --rows 2000000 [--cprofile validated]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DAY = date(2026, 11, 1)


class RssSampler:
    """Peak resident memory of this process between `mark()` calls, sampled in a thread."""

    def __init__(self, interval_s: float = 0.02) -> None:
        import psutil

        self._proc = psutil.Process()
        self._interval = interval_s
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._peak = max(self._peak, self._proc.memory_info().rss)
            time.sleep(self._interval)

    def mark(self) -> float:
        """Peak RSS (MiB) since the previous mark; restarts the window."""
        peak = max(self._peak, self._proc.memory_info().rss)
        self._peak = 0
        return peak / 2**20

    def close(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()


def _timed(
    name: str, fn: Callable[[], Any], sampler: RssSampler, profile: str | None
) -> tuple[str, float, float, float, str]:
    sampler.mark()
    profiler = cProfile.Profile() if profile == name else None
    start, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    fn()
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    text = ""
    if profiler:
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(25)
        text = buf.getvalue()
    return name, wall, cpu, sampler.mark(), text


def profile(
    rows: int, workdir: Path, cprofile: str | None, given: Path | None = None
) -> list[tuple[str, float, float, float, str]]:
    """Generate the CSV (or take a given one), then time imports and each stage in order."""
    import yaml

    from samples.marinecadastre import write_marinecadastre_csv

    csv = given or workdir / f"AIS_{DAY:%Y_%m_%d}.csv"
    if given is None:
        write_marinecadastre_csv(csv, rows, DAY)
    spec_dict = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    spec_dict["source"]["uri"] = str(csv)
    return profile_spec(spec_dict, DAY.isoformat(), workdir, cprofile)


def profile_spec(
    spec_dict: dict[str, Any], partition: str, workdir: Path, cprofile: str | None
) -> list[tuple[str, float, float, float, str]]:
    """Time the Dagster import, then each stage function of `partition` of a spec, in order."""
    for var, sub in (
        ("BOHAI_HOME", "home"),
        ("BOHAI_WORK_DIR", "work"),
        ("BOHAI_RELEASE_STORE", "rel"),
        ("BOHAI_SAMPLES_DIR", "samples"),
    ):
        os.environ[var] = str(workdir / sub)  # fmt: skip
    sampler = RssSampler()
    results = []
    results.append(_timed("import dagster", lambda: __import__("dagster"), sampler, cprofile))
    from pipelines.release_stage import build_release
    from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
    from releases.store import ReleaseStore
    from schemas.spec import DatasetSpec

    spec = DatasetSpec.model_validate(spec_dict)
    pdir = workdir / "work" / spec.id / partition
    key = b"profile-key-0123456789abcdef"
    stages: list[tuple[str, Callable[[], Any]]] = [
        ("raw", lambda: run_raw(spec, pdir, partition)),
        ("parsed", lambda: run_parse(spec, pdir, partition)),
        ("validated", lambda: run_validate(spec, pdir)),
        ("scrubbed", lambda: run_scrub(spec, pdir, key)),
        (
            "release",
            lambda: build_release(spec, pdir.parent, ReleaseStore(workdir / "rel"), "profile"),
        ),
    ]
    for name, fn in stages:
        results.append(_timed(name, fn, sampler, cprofile))
    sampler.close()
    return results


def main() -> None:
    """Parse arguments, profile, print one table (and a cProfile listing when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cprofile", help="stage name to run under cProfile")
    parser.add_argument("--csv", type=Path, help="an existing MarineCadastre CSV to reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bohai-profile-") as tmp:
        results = profile(args.rows, Path(tmp), args.cprofile, args.csv)
    print_stages(f"AIS pipeline by stage, {args.rows:,} MarineCadastre rows, no Dagster", results)


def print_stages(title: str, results: list[tuple[str, float, float, float, str]]) -> None:
    """The per-stage table (wall, CPU, share, peak RSS), then any cProfile text."""
    total, total_cpu = sum(r[1] for r in results), sum(r[2] for r in results)
    width = max(20, *(len(r[0]) + 2 for r in results))
    print(f"\n{title}")
    print(f"{'step':<{width}}{'wall s':>9}{'cpu s':>9}{'share':>8}{'peak RSS MiB':>14}")
    for name, wall, cpu, peak, _ in results:
        print(f"{name:<{width}}{wall:>9.2f}{cpu:>9.2f}{wall / total:>8.0%}{peak:>14.0f}")
    print(f"{'total':<{width}}{total:>9.2f}{total_cpu:>9.2f}")
    for name, _, _, _, text in results:
        if text:
            print(f"\ncProfile of {name}:\n{text}")


if __name__ == "__main__":
    main()
