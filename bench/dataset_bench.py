"""Beyond AIS: bare polars vs Bohai end to end on the Tennessee Eastman runs and a Synthea export.

The inputs come from the project's own generators (samples/), scaled up; Bohai runs through the
user's path (a spec pointing at the file, the dataset's ingest job then its release job, as
`bohai demo` does) and `fixed` is the same graph on the smallest input, the cost paid at any
size. Each variant runs in its own interpreter; `cpu_s` is the child's user + system CPU from
getrusage, which a loaded machine disturbs far less than wall time.

    .venv/bin/python bench/dataset_bench.py --dataset te --size 20000
    .venv/bin/python bench/dataset_bench.py --dataset synthea --size 1000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ais_bench import run_child  # noqa: E402  (bench/ is on sys.path when run as a script)
from bench_home import bench_home  # noqa: E402
from rss import peak_rss_mib  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TE_TAGS = [f"XMEAS({i})" for i in range(1, 42)] + [f"XMV({i})" for i in range(1, 12)]


@dataclass(frozen=True, slots=True)
class Dataset:
    """A benchmarked dataset: its spec, how to write an input of a size, its bare polars twin."""

    spec: str  # path under datasets/
    file_name: str
    write: Callable[[Path, int], int]  # (target, size) -> rows in the main table
    polars: Callable[[Path, Path], int]  # (input, out dir) -> rows written
    unit: str
    tiny: int


def write_te(target: Path, samples: int) -> int:
    """TE runs in the Braatz layout, d00.. d21 test runs (960 samples) then training runs (480).

    The run design caps a run at 960 samples and 44 runs, about 1.65M long-table rows in all;
    a run has at least 200. Returns the long table's rows (52 per sample).
    """
    from samples.petrochemical_te import make_run, write_te_archive

    plan = [(f"d{f:02d}_te", 960, False) for f in range(22)]
    plan += [(f"d{f:02d}", 480, f == 0) for f in range(22)]
    runs, left = [], samples
    for run_id, n, transposed in plan:
        if left <= 0:
            break
        take = min(n, max(left, 200))  # a test run needs samples after its fault onset (161)
        runs.append(make_run(run_id, take, transposed))
        left -= take
    write_te_archive(target, runs)
    return 52 * sum(run.samples for run in runs)


def polars_te(archive: Path, out: Path) -> int:
    """Every run's numbers as the wide table and the long (tag, value) table; rows of both."""
    import numpy as np
    import polars as pl

    wide = []
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            if not name.endswith(".dat"):
                continue
            text = zf.read(name).decode("ascii", "replace")
            lines = text.splitlines()
            transposed = len(lines) == 52
            rows = [line.split() for line in lines]
            if transposed:
                width = min(len(r) for r in rows)
                rows = [list(c) for c in zip(*(r[:width] for r in rows), strict=True)]
            values = np.array([r[:52] for r in rows if len(r) >= 52], dtype=object)
            frame = pl.DataFrame(values, schema=TE_TAGS, orient="row").with_columns(
                pl.all().cast(pl.Float64, strict=False)
            )
            wide.append(
                frame.with_columns(run_id=pl.lit(name), sample=pl.int_range(1, pl.len() + 1))
            )
    table = pl.concat(wide)
    table.write_parquet(out / "wide.parquet", compression="zstd")
    long = table.unpivot(index=["run_id", "sample"], variable_name="tag", value_name="value")
    long.write_parquet(out / "long.parquet", compression="zstd")
    return table.height + long.height


def write_synthea(target: Path, patients: int) -> int:
    """A Synthea CSV export of `patients` people; returns the rows of all its tables."""
    from samples.medical_population import write_synthea_zip

    pop = write_synthea_zip(target, patients)
    return sum(len(rows) for rows in pop.tables.values())


def polars_synthea(archive: Path, out: Path) -> int:
    """Each CSV member read with polars (all text, as it arrives) and written as Parquet."""
    import polars as pl

    rows = 0
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            if name.endswith(".csv"):
                frame = pl.read_csv(zf.read(name), infer_schema=False, truncate_ragged_lines=True)
                frame.write_parquet(out / f"{Path(name).stem}.parquet", compression="zstd")
                rows += frame.height
    return rows


DATASETS = {
    "te": Dataset(
        "petrochemical/tennessee_eastman.yaml", "te_runs.zip", write_te, polars_te, "samples", 960
    ),
    "synthea": Dataset(
        "medical/synthea_ehr.yaml", "synthea_csv.zip", write_synthea, polars_synthea, "patients", 20
    ),
}


