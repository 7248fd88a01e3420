"""Reversible encryption of a column or of spans; `privacy.deid.crypto.decrypt` reverses it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import polars as pl

from privacy.deid.crypto import Mode, encrypt_values
from privacy.deid.operators.base import (
    ColumnResult,
    Operator,
    Outcome,
    Secrets,
    map_distinct,
    register_operator,
)


@register_operator
class Encrypt(Operator):
    """Encrypt values with a key from BOHAI_ENCRYPTION_KEY; reversible, hence only de-identified.

    mode "siv" (AES-SIV) is deterministic: equal values give equal tokens in every dataset, so
    they stay joinable. mode "gcm" (AES-GCM) draws a fresh nonce per distinct value and run:
    tokens do not link across releases (equal values within one table share a token).
    """

    NAME: ClassVar[str] = "encrypt"
    OUTCOME: ClassVar[Outcome] = "de-identified"
    mode: Mode = "siv"
    # Bound as associated data; needed again to decrypt. Default: the column name / entity type.
    domain: str | None = None

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Encrypt each distinct value once and join the tokens back."""
        secret, domain = secrets.encryption(), self.domain or column
        lf = map_distinct(lf, column, lambda vs: encrypt_values(vs, secret, domain, self.mode))
        return ColumnResult(lf, {"mode": self.mode, "domain": domain})

    def replace(self, values: Sequence[str], entity_type: str, secrets: Secrets) -> list[str]:
        """`<ENTITY:token>` per span; decrypt with domain = the entity type unless configured."""
        tokens = encrypt_values(
            list(values), secrets.encryption(), self.domain or entity_type, self.mode
        )
        return [f"<{entity_type}:{t}>" for t in tokens]
