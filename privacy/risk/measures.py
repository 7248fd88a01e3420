"""Re-identification risk: the spec's settings, and enforcing k by generalizing and suppressing.

The table is read once into a frequency table of its quasi-identifiers (and of the subject, the
person a row is about, when declared: then a class's size is its distinct people, not its rows);
every generalization level is tried on that small table, and only the chosen one is applied. The
figures themselves (k-anonymity, l-diversity) live in `privacy.risk.kanonymity` and are re-exported.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from privacy.deid.operators.base import OperatorError
from privacy.deid.operators.generalize import Generalize
from privacy.risk.kanonymity import (
    SIZE,
    KAnonymityReport,
    LDiversityReport,
    N,
    class_sizes,
    frequency_table,
    kanonymity,
    ldiversity,
    no_quasi,
    regroup,
    report_from_frequencies,
)

__all__ = [
    "LADDERS",
    "EnforcementReport",
    "KAnonymityReport",
    "LDiversityReport",
    "PrivacyRiskConfig",
    "build_ladder",
    "enforce_config",
    "enforce_k",
    "kanonymity",
    "ldiversity",
]

_SUPPRESS = {"kind": "suppress"}
# Ready-made generalization ladders, finest first; a spec names one or lists its own levels.
LADDERS: dict[str, list[dict[str, Any]]] = {
    "age": [
        {"kind": "age", "band": 5},
        {"kind": "age", "band": 10},
        {"kind": "age", "band": 20},
        _SUPPRESS,
    ],
    "birth_date": [{"kind": "date", "to": "year"}, {"kind": "date", "to": "decade"}, _SUPPRESS],
    "date": [{"kind": "date", "to": "month"}, {"kind": "date", "to": "year"}, _SUPPRESS],
    "zip": [{"kind": "zip", "keep": 3}, _SUPPRESS],
    "address": [{"kind": "address"}, _SUPPRESS],
    "coordinates": [
        {"kind": "coordinates", "cell": 0.01},
        {"kind": "coordinates", "cell": 0.1},
        {"kind": "coordinates", "cell": 1.0},
        _SUPPRESS,
    ],
    "suppress": [_SUPPRESS],
}
MAX_LATTICE = 20_000


class PrivacyRiskConfig(BaseModel):
    """Spec section `privacy.risk`: quasi-identifiers, the k to reach, and how to get there."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    quasi_identifiers: list[str] = Field(min_length=1)
    k: int = Field(default=5, ge=2)
    # Hierarchy per quasi-identifier: a ladder name from LADDERS or a list of generalize levels.
    hierarchies: dict[str, str | list[dict[str, Any]]] = Field(default_factory=dict)
    # Share of records that may be suppressed instead of generalizing further.
    max_suppression: float = Field(default=0.05, ge=0.0, le=1.0)
    sensitive: str | None = None
    l: int | None = Field(default=None, ge=2)  # noqa: E741  (the 'l' of l-diversity)
    # Column naming the person a row is about (a pseudonym is fine): with several rows per
    # person, k counts distinct people per class, not rows.
    subject: str | None = None

    @field_validator("hierarchies")
    @classmethod
    def _levels_valid(cls, value: dict[str, Any]) -> dict[str, Any]:
        for column, ladder in value.items():
            build_ladder(ladder, column)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> PrivacyRiskConfig:
        unknown = set(self.hierarchies) - set(self.quasi_identifiers)
        if unknown:
            raise ValueError(f"hierarchies for non-quasi-identifiers: {sorted(unknown)}")
        if self.l is not None and self.sensitive is None:
            raise ValueError("l-diversity ('l') needs a 'sensitive' column")
        if self.subject is not None and self.subject in self.quasi_identifiers:
            raise ValueError(f"subject {self.subject!r} cannot also be a quasi-identifier")
        return self

    def ladders(self) -> dict[str, list[Generalize]]:
        """Generalize levels per quasi-identifier (none declared: only suppression)."""
        return {
            c: build_ladder(self.hierarchies.get(c, "suppress"), c) for c in self.quasi_identifiers
        }


