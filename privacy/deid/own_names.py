"""A row's own short name inside that row's free text: 患者赖娟签字 in the note of 赖娟's row.

Names of identifier columns are searched across a table's text only from three Chinese
characters (privacy.audit.residue.MIN_HAN_TEXT_LEN): a two-character name such as 王芳 is also
an everyday word somewhere. Inside the row that names the person, though, the same two
characters are that person: they are masked there, whatever their length, before the column
policies run.
"""

from __future__ import annotations

import polars as pl

from privacy.audit.distinct import ColumnValues
from privacy.audit.residue import free_text_columns
from privacy.deid.policy import RAW_VALUE_REMOVING, ColumnPolicy

_HAN_NAME = r"^[\u3400-\u9fff\uf900-\ufaff·]{2,}$"


def name_columns(source: pl.LazyFrame, policies: dict[str, ColumnPolicy]) -> list[str]:
    """String identifier columns the spec removes from the release (a name, a person's id)."""
    schema = source.collect_schema()
    return [
        name
        for name, pol in policies.items()
        if pol.category == "identifier"
        and pol.policy in RAW_VALUE_REMOVING
        and schema.get(name) == pl.String
    ]


def _holding_names(source: pl.LazyFrame, names: list[str], values: ColumnValues) -> list[str]:
    """The name columns holding a Chinese name in some row.

    From the columns' distinct values when `values` has them all (a row's value is one of
    them, so none is missed), else from one read of the columns.
    """
    if all(n in values for n in names):
        return [n for n in names if values[n].str.strip_chars().str.contains(_HAN_NAME).any()]
    held = source.select(pl.col(n).str.strip_chars().str.contains(_HAN_NAME).any() for n in names)
    return [n for n, any_han in zip(names, held.collect().row(0), strict=True) if any_han]


def mask_own_names(
    source: pl.LazyFrame, policies: dict[str, ColumnPolicy], values: ColumnValues | None = None
) -> pl.LazyFrame:
    """Each free-text value with its own row's Chinese name (2+ characters) as <COLUMN>.

    `values` may hold the name columns' distinct values, read before (the scrub reads every
    treated column's): then no read of the table is needed to find which columns hold names.
    """
    names = name_columns(source, policies)
    texts = [c for c in free_text_columns(source, policies) if c not in names]
    if not names or not texts:
        return source
    # Only columns that hold Chinese names at all (UUID keys, Latin names), as polars computes
    # both branches of the replacement below for every row.
    names = _holding_names(source, names, values or {})
    if not names:
        return source
    for name in names:  # one step per name column: nesting them would grow the plan 3x each
        own = pl.col(name).str.strip_chars()
        source = source.with_columns(
            pl.when(own.str.contains(_HAN_NAME) & pl.col(text).str.contains(own, literal=True))
            .then(pl.col(text).str.split(own).list.join(f"<{name.upper()}>"))
            .otherwise(pl.col(text))
            .alias(text)
            for text in texts
        )
    return source
