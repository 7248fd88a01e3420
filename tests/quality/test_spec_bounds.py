"""The shipped specs' numeric bounds: each documented with its source, each tested at its edge.

A value exactly at a bound passes; one step beyond fails. The step is the column's resolution
(0.1 for AIS speed and course, 1 for whole-unit fields), so a bound set one step too tight or
too loose is caught.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from quality.config import ExpectationConfig
from quality.expectations import evaluate_polars
from schemas.spec import load_specs

REPO = Path(__file__).resolve().parents[2]
SPECS = load_specs(REPO / "datasets")
BOUNDS = [
    (spec.id, table, exp)
    for spec in SPECS
    for table, t in spec.tables.items()
    for exp in t.quality.expectations
    if exp.expect == "between"
]
STEP = 0.1


def _passes(exp: ExpectationConfig, value: float) -> bool:
    frame = pl.LazyFrame({exp.column: [value]}, schema={exp.column: pl.Float64})
    (result,) = evaluate_polars(frame, [exp.model_copy(update={"mostly": 1.0})])
    return result.success


@pytest.mark.parametrize(
    ("dataset", "table", "exp"), BOUNDS, ids=[f"{d}.{t}.{e.column}" for d, t, e in BOUNDS]
)
def test_value_at_each_bound_passes_and_one_step_beyond_fails(
    dataset: str, table: str, exp: ExpectationConfig
) -> None:
    for edge, beyond in ((exp.min, -STEP), (exp.max, STEP)):
        if edge is None:
            continue
        assert _passes(exp, edge), f"{dataset}.{table}: {exp.column}={edge} must pass"
        assert not _passes(exp, edge + beyond), f"{dataset}.{table}: {exp.column} past {edge}"


def test_every_bound_cites_its_source() -> None:
    """Each `between` line has a comment on it or in the comment block just above it."""
    undocumented = []
    for path in sorted((REPO / "datasets").rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if "expect: between" not in line or "#" in line:
                continue
            above = i - 1
            while above >= 0 and "expect:" in lines[above]:
                above -= 1
            if above < 0 or not lines[above].strip().startswith("#"):
                undocumented.append(f"{path.name}:{i + 1}")
    assert undocumented == []


def test_te_shutdown_limits_warn_and_physical_limits_block() -> None:
    te = next(s for s in SPECS if s.id == "petrochemical/tennessee_eastman")
    pressure = [e for e in te.tables["wide"].quality.expectations if e.column == "reactor_pressure"]
    at_limit = {e.severity: _passes(e, 3000.1) for e in pressure}
    assert at_limit == {"error": True, "warn": False}  # 3,000.1 kPa publishes, with a warning
    assert not _passes(next(e for e in pressure if e.severity == "error"), -102.0)
