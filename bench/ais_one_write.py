"""Prototype (no Dagster): does writing the AIS table once instead of twice pay? Issue 16.

(a) today's fused path: parse -> full work Parquet; rules on a narrow projection of it;
    expectations over it; full re-read -> decision filter + column policies -> release Parquet.
(b) one write: the parse writes a narrow work table (only the columns the rules, expectations
    and source-value reads need); the decision is taken on it; then ONE plan scans the CSV
    again (the parse's own clean-line scan) -> typing -> decision filter by row number ->
    column policies -> release Parquet, with the quality quarantine in the same collect_all.
(c) like (b), but the expectations run in the release pass (the narrow table holds only the
    rules' and source values' columns).

Each step's wall and CPU (process_time: every thread of this process) are printed side by
side, with peak RSS; (b) and (c) check their release equals (a)'s row for row.

    PYTHONPATH=. .venv/bin/python bench/ais_one_write.py --csv AIS_2026_11_01.csv

Measured (ais18, 2 shared cores, polars 2.1, CPU s of whole paths, 5M rows, same run each):
project generator (a) 16.4, (b) release alone in its pass 17.8, (c) 17.9; with the quality
quarantine in the same collect_all (b) 19.2 at 1.2 GB peak RSS. bench/ais_gen_alt.py (a) 15.5,
(b) alone 18.9. Polars 2.2, project: (a) 15.9, (b) 18.0 at 1.2 GB. Run in the order b,a:
(b) alone 20.1, (a) 16.8. 20M project rows: (a) 74.9, (b) alone 84.2. Parsing the CSV a second
time costs more CPU than writing and rereading the work table: the one-write design loses.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import polars as pl  # noqa: E402
import yaml  # noqa: E402
from ais_profile import RssSampler  # noqa: E402

import connectors.marinecadastre as mc  # noqa: E402
from connectors.line_copies import LineHashes, bucket_bits  # noqa: E402
from pipelines.partition_rules import table_rules  # noqa: E402
from pipelines.scrub_audit import audit_written, read_source_values  # noqa: E402
from pipelines.stages import RELEASED_CODEC  # noqa: E402
from privacy.audit.residue import mask_identifiers_in_text, text_identifiers  # noqa: E402
from privacy.deid.own_names import mask_own_names  # noqa: E402
from privacy.deid.policy import apply_policies  # noqa: E402
from quality.expectations import evaluate_counted, unexpected_expr  # noqa: E402
from quality.gate import ROW, decide, drop_lineage  # noqa: E402
from schemas.spec import DatasetSpec  # noqa: E402

DAY = "2026-11-01"
KEY = b"prototype-key-0123456789abcdef"
RULES_ONLY = ["mmsi", "timestamp", "lat", "lon", "imo"]
SOURCE_VALUES = ["call_sign", "transceiver_class", "timestamp_source", "station", "source_file"]
EXPECTED = ["sog", "cog", "heading"]


def _spec(csv: Path) -> DatasetSpec:
    raw = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    raw["source"]["uri"] = str(csv)
    return DatasetSpec.model_validate(raw)


def _parse(csv: Path, out: Path, columns: list[str] | None) -> list[Any]:
    """The connector's fast path; with `columns`, the work table holds only those."""
    names = mc.read_header(csv)
    copies = LineHashes(out / ".mc_hashes", bucket_bits(csv.stat().st_size))
    try:
        files = [(csv, names, mc.prescan(csv, len(names), spill=partial(copies.add, 0)))]
        assert files[0][2].trouble is None, files[0][2].trouble
        mc._flag_copies(files, copies)
    finally:
        copies.close()
    if columns is None:
        mc.MarineCadastreConnector()._fast(files, out)
        return files
    direct, careful = mc.direct_rows, mc.careful_plans
    keep = [*columns, "source_file", "source_line"]
    keep = list(dict.fromkeys(keep))
    full_kept: list[pl.LazyFrame] = []

    def narrow_direct(*a: Any, **k: Any) -> pl.LazyFrame:
        return direct(*a, **k).select(keep)

    def narrow_careful(*a: Any, **k: Any) -> tuple[pl.LazyFrame, pl.LazyFrame]:
        good, bad = careful(*a, **k)
        full_kept.append(good)
        return good.select(keep), bad

    mc.direct_rows, mc.careful_plans = narrow_direct, narrow_careful
    try:
        mc.MarineCadastreConnector()._fast(files, out)
    finally:
        mc.direct_rows, mc.careful_plans = direct, careful
    return files


