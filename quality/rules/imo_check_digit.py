"""IMO ship numbers carry a check digit; a wrong one means a mistyped or forged identity."""

import polars as pl

from quality.rules.base import RowRule, register


def imo_is_valid(imo: int) -> bool:
    """True when a 7-digit IMO number's last digit matches the weighted sum of the first six."""
    if not 1_000_000 <= imo <= 9_999_999:
        return False
    digits = [int(c) for c in str(imo)]
    return sum(d * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10 == digits[6]


def imo_valid_expr(col: pl.Expr) -> pl.Expr:
    """Vectorized IMO check digit test (null IMOs count as valid: absent is not wrong)."""
    digit = [(col // 10**p) % 10 for p in range(6, -1, -1)]
    weighted = sum(d * w for d, w in zip(digit[:6], range(7, 1, -1), strict=True))
    ok = col.is_between(1_000_000, 9_999_999) & ((weighted % 10) == digit[6])
    return col.is_null() | ok


@register
class ImoCheckDigit(RowRule):
    """Rows whose IMO number fails its check digit."""

    name = "imo_check_digit"
    columns = ("imo",)
    scope = "row"

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Flag non-null IMO numbers with a wrong check digit or length."""
        return frame.filter(~imo_valid_expr(pl.col("imo"))).select(
            "_row", pl.format("IMO {} fails the check digit", pl.col("imo")).alias("detail")
        )
