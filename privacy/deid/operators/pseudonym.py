"""Keyed pseudonym: HMAC-SHA256 tokens, equal across datasets so joins on them survive."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import ClassVar

import polars as pl
from pydantic import Field

from privacy.deid.operators.base import ColumnResult, Operator, Outcome, Secrets, register_operator
from privacy.deid.pseudonym import distinct_text, pseudonym, pseudonym_expr
from privacy.detect import entities as E

# Entities written with optional separators; their spans are hashed in a canonical form so
# "138 1234 5678" in a note and "13812345678" in a column get the same token.
_DIGIT_GROUPED = frozenset(
    {E.CN_RESIDENT_ID, E.CN_MOBILE, E.CN_LANDLINE, E.CN_BANK_CARD, E.CN_USCC, E.CN_VEHICLE_PLATE}
)
_SEPARATORS = re.compile(r"[\s\-·.()（）]")
_MOBILE_PREFIX = re.compile(r"^(?:\+?86|0086)(?=1[3-9][0-9]{9}$)")


def canonical(entity_type: str, value: str) -> str:
    """The form of a span that is hashed: NFKC, trimmed, separators and +86 removed for numbers."""
    text = unicodedata.normalize("NFKC", value).strip()
    if entity_type in _DIGIT_GROUPED:
        text = _SEPARATORS.sub("", text).upper()
        if entity_type == E.CN_MOBILE:
            text = _MOBILE_PREFIX.sub("", text.lstrip("+"))
    elif entity_type == E.EMAIL_ADDRESS:
        text = text.lower()
    return text


@register_operator
class Pseudonym(Operator):
    """Replace values by HMAC(key, domain, value) tokens; whoever holds the key can link them."""

    NAME: ClassVar[str] = "pseudonym"
    OUTCOME: ClassVar[Outcome] = "de-identified"
    # Keeps equal strings of different kinds apart ('mmsi' vs 'imo'); default: the column name
    # (columns) or the lower-cased entity type (spans).
    domain: str | None = None
    length: int = Field(default=20, ge=8, le=64)

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Hash each distinct value once and look the tokens up row by row."""
        return self.apply_known(lf, column, secrets, distinct_text(lf, column))

    def apply_known(
        self, lf: pl.LazyFrame, column: str, secrets: Secrets, distinct: list[str]
    ) -> ColumnResult:
        """`apply` with the column's distinct values read before (a superset is fine)."""
        key = secrets.pseudonym()
        expr = pseudonym_expr(column, distinct, key, self.domain or column, self.length)
        return ColumnResult(lf.with_columns(expr.alias(column)))

    def replace(self, values: Sequence[str], entity_type: str, secrets: Secrets) -> list[str]:
        """`<ENTITY:token>` for each span, hashed in canonical form."""
        key = secrets.pseudonym()
        domain = self.domain or entity_type.lower()
        return [
            f"<{entity_type}:{pseudonym(key, domain, canonical(entity_type, v), self.length)}>"
            for v in values
        ]