def _release_rows(files: list[Any]) -> pl.LazyFrame:
    """The parse's direct plan over the CSV again, full width (careful rows merged aside)."""
    plans = []
    for path, names, scan in files:
        rows = mc._scan(path, names)
        if scan.blank or scan.flagged:
            rows = rows.filter(~pl.col(mc._LINE).is_in(sorted([*scan.blank, *scan.flagged])))
        plans.append(mc.direct_rows(rows, names, path.name, mc._spaced_times(path, names)))
    return pl.concat(plans)


class Steps:
    """Per-step wall, CPU and peak RSS."""

    def __init__(self, sampler: RssSampler) -> None:
        self.rows: list[tuple[str, float, float, float]] = []
        self.sampler = sampler

    def __call__(self, name: str, fn: Callable[[], Any]) -> Any:
        self.sampler.mark()
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        self.rows.append(
            (name, time.perf_counter() - wall, time.process_time() - cpu, self.sampler.mark())
        )
        return result


def path_a(csv: Path, out: Path, spec: DatasetSpec, steps: Steps) -> Path:
    """Today's fused path, step by step."""
    table = spec.tables["ais_marinecadastre"]
    policies = dict(table.privacy.columns)
    steps("prescan + parse -> full work table", lambda: _parse(csv, out, None))
    lf = pl.scan_parquet(out / "table.parquet").with_row_index(ROW)
    rules = table_rules(spec, "ais_marinecadastre", DAY)
    decision = steps("rules (narrow read)", lambda: decide(lf, rules, {}, spill=out))
    q = out / "quality.quarantine.parquet"
    steps("quality quarantine", lambda: decision.quarantined(lf).sink_parquet(q))
    kept = decision.kept(lf)
    exps = list(table.quality.expectations)
    steps("expectations", lambda: evaluate_counted(drop_lineage(kept), exps))
    source = mask_own_names(drop_lineage(kept), policies)
    known = steps("source values", lambda: read_source_values(source, policies))
    ids = text_identifiers([(source, policies)], [known.identifiers])
    release = out / "release.parquet"

    def write() -> None:
        scrubbed, _ = apply_policies(source, policies, KEY, distinct=known.identifiers)
        scrubbed = mask_identifiers_in_text(scrubbed, policies, ids, known.text)
        scrubbed.sink_parquet(release, **RELEASED_CODEC)

    steps("re-read -> filter + policies -> release", write)
    steps("audit written", lambda: audit_written(release, source, policies, ids, known, None))
    return release


