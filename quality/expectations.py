"""Column expectations evaluated natively in polars over whole tables, with GX as the reference."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from quality.config import ExpectationConfig


@dataclass(frozen=True, slots=True)
class ExpectationResult:
    """Outcome of one expectation in GX terms (nulls are ignored except by not_null)."""

    expect: str
    column: str
    severity: str
    success: bool
    element_count: int
    unexpected_count: int
    counted: int
    engine: str

    @property
    def unexpected_share(self) -> float:
        """Share of the counted values that broke the expectation."""
        return self.unexpected_count / self.counted if self.counted else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for metadata and manifests."""
        return asdict(self) | {"unexpected_share": round(self.unexpected_share, 6)}


def label(exp: ExpectationConfig) -> str:
    """Stable human label, e.g. 'between(lat)'."""
    return f"{exp.expect}({exp.column})"


def unexpected_expr(exp: ExpectationConfig) -> pl.Expr:
    """Boolean expression true for values that break the expectation (null for ignored nulls)."""
    col = pl.col(exp.column)
    match exp.expect:
        case "not_null":
            return col.is_null()
        case "between":
            bad = pl.lit(False)
            if exp.min is not None:
                bad = bad | (col < exp.min)
            if exp.max is not None:
                bad = bad | (col > exp.max)
            return pl.when(col.is_null()).then(None).otherwise(bad)
        case "in_set":
            return pl.when(col.is_null()).then(None).otherwise(~col.is_in(exp.values or []))
        case "regex":
            return (
                pl.when(col.is_null())
                .then(None)
                .otherwise(~col.cast(pl.String).str.contains(exp.pattern or ""))
            )
        case "unique":
            dup = col.is_duplicated()
            return pl.when(col.is_null()).then(None).otherwise(dup)
    raise ValueError(f"unknown expectation {exp.expect}")


def _success(exp: ExpectationConfig, unexpected: int, counted: int) -> bool:
    if counted == 0:
        return True
    return (counted - unexpected) / counted >= exp.mostly


def evaluate_polars(
    lf: pl.LazyFrame, expectations: list[ExpectationConfig]
) -> list[ExpectationResult]:
    """Evaluate all expectations in one streaming pass of aggregates."""
    if not expectations:
        return []
    return evaluate_counted(lf, expectations)[0]


def evaluate_counted(
    lf: pl.LazyFrame, expectations: list[ExpectationConfig]
) -> tuple[list[ExpectationResult], int]:
    """The expectations' results and the rows of `lf`, counted in the same pass."""
    aggs: list[pl.Expr] = [pl.len().alias("__n")]
    for i, exp in enumerate(expectations):
        bad = unexpected_expr(exp)
        aggs.append(bad.sum().alias(f"u{i}"))
        aggs.append(pl.col(exp.column).is_not_null().sum().alias(f"c{i}"))
    row = lf.select(aggs).collect().row(0, named=True)
    n = int(row["__n"])
    out = []
    for i, exp in enumerate(expectations):
        unexpected = int(row[f"u{i}"] or 0)
        counted = n if exp.expect == "not_null" else int(row[f"c{i}"])
        out.append(
            ExpectationResult(
                exp.expect,
                exp.column,
                exp.severity,
                _success(exp, unexpected, counted),
                n,
                unexpected,
                counted,
                "polars",
            )
        )
    return out, n
