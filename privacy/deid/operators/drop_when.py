"""Conditional drop: a value becomes null on rows where another column meets a condition."""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl
from pydantic import BaseModel, ConfigDict, field_validator

from privacy.deid.operators.base import (
    ColumnResult,
    Operator,
    Outcome,
    Secrets,
    build_operator,
    register_operator,
)


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

    The remaining values are released as they are, so the column is only de-identified, unless
    `otherwise` names an operator for them: a column of mixed answers, such as an observation's
    value, drops the answers that are a home address and scans the free text of the others
    (`otherwise: scan`), which a plain drop_when released in clear.
    """

    NAME: ClassVar[str] = "drop_when"
    OUTCOME: ClassVar[Outcome] = "de-identified"
    SPANS: ClassVar[bool] = False
    when: Condition
    otherwise: Any = None

    @field_validator("otherwise")
    @classmethod
    def _build_otherwise(cls, value: Any) -> Operator | None:
        if value is None:
            return None
        op = build_operator(value)
        if op.reads() or op.removes_column() or isinstance(op, DropWhen):
            raise ValueError(
                f"otherwise: {op.NAME!r} cannot treat the values drop_when keeps "
                "(it reads other columns or removes the column)"
            )
        return op

    def reads(self) -> frozenset[str]:
        """The condition column must still hold raw values."""
        return frozenset({self.when.column})

    def scans_text(self) -> bool:
        """Whether the values kept go through the text scan."""
        return self.otherwise is not None and self.otherwise.scans_text()

    def expr(self, column: str, secrets: Secrets) -> pl.Expr | None:
        """Null where the condition holds, the value elsewhere (None when `otherwise` treats
        the rest: see `apply`)."""
        if self.otherwise is not None:
            return None
        return self._dropped(column)

    def _dropped(self, column: str) -> pl.Expr:
        return pl.when(self.when.expr()).then(None).otherwise(pl.col(column))

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Drop where the condition holds, then treat the values left by `otherwise`."""
        dropped = lf.with_columns(self._dropped(column).alias(column))
        if self.otherwise is None:
            return ColumnResult(dropped)
        rest = self.otherwise.apply(dropped, column, secrets)
        return ColumnResult(rest.lf, {"otherwise": self.otherwise.NAME} | rest.detail)