def run_graph(spec_file: str, source: Path, out: Path) -> dict:
    """A spec pointing at `source`, its ingest job then its release job, as `bohai demo` does."""
    import dagster as dg
    import yaml

    spec = yaml.safe_load((REPO / "datasets" / spec_file).read_text(encoding="utf-8"))
    spec["source"]["uri"] = str(source)
    specs_root = bench_home(spec, out)
    from pipelines.dataset_assets import UNPARTITIONED, ingest_job_name, release_job_name
    from pipelines.demo import demo_partitions
    from pipelines.factory import build_definitions
    from pipelines.runner import QUIET
    from schemas.spec import DatasetSpec

    model = DatasetSpec.model_validate(spec)
    defs = build_definitions(specs_root)
    instance = dg.DagsterInstance.ephemeral()
    checks = []
    for partition in demo_partitions(model, 1):
        key = None if partition == UNPARTITIONED else partition
        result = defs.resolve_job_def(ingest_job_name(model)).execute_in_process(
            run_config=QUIET, instance=instance, partition_key=key
        )
        checks += result.get_asset_check_evaluations()
    release = defs.resolve_job_def(release_job_name(model)).execute_in_process(
        run_config=QUIET, instance=instance
    )
    checks += release.get_asset_check_evaluations()
    mats = release.get_asset_materialization_events()
    manifest = json.loads(
        (Path(mats[-1].materialization.metadata["path"].value) / "manifest.json").read_text()
    )
    return {
        "rows": manifest["rows"],
        "quarantined": sum(manifest["quarantine"]["by_reason"].values()),
        "checks_failed": sorted({e.check_name for e in checks if not e.passed}),
    }


def _child(dataset: str, variant: str, source: Path, out: Path) -> None:
    ds = DATASETS[dataset]
    start = time.perf_counter()
    if variant == "polars":
        result = {"rows": ds.polars(source, out)}
    else:
        result = run_graph(ds.spec, source, out)
    result = {"wall_s": time.perf_counter() - start} | result | {"peak_rss_mib": peak_rss_mib()}
    sys.stdout.write(json.dumps(result) + "\n")


def run(dataset: str, size: int, workdir: Path, variants: list[str]) -> dict[str, dict]:
    """Write the input (and a tiny one for `fixed`), then each variant in a fresh interpreter."""
    ds = DATASETS[dataset]
    source = workdir / "big" / ds.file_name
    source.parent.mkdir(parents=True)
    rows_in = ds.write(source, size)
    tiny = workdir / "tiny" / ds.file_name
    if "fixed" in variants:
        tiny.parent.mkdir()
        ds.write(tiny, ds.tiny)
    results: dict[str, dict] = {}
    for variant in variants:
        out = workdir / variant
        out.mkdir()
        given = tiny if variant == "fixed" else source
        command = [__file__, "--child", variant, "--dataset", dataset]
        command += ["--source", str(given), "--out", str(out)]
        results[variant] = run_child(command, f"{dataset} {variant}")
        results[variant]["rows_in"] = rows_in
        shutil.rmtree(out, ignore_errors=True)
    return results


def print_table(dataset: str, size: int, results: dict[str, dict]) -> None:
    """Wall, CPU and peak RSS of each variant, with ratios against bare polars."""
    base = results.get("polars")
    unit = DATASETS[dataset].unit
    print(f"\n{dataset} benchmark, {size:,} {unit}, {os.cpu_count()} cores")
    print(
        f"{'variant':<8}{'rows out':>12}{'wall s':>9}{'cpu s':>8}{'RSS MiB':>9}"
        f"{'wall/polars':>13}{'cpu/polars':>12}  note"
    )
    for name, r in results.items():
        wall = r["wall_s"] / base["wall_s"] if base else float("nan")
        cpu = r["cpu_s"] / base["cpu_s"] if base else float("nan")
        note = ""
        if "quarantined" in r:
            note = (
                f"{r['quarantined']:,} quarantined; failed checks: {r['checks_failed'] or 'none'}"
            )
        print(
            f"{name:<8}{r['rows']:>12,}{r['wall_s']:>9.1f}{r['cpu_s']:>8.1f}"
            f"{r['peak_rss_mib']:>9.0f}{wall:>13.2f}{cpu:>12.2f}  {note}"
        )


def main() -> None:
    """Parse arguments and run the benchmark (or one variant, as a child process)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", choices=sorted(DATASETS), default="te")
    parser.add_argument("--size", type=int, default=20_000, help="TE samples or Synthea patients")
    parser.add_argument("--variants", default="polars,bohai,fixed")
    parser.add_argument("--child")
    parser.add_argument("--source", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        _child(args.dataset, args.child, args.source, args.out)
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bohai-bench-") as tmp:
        results = run(args.dataset, args.size, Path(tmp), args.variants.split(","))
    print_table(args.dataset, args.size, results)


if __name__ == "__main__":
    main()