def build_ladder(ladder: str | Sequence[dict[str, Any]], column: str = "?") -> list[Generalize]:
    """Generalize operators of a named or listed ladder."""
    if isinstance(ladder, str):
        if ladder not in LADDERS:
            raise ValueError(f"{column}: unknown ladder {ladder!r}; known: {', '.join(LADDERS)}")
        ladder = LADDERS[ladder]
    return [Generalize.model_validate(level) for level in ladder]


@dataclass(frozen=True, slots=True)
class EnforcementReport:
    """What enforce_k did: levels chosen, steps taken, records suppressed, before and after."""

    k_required: int
    levels: dict[str, str]
    steps: list[str]
    records_suppressed: int
    suppression_within_budget: bool
    before: KAnonymityReport
    after: KAnonymityReport

    @property
    def k_achieved(self) -> int | None:
        """Smallest equivalence class after enforcement (None: every record suppressed)."""
        return self.after.smallest_class

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for the release manifest."""
        out = asdict(self)
        out["before"], out["after"] = self.before.as_dict(), self.after.as_dict()
        return out | {"k_achieved": self.k_achieved}


def _level_exprs(
    node: Sequence[int],
    quasi: Sequence[str],
    ladders: Mapping[str, Sequence[Generalize]],
    schema: pl.Schema,
) -> list[pl.Expr]:
    """Expressions generalizing each quasi-identifier to its level in `node` (0: raw)."""
    return [
        (ladders[c][lvl - 1].expr(c, None, schema[c]) if lvl else pl.col(c)).alias(c)
        for c, lvl in zip(quasi, node, strict=True)
    ]


def _generalized(
    freq: pl.DataFrame, exprs: list[pl.Expr], quasi: Sequence[str], subject: str | None = None
) -> pl.DataFrame:
    """The frequency table after generalization (classes merged, a subject counted once)."""
    return regroup(freq.with_columns(exprs), quasi, subject)


def _small(freq: pl.DataFrame, quasi: Sequence[str], k: int, subject: str | None) -> pl.DataFrame:
    """Classes smaller than k (all-null records excluded): quasi-identifiers, rows, size."""
    return class_sizes(freq.filter(~no_quasi(quasi)), quasi, subject).filter(pl.col(SIZE) < k)


def _below(freq: pl.DataFrame, quasi: Sequence[str], k: int, subject: str | None = None) -> int:
    """Records (rows) in classes smaller than k (all-null records excluded)."""
    return int(_small(freq, quasi, k, subject).get_column(N).sum())


def _check_readable(freq: pl.DataFrame, ladders: Mapping[str, Sequence[Generalize]]) -> None:
    """Values a ladder's first non-suppressing level cannot read are errors, not silent nulls."""
    for column, ladder in ladders.items():
        level = next((g for g in ladder if g.kind not in ("suppress", "address")), None)
        if level is None:
            continue
        lost = freq.filter(
            pl.col(column).is_not_null() & level.expr(column, None, freq.schema[column]).is_null()
        )
        if lost.height:
            raise OperatorError(
                f"quasi-identifier {column}: {int(lost.get_column(N).sum())} values cannot be "
                f"generalized by {level.label()}"
            )


def _blanked(
    node: Sequence[int], quasi: Sequence[str], ladders: Mapping[str, Sequence[Generalize]]
) -> int:
    """How many quasi-identifiers the node blanks in every row (their level is `suppress`)."""
    return sum(
        1
        for c, level in zip(quasi, node, strict=True)
        if level and ladders[c][level - 1].kind == "suppress"
    )


