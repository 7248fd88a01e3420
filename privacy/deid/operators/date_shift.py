"""Date shifting: every date of a subject moves by the same secret offset, in every table."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta
from typing import ClassVar, Literal

import polars as pl
from pydantic import Field

from privacy.deid.generalizers import as_date
from privacy.deid.operators.base import (
    ColumnResult,
    Operator,
    OperatorError,
    Outcome,
    Secrets,
    first_failure,
    register_operator,
)

Direction = Literal["back", "both"]


def shift_days(
    key: bytes,
    subject: str,
    max_days: int,
    domain: str = "date_shift",
    direction: Direction = "both",
) -> int:
    """The subject's offset in days: within [-max_days, -1] (`back`), or either sign (`both`,
    the default: a date moved forward can pass the release date), fixed by the key.

    It is derived from HMAC(key, subject), so no table of offsets has to be stored and the
    same subject moves by the same amount in every table and every run. `back` keeps the
    magnitude `both` gives, so a subject whose offset was negative keeps it exactly.
    """
    digest = hmac.new(key, f"{domain}\x1f{subject}".encode(), hashlib.sha256).digest()
    magnitude = 1 + int.from_bytes(digest[:8], "big") % max_days
    return magnitude if direction == "both" and digest[8] & 1 else -magnitude


MIN_YEAR, MAX_YEAR = 1, 9999


@register_operator
class DateShift(Operator):
    """Shift dates and timestamps by a per-subject offset: intervals within a subject survive.

    With `direction: back` (what `bohai init` drafts) dates move back only: a shifted date never
    lies after its source date, so never after the source's latest date, the release date or
    today, and a date in the future cannot tell that a subject's offset was positive. The
    default `both` keeps the offsets of datasets released before (new offsets for the same
    pseudonymised subjects would let anyone holding both versions average them). Whoever holds
    the key can
    recompute the offsets, so the result is de-identified, not anonymized. Rows without a
    subject cannot be shifted consistently: their date becomes null and is counted.
    """

    NAME: ClassVar[str] = "date_shift"
    OUTCOME: ClassVar[Outcome] = "de-identified"
    SPANS: ClassVar[bool] = False
    subject: str
    max_days: int = Field(default=365, ge=1, le=36500)
    domain: str = "date_shift"
    direction: Direction = "both"

    def reads(self) -> frozenset[str]:
        """The subject column must still hold raw identifiers."""
        return frozenset({self.subject})

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Join each distinct subject's offset and add it to the column."""
        schema = lf.collect_schema()
        if self.subject not in schema:
            raise OperatorError(f"column {column}: date_shift subject {self.subject!r} not found")
        key = secrets.pseudonym()
        dtype = schema[column]
        if isinstance(dtype, pl.Date | pl.Datetime):
            value = pl.col(column)
        else:
            value = as_date(column)
            failure = first_failure(lf, column, pl.col(column).is_not_null() & value.is_null())
            if failure:
                raise OperatorError(
                    f"column {column}: {failure[0]} values are not dates for date_shift "
                    f"(first at {failure[1]})"
                )
        subjects = (
            lf.select(pl.col(self.subject).cast(pl.String).drop_nulls().unique())
            .collect()
            .get_column(self.subject)
            .to_list()
        )
        raw, off = f"__subject_{column}", f"__offset_{column}"
        days = [shift_days(key, s, self.max_days, self.domain, self.direction) for s in subjects]
        offsets = pl.DataFrame(
            {raw: subjects, off: days},
            schema={raw: pl.String, off: pl.Int64},
        )
        no_subject = (
            lf.select((pl.col(column).is_not_null() & pl.col(self.subject).is_null()).sum())
            .collect()
            .item()
        )
        moved = value + pl.duration(days=pl.col(off))
        # A shift past year 1 or 9999 has no calendar date (Python: "year 0 is out of range"):
        # such a value becomes null and is counted, never a crash later in the release.
        valid = moved.dt.year().is_between(MIN_YEAR, MAX_YEAR)
        shifted = (
            lf.with_columns(pl.col(self.subject).cast(pl.String).alias(raw))
            .join(offsets.lazy(), on=raw, how="left", maintain_order="left")
            .with_columns(pl.when(valid).then(moved).alias(column))
            .drop(raw, off)
        )
        edge = (value.cast(pl.Date) < date(MIN_YEAR, 1, 1) + timedelta(days=self.max_days)) | (
            value.cast(pl.Date) > date(MAX_YEAR, 12, 31) - timedelta(days=self.max_days)
        )
        out_of_range = (
            lf.filter(edge)
            .with_columns(pl.col(self.subject).cast(pl.String).alias(raw))
            .join(offsets.lazy(), on=raw, how="inner")
            .select((~valid).fill_null(False).sum())
            .collect()
            .item()
        )
        detail = {
            "subject": self.subject,
            "max_days": self.max_days,
            "direction": self.direction,
            "suppressed": no_subject,
            "out_of_range": int(out_of_range),
        }
        return ColumnResult(shifted, detail)
