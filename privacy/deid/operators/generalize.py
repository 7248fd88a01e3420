"""Generalize: coarsen a value (birth date -> year, age -> 5-year band, address -> city, ...)."""

from __future__ import annotations

from typing import ClassVar, Literal

import polars as pl
from pydantic import Field, model_validator

from privacy.deid import generalizers as g
from privacy.deid.operators.base import (
    ColumnResult,
    Operator,
    OperatorError,
    Outcome,
    Secrets,
    first_failure,
    register_operator,
)

Kind = Literal["date", "birth_date", "age", "address", "coordinates", "zip", "suppress"]
# Parameters each kind reads; setting another one is a spec error, not silently ignored.
_PARAMS: dict[str, frozenset[str]] = {
    "date": frozenset({"to"}),
    "birth_date": frozenset({"to"}),
    "age": frozenset({"band", "top_code"}),
    "address": frozenset(),
    "coordinates": frozenset({"cell"}),
    "zip": frozenset({"keep"}),
    "suppress": frozenset(),
}
# Kinds whose input must be readable: an unreadable value is an error naming its row.
_STRICT: dict[str, str] = {
    "date": "date",
    "birth_date": "date",
    "age": "age between 0 and 150",
    "coordinates": "number",
}


@register_operator
class Generalize(Operator):
    """Replace values by a coarser version; what `kind` of value decides how."""

    NAME: ClassVar[str] = "generalize"
    # A birth year or an age band still helps single a person out beside other quasi-identifiers:
    # the column is de-identified; whether people are anonymous is the table's k, not a column's.
    OUTCOME: ClassVar[Outcome] = "de-identified"
    kind: Kind
    to: Literal["year", "month", "decade"] = "year"
    band: int = Field(default=5, ge=1)
    top_code: int | None = Field(default=90, ge=1)
    cell: float = Field(default=0.1, gt=0)
    keep: int = Field(default=3, ge=0)

    @model_validator(mode="after")
    def _params_fit_kind(self) -> Generalize:
        extra = self.model_fields_set - {"kind"} - _PARAMS[self.kind]
        if extra:
            allowed = ", ".join(sorted(_PARAMS[self.kind])) or "none"
            raise ValueError(
                f"generalize kind {self.kind!r} takes no {', '.join(sorted(extra))} "
                f"(parameters: {allowed})"
            )
        return self

    def label(self) -> str:
        """Short description for reports, e.g. 'age/5y' or 'date/decade'."""
        detail = {
            "date": self.to,
            "birth_date": self.to,
            "age": f"{self.band}y",
            "coordinates": f"{self.cell}deg",
            "zip": f"{self.keep}",
        }.get(self.kind)
        return f"{self.kind}/{detail}" if detail else self.kind

    def expr(
        self, column: str, secrets: Secrets | None = None, dtype: pl.DataType | None = None
    ) -> pl.Expr:
        """The generalized value as one expression (also used by k-anonymity hierarchies)."""
        if self.kind in ("date", "birth_date"):
            return g.date_to(column, self.to, dtype)
        if self.kind == "age":
            return g.age_band(column, self.band, self.top_code)
        if self.kind == "address":
            return g.city_level(column)
        if self.kind == "coordinates":
            return g.grid(column, self.cell)
        if self.kind == "zip":
            return g.prefix(column, self.keep)
        return g.suppressed(column)

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Generalize the column; unreadable values raise, unplaceable addresses are counted."""
        dtype = lf.collect_schema()[column]
        expr = self.expr(column, secrets, dtype)
        lost = pl.col(column).is_not_null() & expr.is_null()
        detail: dict[str, object] = {"generalization": self.label()}
        # Typed dates and numbers always read; only text can fail to.
        readable = dtype.is_temporal() or (dtype.is_numeric() and self.kind == "coordinates")
        if self.kind in _STRICT and not readable:
            failure = first_failure(lf, column, lost)
            if failure:
                n, where = failure
                raise OperatorError(
                    f"column {column}: {n} values cannot be read as a {_STRICT[self.kind]} "
                    f"for generalize/{self.kind} (first at {where})"
                )
        elif self.kind == "address":
            detail["suppressed"] = lf.select(lost.sum()).collect().item()
        return ColumnResult(lf.with_columns(expr.alias(column)), detail)