def enforce_k(
    lf: pl.LazyFrame,
    quasi: Sequence[str],
    k: int = 5,
    hierarchy: Mapping[str, Sequence[Generalize]] | None = None,
    max_suppression: float = 0.05,
    subject: str | None = None,
) -> tuple[pl.LazyFrame, EnforcementReport]:
    """Generalize along the hierarchies, then suppress what remains in classes below k.

    Levels are searched breadth-first over the generalization lattice: the first height (total
    number of steps) at which some combination leaves at most `max_suppression` of the
    records in classes below k wins, ties going to the fewest columns blanked in every row
    (sex kept and ages in 10-year bands rather than sex blanked), then to the fewest
    suppressed records. If no
    combination fits the budget, the most general one is used and the report says so.
    Suppressing sets every quasi-identifier of a record to null. With a `subject`, a class's
    size is its distinct subjects; the budget and records_suppressed stay in rows.
    """
    quasi = list(quasi)
    ladders = {c: list((hierarchy or {}).get(c, [])) for c in quasi}
    freq = frequency_table(lf, quasi, subject)
    _check_readable(freq, ladders)
    before = report_from_frequencies(freq, quasi, k, subject)
    budget = int(max_suppression * (before.records - before.records_without_quasi))
    tops = [len(ladders[c]) for c in quasi]
    lattice = list(itertools.product(*(range(t + 1) for t in tops)))
    if len(lattice) > MAX_LATTICE:
        raise ValueError(f"generalization lattice of {len(lattice)} nodes is too large to search")
    lattice.sort(key=lambda node: (sum(node), node))
    best: tuple[int, ...] = tuple(tops)
    best_key: tuple[int, int] | None = None  # (columns blanked in every row, records below k)
    for height in range(sum(tops) + 1):
        for node in (n for n in lattice if sum(n) == height):
            exprs = _level_exprs(node, quasi, ladders, freq.schema)
            below = _below(_generalized(freq, exprs, quasi, subject), quasi, k, subject)
            key = (_blanked(node, quasi, ladders), below)
            if below <= budget and (best_key is None or key < best_key):
                best, best_key = node, key
        if best_key is not None:
            break
    exprs = _level_exprs(best, quasi, ladders, freq.schema)
    general = _generalized(freq, exprs, quasi, subject)
    small = _small(general, quasi, k, subject).select(quasi)
    suppressed = _below(general, quasi, k, subject)
    out = lf.with_columns(exprs)
    if small.height:
        flag = "__suppress"
        out = (
            out.join(
                small.with_columns(pl.lit(True).alias(flag)).lazy(),
                on=quasi,
                how="left",
                nulls_equal=True,
                maintain_order="left",
            )
            .with_columns(
                pl.when(pl.col(flag)).then(None).otherwise(pl.col(c)).alias(c) for c in quasi
            )
            .drop(flag)
        )
    flag = "__small"
    after_freq = regroup(
        general.join(
            small.with_columns(pl.lit(True).alias(flag)), on=quasi, how="left", nulls_equal=True
        )
        .with_columns(pl.when(pl.col(flag)).then(None).otherwise(pl.col(c)).alias(c) for c in quasi)
        .drop(flag),
        quasi,
        subject,
    )
    chosen = dict(zip(quasi, best, strict=True))
    steps = [f"{c}: {ladders[c][i].label()}" for c, lvl in chosen.items() for i in range(lvl)]
    report = EnforcementReport(
        k_required=k,
        levels={
            c: (ladders[c][lvl - 1].label() if lvl else "raw")
            for c, lvl in zip(quasi, best, strict=True)
        },
        steps=steps,
        records_suppressed=suppressed,
        suppression_within_budget=suppressed <= budget,
        before=before,
        after=report_from_frequencies(after_freq, quasi, k, subject),
    )
    return out, report


def enforce_config(
    lf: pl.LazyFrame, config: PrivacyRiskConfig
) -> tuple[pl.LazyFrame, dict[str, Any]]:
    """enforce_k with a spec's settings, plus l-diversity when declared; manifest-ready dict."""
    out, report = enforce_k(
        lf,
        config.quasi_identifiers,
        config.k,
        config.ladders(),
        config.max_suppression,
        config.subject,
    )
    figures: dict[str, Any] = {"k_anonymity": report.as_dict()}
    if config.sensitive is not None:
        figures["l_diversity"] = ldiversity(
            out, config.quasi_identifiers, config.sensitive, config.l
        ).as_dict()
    return out, figures
