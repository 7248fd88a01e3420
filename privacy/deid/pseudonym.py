"""Keyed pseudonyms: HMAC-SHA256 so the same identifier maps to the same token in every dataset."""

from __future__ import annotations

import hashlib
import hmac
import os

import polars as pl

MIN_KEY_BYTES = 16


class MissingKeyError(RuntimeError):
    """The pseudonym secret is not configured; we refuse to fall back to an unkeyed hash."""


def key_from_env(var: str) -> bytes:
    """Read the pseudonym key from the environment; unkeyed hashes of MMSIs are easily reversed."""
    value = os.environ.get(var, "")
    if len(value.encode()) < MIN_KEY_BYTES:
        raise MissingKeyError(
            f"environment variable {var} must hold a secret of at least {MIN_KEY_BYTES} bytes "
            "(keyed pseudonyms need it; `bohai demo` creates a development key)"
        )
    return value.encode()


def pseudonym(key: bytes, domain: str, value: str, length: int = 20) -> str:
    """Token for one value; the domain (e.g. 'mmsi') keeps equal strings of other kinds apart."""
    digest = hmac.new(key, f"{domain}\x1f{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:length]


def pseudonym_expr(
    column: str, values: list[str], key: bytes, domain: str, length: int = 20
) -> pl.Expr:
    """The column's tokens: each distinct value hashed once, then gathered row by row.

    `values` must hold every distinct value of the column. Each value's position in an Enum of
    them indexes its token: the table streams in order in flat memory (a join must keep row
    order, and `replace_strict` buffered the whole column in polars 2.1).
    """
    tokens = pl.Series(column, [pseudonym(key, domain, v, length) for v in values], pl.String)
    position = pl.col(column).cast(pl.String).cast(pl.Enum(values)).to_physical()
    return pl.lit(tokens).gather(position)


def distinct_text(lf: pl.LazyFrame, column: str) -> list[str]:
    """The column's distinct non-null values as text (what the pseudonym of a value hashes)."""
    dtype = lf.collect_schema()[column]
    if dtype == pl.String or dtype.is_integer():
        # Integers and text map one to one onto their text: casting the distinct values only
        # gives the same list and spares casting every row.
        col = pl.col(column).drop_nulls().unique().cast(pl.String)
    else:
        col = pl.col(column).cast(pl.String).drop_nulls().unique()
    return lf.select(col).collect().get_column(column).to_list()
