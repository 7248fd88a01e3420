"""Peak RSS of one day holding a giant quoted field, against the same day without it.

The input is the real MarineCadastre extract (../shared/data) with one more line carrying a
`--mb` MiB VesselName: `genuine` (quoted and closed), `runaway` (the quote never closes) or
`multiline` (a closed quoted field over 1 MiB lines). Each case runs in a fresh interpreter,
which runs the raw, parsed, validated and scrubbed stages of the day and reports its own peak
RSS (VmHWM), the stages' wall time and the giant line's quarantine row. `baseline` is the file
without the extra line, measured in the same run; the ratio is peak / baseline peak. Give
`--repo` checkouts (e.g. a worktree of the commit before a change) to compare them.

    .venv/bin/python bench/quoted_field_rss.py --mb 50 [--repo /tmp/base --repo .]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "marine"
REAL = SHARED / "ais_noaa_marinecadastre_2023-01-11_1000rows.csv"
DAY = "2023-01-11"
CASES = ("baseline", "genuine", "runaway", "multiline")
AT = 500  # the giant line goes after this many data lines


def write_case(case: str, mb: int, target: Path) -> None:
    """The real file, plus (except for baseline) one line with a giant VesselName."""
    with REAL.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    lines = [",".join(header)] + [",".join(_plain(v) for v in row) for row in rows]
    if case != "baseline":
        row = list(rows[AT])
        big = "A" * (mb << 20)
        if case == "multiline":
            big = "\n".join(big[i : i + (1 << 20)] for i in range(0, len(big), 1 << 20))
        closing = "" if case == "runaway" else '"'
        fields = [_plain(v) for v in row]
        fields[header.index("VesselName")] = f'"{big}{closing}'
        lines.insert(AT + 1, ",".join(fields))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _plain(value: str) -> str:
    """A field as written back: quoted when it holds a comma (a few real vessel names do)."""
    return f'"{value}"' if "," in value or '"' in value else value


def child(data: Path, out: Path) -> dict[str, object]:
    """Run the day's stages in this interpreter and report peak RSS and the giant line."""
    import polars as pl
    import yaml
    from bench_home import bench_home
    from rss import peak_rss_mib

    spec = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    spec["source"]["uri"] = str(data / "AIS_{date:%Y_%m_%d}.csv")
    spec["partitioning"] = {"kind": "daily", "start": "2023-01-01"}
    spec["privacy"]["columns"]["vessel_name"] = {"category": "personal", "policy": "drop"}
    bench_home(spec, out)
    from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
    from schemas.spec import DatasetSpec

    model = DatasetSpec.model_validate(spec)
    pdir = out / "work" / DAY
    start_rss = peak_rss_mib()
    t0 = time.perf_counter()
    run_raw(model, pdir, DAY)
    parsed = run_parse(model, pdir, DAY)
    run_validate(model, pdir)
    run_scrub(model, pdir, b"bench-key-0123456789abcdef")
    seconds = time.perf_counter() - t0
    quarantine = pl.read_parquet(pdir / "parsed" / "quarantine.parquet")
    giant = quarantine.filter(pl.col("source_line") >= AT + 2)
    return {
        "peak_mib": round(peak_rss_mib(), 1),
        "imports_mib": round(start_rss, 1),
        "seconds": round(seconds, 1),
        "reconciles": parsed["reconciles"],
        "quarantined": [
            (r["source_line"], r["reason"], len(r["raw"].encode()), r["detail"][:60])
            for r in giant.head(2).iter_rows(named=True)
        ]
        + ([f"... {giant.height} rows"] if giant.height > 2 else []),
    }


def main() -> None:
    """Each case in each checkout, in a fresh interpreter; a table of peaks and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    parser.add_argument("--repo", action="append", type=Path)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    if not REAL.is_file():
        sys.exit(f"needs the real MarineCadastre extract at {REAL}")
    repos = args.repo or [REPO]
    with tempfile.TemporaryDirectory(prefix="quoted_rss_") as tmp:
        print("| checkout | case | peak RSS MiB | x baseline | s | giant line quarantined |")
        print("|---|---|---|---|---|---|")
        for case in args.cases.split(","):
            data = Path(tmp) / case
            data.mkdir()
            write_case(case, args.mb, data / f"AIS_{DAY.replace('-', '_')}.csv")
            for repo in repos:
                out = Path(tmp) / f"out_{case}_{repos.index(repo)}"
                env = os.environ | {"PYTHONPATH": f"{repo.resolve()}:{REPO / 'bench'}"}
                cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(data)]
                done = subprocess.run(
                    [*cmd, str(out)], env=env, cwd=repo, capture_output=True, text=True
                )
                if done.returncode:
                    print(f"| {repo} | {case} | failed: {done.stderr.strip()[-300:]} |")
                    continue
                got = json.loads(done.stdout.strip().splitlines()[-1])
                key = (repo, "baseline")
                _PEAKS[(repo, case)] = got["peak_mib"]
                ratio = got["peak_mib"] / _PEAKS[key] if key in _PEAKS else float("nan")
                print(
                    f"| {repo.name} | {case} | {got['peak_mib']} | {ratio:.2f} | "
                    f"{got['seconds']} | {got['quarantined']} (ledger ok: {got['reconciles']}) |",
                    flush=True,
                )
            for path in data.iterdir():
                path.unlink()


_PEAKS: dict[tuple[Path, str], float] = {}

if __name__ == "__main__":
    main()
