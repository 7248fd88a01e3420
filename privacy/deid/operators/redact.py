"""Redact: every value becomes null (in free text, the span is cut out or replaced by a marker)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import polars as pl

from privacy.deid.operators.base import Operator, Outcome, Secrets, register_operator


@register_operator
class Redact(Operator):
    """Blank the values but keep the column, so the table's shape and row count stay the same."""

    NAME: ClassVar[str] = "redact"
    OUTCOME: ClassVar[Outcome] = "anonymized"
    # What a redacted span in free text becomes (empty: cut out).
    replacement: str = ""

    def expr(self, column: str, secrets: Secrets) -> pl.Expr:
        """Null of the column's own type."""
        return pl.when(pl.lit(False)).then(pl.col(column))

    def replace(self, values: Sequence[str], entity_type: str, secrets: Secrets) -> list[str]:
        """Every span becomes the fixed replacement."""
        return [self.replacement for _ in values]
