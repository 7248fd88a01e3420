"""Drop: the column leaves the table (in free text, the span is removed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import polars as pl

from privacy.deid.operators.base import ColumnResult, Operator, Outcome, Secrets, register_operator


@register_operator
class Drop(Operator):
    """Remove the column entirely: nothing of it is released."""

    NAME: ClassVar[str] = "drop"
    OUTCOME: ClassVar[Outcome] = "anonymized"

    def removes_column(self) -> bool:
        """The column is gone afterwards."""
        return True

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Drop the column from the plan."""
        return ColumnResult(lf.drop(column))

    def replace(self, values: Sequence[str], entity_type: str, secrets: Secrets) -> list[str]:
        """A dropped span leaves nothing behind."""
        return ["" for _ in values]
