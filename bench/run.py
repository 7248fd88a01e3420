"""Every Bohai benchmark at one chosen size, in one table of wall time, peak RSS and ratios.

Each benchmark measures its baselines in the same run, on the same input, each variant in a
fresh subprocess (peak RSS is its own):

  ais           Bohai's AIS graph through Dagster vs bare polars streaming CSV -> Parquet
                and pandas (bench/ais_bench.py); target <= 4.0x polars wall at 5M rows,
                <= 3.0x at 20M, <= 1 GiB RSS (issue 16)
  ais_alt       the same on a second, independent generator (bench/ais_gen_alt.py)
  te, synthea   the Tennessee Eastman runs and a Synthea export, Bohai end to end vs bare
                polars, with the graph's fixed cost (bench/dataset_bench.py)
  dedup         quality.near_duplicates vs datasketch MinHashLSH (bench/dedup_bench.py),
                with precision / recall against the exact answer and their agreement
  expectations  native polars expectations vs Great Expectations on pandas batches (the
                reference), with the counts checked equal (bench/expectations_bench.py)
  pii           Bohai's PII engine and scanner vs a plain Presidio analyze loop
                (bench/pii_speed.py, when present)

    .venv/bin/python bench/run.py                   # default sizes: a few minutes on 2 cores
    .venv/bin/python bench/run.py --scale 5         # AIS at 5M rows, 100k docs, ...
    .venv/bin/python bench/run.py --only ais,dedup
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
for path in (REPO, BENCH):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SIZES = {
    "ais": 1_000_000,
    "ais_alt": 1_000_000,
    "te": 20_000,
    "synthea": 1_000,
    "dedup": 20_000,
    "expectations": 1_000_000,
    "pii": 1_000,
}


@dataclass(slots=True)
class Row:
    """One variant of one benchmark; `base` names the variant its ratios are against."""

    bench: str
    variant: str
    items: int
    wall_s: float
    peak_rss_mib: float
    base: str
    note: str = ""
    cpu_s: float = float("nan")  # the child's user + system CPU, where measured


def _child(size: int) -> dict[str, Any]:
    """Run the pii benchmark in a fresh interpreter and read its JSON line."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(size)], capture_output=True, text=True, cwd=REPO
    )
    if proc.returncode != 0:
        raise RuntimeError(f"pii benchmark failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_ais(size: int, workdir: Path, gen: str = "project") -> list[Row]:
    """bench/ais_bench.py: bare polars, pandas and the Bohai graph on one generated CSV."""
    import ais_bench

    variants = ["polars", "pandas", "bohai", "fixed", "keep", "floor"]
    if gen != "project":
        variants.remove("pandas")
    results = ais_bench.run(size, workdir, variants, gen)
    bench = "ais" if gen == "project" else f"ais_{gen}"
    rows = []
    for name, r in results.items():
        note = f"{r['rows']:,} rows out"
        if name == "fixed":
            note = f"the Bohai graph on {ais_bench.FIXED_ROWS:,} rows: cost paid at any size"
        elif name == "keep":
            note = "raw bytes kept with sha256, as the raw stage does"
        elif name == "floor":
            note = "bare polars making only the passes an exact pipeline cannot skip"
        elif name == "bohai":
            failed = r["checks_failed"] or "none"
            note += f", {r['quarantined']:,} quarantined; failed checks: {failed}"
        rows.append(
            Row(bench, name, size, r["wall_s"], r["peak_rss_mib"], "polars", note, r["cpu_s"])
        )
    return rows


def bench_ais_alt(size: int, workdir: Path) -> list[Row]:
    """bench/ais_bench.py on the independent generator (bench/ais_gen_alt.py)."""
    return bench_ais(size, workdir, "alt")


def _dataset_rows(dataset: str, size: int, workdir: Path) -> list[Row]:
    """bench/dataset_bench.py: bare polars, the Bohai graph and its fixed cost on one input."""
    import dataset_bench

    results = dataset_bench.run(dataset, size, workdir, ["polars", "bohai", "fixed"])
    rows = []
    for name, r in results.items():
        note = f"{r['rows']:,} rows out"
        if "quarantined" in r:
            note += (
                f", {r['quarantined']:,} quarantined; failed checks: {r['checks_failed'] or 'none'}"
            )
        if name == "fixed":
            note = f"the Bohai graph on the smallest input: cost paid at any size; {note}"
        rows.append(
            Row(dataset, name, size, r["wall_s"], r["peak_rss_mib"], "polars", note, r["cpu_s"])
        )
    return rows


def bench_te(size: int, workdir: Path) -> list[Row]:
    """Tennessee Eastman runs (size = samples; 52 long-table rows each)."""
    return _dataset_rows("te", size, workdir)


def bench_synthea(size: int, workdir: Path) -> list[Row]:
    """A Synthea CSV export (size = patients)."""
    return _dataset_rows("synthea", size, workdir)


def bench_dedup(size: int, workdir: Path) -> list[Row]:
    """bench/dedup_bench.py: Bohai's MinHash LSH vs datasketch on one generated corpus."""
    import dedup_bench

    results = dedup_bench.run(size)
    return [
        Row(
            "dedup",
            name,
            size,
            r["wall_s"],
            r["peak_rss_mib"],
            "datasketch",
            f"precision {r['precision']:.3f} recall {r['recall']:.3f} "
            f"agreement {r['agreement']:.3f}",
        )
        for name, r in results.items()
    ]


def bench_expectations(size: int, workdir: Path) -> list[Row]:
    """bench/expectations_bench.py: native polars vs GX on the AIS expectation suite."""
    import expectations_bench

    results = expectations_bench.run(size, workdir)
    same = results["gx"]["counts"] == results["polars"]["counts"]
    return [
        Row(
            "expectations",
            name,
            size,
            r["wall_s"],
            r["peak_rss_mib"],
            "gx",
            f"{len(r['counts'])} expectations; counts equal to GX: {'yes' if same else 'NO'}",
        )
        for name, r in results.items()
    ]


PII_LINE = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<n>\d+)\s+(?P<rate>[\d.]+)\s+[\d.]+\s+(?P<rec>[\d.]+)"
)


