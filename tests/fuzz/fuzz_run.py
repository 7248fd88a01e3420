"""Run mutated seed files through the real parse stage and check what must hold for any input."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import yaml
from fuzz_mutations import physical_lines
from fuzz_seeds import REPO, Files, Seed

from pipelines.stages import run_parse, run_raw
from schemas.spec import DatasetSpec, load_spec

REPLACEMENT = "\ufffd"


@dataclass(slots=True)
class Outcome:
    """The parse report of one mutated input and every string its output tables hold."""

    report: dict[str, Any]
    physical_lines: int | None  # None when a file is a damaged gzip stream
    strings: list[tuple[str, str, str]]  # (table, column, value)
    non_finite: list[tuple[str, str]]  # (table, column) of float columns holding NaN or inf


def spec_for(seed: Seed, folder: Path, work: Path) -> DatasetSpec:
    """The seed's shipped spec, reading every file of `folder`, unpartitioned."""
    spec = REPO / seed.spec if seed.spec.startswith("tests/") else REPO / "datasets" / seed.spec
    raw = yaml.safe_load(spec.read_text(encoding="utf-8"))
    raw["source"]["uri"] = str(folder / "*")
    raw["partitioning"] = {"kind": "none"}
    path = work / "spec.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_spec(path)


def _strings(partition: Path, report: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = []
    for name, table in report["tables"].items():
        frame = pl.read_parquet(partition / table["path"])
        for column in frame.select(pl.col(pl.String)).columns:
            out.extend((name, column, v) for v in frame[column].drop_nulls().to_list())
    return out


def _non_finite(partition: Path, report: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for name, table in report["tables"].items():
        frame = pl.read_parquet(partition / table["path"]).select(pl.col(pl.Float32, pl.Float64))
        out.extend((name, c) for c in frame.columns if not frame[c].drop_nulls().is_finite().all())
    return out


def parse(seed: Seed, files: Files, work: Path) -> Outcome:
    """Write the files, run the raw and parse stages on them, and collect the outputs."""
    folder = work / "in"
    folder.mkdir(parents=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    spec = spec_for(seed, folder, work)
    partition = work / "partition"
    run_raw(spec, partition, "all")
    report = run_parse(spec, partition, "all")
    counts = [physical_lines(data) for data in files.values()]
    lines = None if None in counts else sum(c for c in counts if c is not None)
    return Outcome(report, lines, _strings(partition, report), _non_finite(partition, report))


def problems(seed: Seed, outcome: Outcome, planted: str | None) -> list[str]:
    """Every property the outcome breaks, in words (empty when all hold)."""
    report = outcome.report
    found = []
    ledger_sum = sum(report["ledger"].values())
    if ledger_sum != report["input_units"] or not report["reconciles"]:
        found.append(f"ledger sums to {ledger_sum}, input_units {report['input_units']}")
    lines = outcome.physical_lines
    if seed.line_units and lines is not None and report["input_units"] != lines:
        found.append(
            f"input_units {report['input_units']} != {outcome.physical_lines} physical lines"
        )
    bad = [(t, c) for t, c, v in outcome.strings if REPLACEMENT in v]
    if bad:
        found.append(f"U+FFFD in output columns {sorted(set(bad))}")
    if outcome.non_finite:  # 1e309 read as inf, 'NaN' as a number: never a released value
        found.append(f"NaN or inf in output columns {sorted(set(outcome.non_finite))}")
    if planted is not None:
        leaked = [(t, c) for t, c, v in outcome.strings if planted in v]
        if leaked:
            found.append(f"planted identifier {planted} in output columns {sorted(set(leaked))}")
    return found