def path_b(
    csv: Path, out: Path, spec: DatasetSpec, steps: Steps, expectations_late: bool, alone: bool
) -> Path:
    """One full write: narrow work table, decision, one plan from the CSV to the release.

    `alone`: the release is the only sink of its pass (the quality quarantine is then not
    written: its rows are few and could be read back by line; not timed here).
    """
    table = spec.tables["ais_marinecadastre"]
    policies = dict(table.privacy.columns)
    exps = list(table.quality.expectations)
    narrow_cols = RULES_ONLY + SOURCE_VALUES + ([] if expectations_late else EXPECTED)
    files = steps("prescan + parse -> narrow work table", lambda: _parse(csv, out, narrow_cols))
    lf = pl.scan_parquet(out / "table.parquet").with_row_index(ROW)
    rules = table_rules(spec, "ais_marinecadastre", DAY)
    decision = steps("rules (narrow read)", lambda: decide(lf, rules, {}, spill=out))
    kept_narrow = decision.kept(lf)
    if not expectations_late:
        steps("expectations", lambda: evaluate_counted(drop_lineage(kept_narrow), exps))
    narrow_source = mask_own_names(drop_lineage(kept_narrow), policies)
    known = steps("source values (narrow)", lambda: read_source_values(narrow_source, policies))
    ids = text_identifiers([(narrow_source, policies)], [known.identifiers])
    release = out / "release.parquet"

    def write() -> Any:
        full = _release_rows(files).with_row_index(ROW)
        # Whether any own name is masked was read on the narrow table (it holds the name
        # columns); masking the full plan would read the CSV once more to find out.
        narrow = drop_lineage(kept_narrow)
        assert mask_own_names(narrow, policies) is narrow, "own names: not in the prototype"
        source = drop_lineage(decision.kept(full))
        scrubbed, _ = apply_policies(source, policies, KEY, distinct=known.identifiers)
        scrubbed = mask_identifiers_in_text(scrubbed, policies, ids, known.text)
        plans = [scrubbed.sink_parquet(release, lazy=True, **RELEASED_CODEC)]
        if not alone:
            q = out / "quality.quarantine.parquet"
            plans.append(decision.quarantined(full).sink_parquet(q, lazy=True))
        if expectations_late:
            aggs = [pl.len().alias("__n")] + [
                unexpected_expr(e).sum().alias(f"u{i}") for i, e in enumerate(exps)
            ]
            plans.append(drop_lineage(decision.kept(full)).select(aggs))
        return pl.collect_all(plans)

    steps("CSV again -> filter + policies -> release (+quarantine)", write)
    source = mask_own_names(drop_lineage(kept_narrow), policies)
    steps("audit written", lambda: audit_written(release, source, policies, ids, known, None))
    return release


def main() -> None:
    """Run (a), (b), (c) on one CSV and print the step tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--paths", default="a,b,c")
    parser.add_argument(
        "--alone", action="store_true", help="(b), (c): the release alone in its pass"
    )
    args = parser.parse_args()
    spec = _spec(args.csv)
    sampler = RssSampler()
    results: dict[str, Steps] = {}
    releases: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix="ais-one-write-") as tmp:
        for name in args.paths.split(","):
            out = Path(tmp) / name
            out.mkdir()
            steps = Steps(sampler)
            if name == "a":
                releases[name] = path_a(args.csv, out, spec, steps)
            else:
                late = name == "c"
                releases[name] = path_b(args.csv, out, spec, steps, late, args.alone)
            results[name] = steps
            for junk in out.iterdir():
                if junk != releases[name] and not junk.name.startswith("quality"):
                    shutil.rmtree(junk) if junk.is_dir() else junk.unlink()
        if "a" in releases:
            base = pl.read_parquet(releases["a"])
            for name, path in releases.items():
                same = pl.read_parquet(path).equals(base)
                qa = Path(tmp) / "a" / "quality.quarantine.parquet"
                qn = Path(tmp) / name / "quality.quarantine.parquet"
                q = pl.read_parquet(qn).equals(pl.read_parquet(qa)) if qn.is_file() else "unwritten"
                print(f"{name}: release equals (a): {same}; quarantine equals (a): {q}")
    sampler.close()
    for name, steps in results.items():
        print(f"\npath ({name}), {args.csv.name}")
        print(f"{'step':<58}{'wall s':>8}{'cpu s':>8}{'peak MiB':>10}")
        for step, wall, cpu, peak in steps.rows:
            print(f"{step:<58}{wall:>8.2f}{cpu:>8.2f}{peak:>10.0f}")
        total_w = sum(r[1] for r in steps.rows)
        total_c = sum(r[2] for r in steps.rows)
        print(f"{'total':<58}{total_w:>8.2f}{total_c:>8.2f}{max(r[3] for r in steps.rows):>10.0f}")


if __name__ == "__main__":
    main()
