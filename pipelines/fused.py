"""The fused path: validated keeps the rules' decision, not a rewritten copy of the table.

In the staged path `validated` writes every kept row to Parquet and `scrubbed` rereads it. In the
fused path `validated` runs the rules on a narrow projection of the parsed table, writes the
quarantine and a small decision file (quarantined and flagged row numbers), and evaluates the
expectations on a lazy plan over the parsed file; `scrubbed` applies that decision and the column
policies to the parsed file in one plan and writes the only full copy, which the release copies.
Reports and checks are the same in both paths (tests/pipelines/test_fused_path.py compares them).

The fused path is the default. `BOHAI_MATERIALISE_STAGES=1` writes every stage in full for
debugging; a spec whose expectations run on GX (which reads a file) or that sends validated
rows to annotation always does.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from quality.config import RuleConfig
from quality.expectations import ExpectationResult, evaluate_counted
from quality.gate import ROW, GateDecision, GateOutcome, decide, drop_lineage
from schemas.spec import DatasetSpec, TableSpec

MATERIALISE_ENV = "BOHAI_MATERIALISE_STAGES"


def staged_reason(spec: DatasetSpec) -> str | None:
    """Why `spec` must write every stage in full, or None when the fused path applies."""
    if os.environ.get(MATERIALISE_ENV, "").strip().lower() in {"1", "true", "yes"}:
        return f"{MATERIALISE_ENV} is set"
    gx = [name for name, t in spec.tables.items() if t.quality.engine == "gx"]
    if gx:
        return f"GX evaluates the expectations of {', '.join(gx)} from a file"
    if spec.annotation is not None and spec.annotation.source_stage == "validated":
        return "annotation reads the validated tables"
    return None


def decision_path(stage_dir: Path, table: str) -> Path:
    """Where the validated stage keeps one table's rule decision in the fused path."""
    return stage_dir / f"{table}.decision.parquet"


def gate_fused(
    table: TableSpec,
    source: pl.LazyFrame,
    related: dict[str, pl.LazyFrame],
    stage_dir: Path,
    name: str,
    rules: list[RuleConfig] | None = None,
) -> tuple[GateOutcome, list[ExpectationResult], pl.LazyFrame]:
    """Decide the rules, write quarantine and decision, evaluate expectations on the kept plan.

    `rules` defaults to the table's own (the partition may add its day rule in front).
    Returns the outcome, the expectation results and the kept rows as a plan (with `_row`)
    for tables whose `references` rules read this one.
    """
    lf = source.with_row_index(ROW)
    rules = list(table.quality.rules) if rules is None else rules
    decision = decide(lf, rules, related, spill=stage_dir)
    decision.save(decision_path(stage_dir, name))
    kept = decision.kept(lf)
    decision.quarantined(lf).sink_parquet(
        stage_dir / f"{name}.quarantine.parquet", compression="lz4"
    )
    # The kept rows are counted in the expectations' own pass over them.
    results, rows_out = evaluate_counted(drop_lineage(kept), list(table.quality.expectations))
    return decision.outcome(rows_out), results, kept


def validated_rows(
    partition_dir: Path, parsed_path: Path, table: str, rows_in: int
) -> pl.LazyFrame:
    """One table's validated rows (with `_row`): the staged file, or the decision over parsed."""
    staged = partition_dir / "validated" / f"{table}.parquet"
    if staged.is_file():
        return pl.scan_parquet(staged)
    decision = GateDecision.load(decision_path(partition_dir / "validated", table), rows_in)
    return decision.kept(pl.scan_parquet(parsed_path).with_row_index(ROW))
