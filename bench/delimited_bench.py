"""The generic delimited-table connector (a user's own feed): careful read vs fast read vs bare
polars, CPU seconds in one run, on an outpatient-style export written here.

The table has declared columns (as `bohai init` drafts them), Chinese text, a date and a
timestamp in the declared formats plus a share in another format, decimals, and a share of
lines with a quoted field (`--quoted`, as exports quote text holding the delimiter). Both reads
must give the same table; the connector's read alone is timed (no Dagster, no scrub).

    .venv/bin/python bench/delimited_bench.py --rows 1000000 [--quoted 0.01]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

COLUMNS = {
    "record_no": "str",
    "ward": "str",
    "visit_date": {"dtype": "date", "format": "%Y-%m-%d"},
    "admitted": {"dtype": "datetime", "format": "%Y-%m-%d %H:%M:%S"},
    "weight_kg": "float64",
    "visits": "int64",
    "diagnosis": "str",
}
WARDS = ("心内科", "呼吸科", "骨科", "儿科", "急诊", "ICU")
DIAGNOSES = ("高血压", "2型糖尿病", "社区获得性肺炎", "桡骨远端骨折", "急性胃肠炎", "Asthma")


def write_table(path: Path, rows: int, quoted: float, seed: int = 7) -> None:
    """An outpatient export: 1% of dates in another format, `quoted` of lines with a quoted
    diagnosis holding the delimiter."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(",".join(COLUMNS) + "\n")
        for i in range(rows):
            day = 1 + i % 28
            date = f"2026-03-{day:02d}" if rng.random() > 0.01 else f"{day:02d}/03/2026"
            diagnosis = rng.choice(DIAGNOSES)
            if rng.random() < quoted:
                diagnosis = f'"{diagnosis}, 待查"'
            out.write(
                f"MZ{i:08d},{rng.choice(WARDS)},{date},"
                f"2026-03-{day:02d} {i % 24:02d}:{i % 60:02d}:00,"
                f"{45 + rng.random() * 50:.1f},{1 + i % 9},{diagnosis}\n"
            )


def timed(read: object) -> tuple[float, object]:
    """CPU seconds of this process spent in `read()`, and what it returned."""
    start = time.process_time()
    result = read()  # type: ignore[operator]
    return time.process_time() - start, result


def main() -> None:
    """Write the table, read it three ways, print CPU seconds and ratios to bare polars."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--quoted", type=float, default=0.01, help="share of quoted lines")
    args = parser.parse_args()

    import polars as pl

    from connectors.delimited_table import DelimitedTableConnector

    with tempfile.TemporaryDirectory(prefix="bohai-delimited-") as tmp:
        work = Path(tmp)
        source = work / "outpatient.csv"
        write_table(source, args.rows, args.quoted)
        base, _ = timed(lambda: pl.scan_csv(source).sink_parquet(work / "polars.parquet"))
        cpu, tables = {}, {}
        for name, careful in (("careful", True), ("fast", False)):
            connector = DelimitedTableConnector(columns=COLUMNS, careful=careful)
            cpu[name], result = timed(lambda c=connector, n=name: c.read([source], work / n))
            tables[name] = pl.read_parquet(result.table_path)  # type: ignore[attr-defined]
        same = tables["careful"].equals(tables["fast"])
        print(f"\ndelimited_table read, {args.rows:,} rows, {args.quoted:.1%} quoted lines")
        print(f"{'variant':<9}{'cpu s':>8}{'x polars':>10}")
        print(f"{'polars':<9}{base:>8.2f}{1:>10.1f}")
        for name, seconds in cpu.items():
            print(f"{name:<9}{seconds:>8.2f}{seconds / base:>10.1f}")
        print(f"fast read = careful read: {same} ({tables['fast'].height:,} rows)")
        if not same:
            raise SystemExit("the fast read differs from the careful read")


if __name__ == "__main__":
    main()
