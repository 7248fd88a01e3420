"""Column privacy policies from the dataset spec, and applying them to a table."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, model_validator

from privacy.pseudonym import pseudonym_expr

Category = Literal["identifier", "personal", "sensitive", "quasi_identifier", "none"]
PolicyName = Literal["keep", "drop", "pseudonym", "drop_when", "mask"]
PERSONAL_CATEGORIES: frozenset[str] = frozenset({"identifier", "personal", "sensitive"})


class Condition(BaseModel):
    """A row condition: column equals one of the values."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    column: str
    equals: list[Any]

    def expr(self) -> pl.Expr:
        """Polars expression true where the condition holds."""
        return pl.col(self.column).is_in(self.equals)


class ColumnPolicy(BaseModel):
    """How one column is classified and treated before release."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    category: Category
    policy: PolicyName | None = None
    rename: str | None = None
    domain: str | None = None
    when: Condition | None = None
    keep_last: int = 0
    reason: str | None = None

    @model_validator(mode="after")
    def _params_fit(self) -> ColumnPolicy:
        if self.policy == "drop_when" and self.when is None:
            raise ValueError("policy drop_when needs a 'when' condition")
        if self.policy != "drop_when" and self.when is not None:
            raise ValueError("'when' only applies to policy drop_when")
        if self.policy == "keep" and self.category in PERSONAL_CATEGORIES and not self.reason:
            raise ValueError(f"keeping a {self.category} column needs a recorded 'reason'")
        return self


@dataclass(frozen=True, slots=True)
class ColumnTreatment:
    """What was done to one column, as the release manifest records it (PIPL art. 73)."""

    column: str
    output_column: str | None
    category: str
    operator: str
    outcome: Literal["anonymized", "de-identified", "unchanged", "removed"]
    affected_rows: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON manifests."""
        return asdict(self)


def apply_policies(
    lf: pl.LazyFrame, policies: dict[str, ColumnPolicy], key: bytes | None
) -> tuple[pl.LazyFrame, list[ColumnTreatment]]:
    """Apply column policies lazily; returns the new plan and a record of each treatment."""
    treatments: list[ColumnTreatment] = []
    for column, pol in policies.items():
        out_name = pol.rename or column
        op = pol.policy or "keep"
        if op == "keep":
            treatments.append(ColumnTreatment(column, column, pol.category, "keep", "unchanged"))
            continue
        if op == "drop":
            lf = lf.drop(column)
            treatments.append(ColumnTreatment(column, None, pol.category, "drop", "removed"))
            continue
        if op == "pseudonym":
            if key is None:
                raise ValueError(f"column {column}: pseudonym policy needs a key")
            lf, expr = pseudonym_expr(lf, column, key, pol.domain or column)
            lf = lf.with_columns(expr.alias(column)).drop(expr.meta.output_name())
            # Keyed pseudonyms stay linkable by whoever holds the key: de-identified, not anonymous.
            outcome: Literal["anonymized", "de-identified"] = "de-identified"
            treatments.append(ColumnTreatment(column, out_name, pol.category, "pseudonym", outcome))
        elif op == "drop_when":
            assert pol.when is not None
            lf = lf.with_columns(
                pl.when(pol.when.expr()).then(None).otherwise(pl.col(column)).alias(column)
            )
            treatments.append(
                ColumnTreatment(column, out_name, pol.category, "drop_when", "de-identified")
            )
        elif op == "mask":
            text = pl.col(column).cast(pl.String)
            tail = text.str.slice(-pol.keep_last) if pol.keep_last else pl.lit("")
            masked = pl.lit("*").repeat_by(text.str.len_chars() - pol.keep_last).list.join("")
            lf = lf.with_columns(
                pl.when(text.is_null()).then(None).otherwise(masked + tail).alias(column)
            )
            treatments.append(ColumnTreatment(column, out_name, pol.category, "mask", "anonymized"))
        if pol.rename:
            lf = lf.rename({column: pol.rename})
    return lf, treatments