def child_pii(size: int) -> dict[str, Any]:
    """bench/pii_speed.py's main in this interpreter; its table text and this process's RSS."""
    spec = importlib.util.spec_from_file_location("pii_speed", BENCH / "pii_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.main(["--n", str(size), "--engine-sample", str(size), "--processes", "2"])
    from rss import peak_rss_mib

    return {"stdout": out.getvalue(), "peak_rss_mib": peak_rss_mib()}


def bench_pii(size: int, workdir: Path) -> list[Row]:
    """Parse bench/pii_speed.py's table: texts/s per path, recall of planted identifiers."""
    if not (BENCH / "pii_speed.py").is_file():
        return [Row("pii", "skipped", 0, float("nan"), float("nan"), "", "no bench/pii_speed.py")]
    result = _child(size)
    rows = []
    for line in result["stdout"].splitlines():
        found = PII_LINE.match(line)
        if found and not line.startswith("path"):
            n, rate = int(found["n"]), float(found["rate"])
            rows.append(
                Row(
                    "pii",
                    found["name"],
                    n,
                    n / rate,
                    result["peak_rss_mib"],
                    "presidio (plain loop)",
                    f"recall {found['rec']}; RSS: the pii process, without scanner workers",
                )
            )
    return rows


BENCHMARKS = {
    "ais": bench_ais,
    "ais_alt": bench_ais_alt,
    "te": bench_te,
    "synthea": bench_synthea,
    "dedup": bench_dedup,
    "expectations": bench_expectations,
    "pii": bench_pii,
}


def print_table(rows: list[Row], scale: float, elapsed: float) -> None:
    """One table; ratios are per item against the benchmark's baseline in the same run."""
    bases = {(r.bench, r.variant): r for r in rows}
    print(f"\nBohai benchmarks, scale {scale:g}, {os.cpu_count()} cores, {elapsed:.0f}s in all")
    head = f"{'benchmark':<13}{'variant':<40}{'items':>10}{'wall s':>9}{'cpu s':>8}{'peak MiB':>10}"
    print(head + f"{'wall/base':>11}{'cpu/base':>10}{'RSS/base':>10}  note")
    for r in rows:
        base = bases.get((r.bench, r.base))
        per_item = (r.wall_s / r.items) if r.items else float("nan")
        wall = per_item / (base.wall_s / base.items) if base else float("nan")
        cpu = r.cpu_s / r.items / (base.cpu_s / base.items) if base else float("nan")
        rss = r.peak_rss_mib / base.peak_rss_mib if base else float("nan")
        label = f"{r.variant}{' (base)' if r.variant == r.base else ''}"
        print(
            f"{r.bench:<13}{label[:39]:<40}{r.items:>10,}{r.wall_s:>9.2f}{r.cpu_s:>8.2f}"
            f"{r.peak_rss_mib:>10.0f}{wall:>11.2f}{cpu:>10.2f}{rss:>10.2f}  {r.note}"
        )
    _print_targets(bases)


def _print_targets(bases: dict[tuple[str, str], Row]) -> None:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    for bench in ("ais", "ais_alt"):
        ais, polars = bases.get((bench, "bohai")), bases.get((bench, "polars"))
        if not (ais and polars):
            continue
        ratio, limit = ais.wall_s / polars.wall_s, 3.0 if ais.items >= 20_000_000 else 4.0
        print(
            f"\ntarget {bench}: bohai wall <= {limit:.1f}x polars ({ratio:.2f}x, cpu "
            f"{ais.cpu_s / polars.cpu_s:.2f}x) {verdict(ratio <= limit)}; "
            f"peak RSS <= 1024 MiB ({ais.peak_rss_mib:.0f}) {verdict(ais.peak_rss_mib <= 1024)}"
        )
        fixed, keep = bases.get((bench, "fixed")), bases.get((bench, "keep"))
        if fixed and keep:
            floor = (polars.wall_s + fixed.wall_s + keep.wall_s) / polars.wall_s
            print(
                f"floor {bench}: polars + fixed + keep = {floor:.2f}x polars before any check, "
                "scrub or release work"
            )
    ours, theirs = bases.get(("dedup", "bohai")), bases.get(("dedup", "datasketch"))
    if ours and theirs:
        agreement = float(ours.note.rsplit(" ", 1)[-1])
        print(
            f"target dedup: faster than datasketch ({theirs.wall_s / ours.wall_s:.1f}x) "
            f"{verdict(ours.wall_s < theirs.wall_s)}; agreement >= 0.9 ({agreement:.3f}) "
            f"{verdict(agreement >= 0.9)}"
        )


def main() -> None:
    """Parse arguments; run the chosen benchmarks (or one child measurement)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every default size")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated names")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.stdout.write(json.dumps(child_pii(int(args.child))) + "\n")
        return
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; known: {', '.join(BENCHMARKS)}")
    # children import the checkout's packages whatever the editable install lists
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bohai-bench-") as tmp:
        for name in names:
            size = max(1, int(SIZES[name] * args.scale))
            print(f"[{name}] size {size:,} ...", flush=True)
            workdir = Path(tmp) / name
            workdir.mkdir()
            rows.extend(BENCHMARKS[name](size, workdir))
    print_table(rows, args.scale, time.perf_counter() - started)


if __name__ == "__main__":
    main()
