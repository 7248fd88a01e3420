"""Conditional drop: a value becomes null on rows where another column meets a condition."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl
from pydantic import BaseModel, ConfigDict

from privacy.deid.operators.base import Operator, Outcome, Secrets, register_operator


class Condition(BaseModel):
    """A row condition: column equals one of the values."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    column: str
    equals: list[Any]

    def expr(self) -> pl.Expr:
        """Polars expression true where the condition holds."""
        return pl.col(self.column).is_in(self.equals)


@register_operator
class DropWhen(Operator):
    """Null the value where `when` holds (e.g. the names of class-B, mostly private, vessels).

    The remaining values are released as they are, so the column is only de-identified.
    """

    NAME: ClassVar[str] = "drop_when"
    OUTCOME: ClassVar[Outcome] = "de-identified"
    SPANS: ClassVar[bool] = False
    when: Condition

    def reads(self) -> frozenset[str]:
        """The condition column must still hold raw values."""
        return frozenset({self.when.column})

    def expr(self, column: str, secrets: Secrets) -> pl.Expr:
        """Null where the condition holds, the value elsewhere."""
        return pl.when(self.when.expr()).then(None).otherwise(pl.col(column))
