"""Typed placeholder: a value becomes its type in angle brackets, e.g. <CN_RESIDENT_ID>."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import polars as pl

from privacy.deid.operators.base import Operator, Outcome, Secrets, register_operator


@register_operator
class Placeholder(Operator):
    """Replace values by a typed placeholder so readers (and models) still see what was there."""

    NAME: ClassVar[str] = "placeholder"
    OUTCOME: ClassVar[Outcome] = "anonymized"
    # The type name inside the brackets; default: the entity type (spans) or column name.
    label: str | None = None

    def expr(self, column: str, secrets: Secrets) -> pl.Expr:
        """`<LABEL>` where the column has a value, null where it has none."""
        tag = f"<{self.label or column.upper()}>"
        return pl.when(pl.col(column).is_null()).then(None).otherwise(pl.lit(tag))

    def replace(self, values: Sequence[str], entity_type: str, secrets: Secrets) -> list[str]:
        """Every span becomes `<ENTITY_TYPE>` (or the configured label)."""
        tag = f"<{self.label or entity_type}>"
        return [tag for _ in values]
