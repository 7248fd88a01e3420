"""Mask: characters become `*`, optionally keeping a few at either end (138****5678)."""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from pydantic import Field

from privacy.deid.operators.base import Operator, Outcome, Secrets, register_operator


@register_operator
class Mask(Operator):
    """Hide all but `keep_first` leading and `keep_last` trailing characters.

    A value too short to keep that many characters and still hide one is masked entirely,
    so a 4-character value with keep_last=4 is never shown in full.
    """

    NAME: ClassVar[str] = "mask"
    OUTCOME: ClassVar[Outcome] = "anonymized"
    keep_first: int = Field(default=0, ge=0)
    keep_last: int = Field(default=0, ge=0)
    char: str = Field(default="*", min_length=1, max_length=1)

    def expr(self, column: str, secrets: Secrets) -> pl.Expr:
        """Masked string of the same length; null stays null."""
        text = pl.col(column).cast(pl.String)
        # Int64, and the hidden middle never below 0: polars computes every branch of the
        # `when` for every row, and a UInt32 length minus `kept` wraps to ~4e9 for a short
        # value (polars 2.2 pads that: 4 GB per row).
        n = text.str.len_chars().cast(pl.Int64)
        kept = self.keep_first + self.keep_last
        head = text.str.slice(0, self.keep_first) if self.keep_first else pl.lit("")
        tail = text.str.tail(self.keep_last) if self.keep_last else pl.lit("")
        middle = pl.lit("").str.pad_end((n - kept).clip(lower_bound=0), self.char)
        full = pl.lit("").str.pad_end(n, self.char)
        return (
            pl.when(text.is_null())
            .then(None)
            .when(n <= kept)
            .then(full)
            .otherwise(pl.concat_str([head, middle, tail]))
        )
