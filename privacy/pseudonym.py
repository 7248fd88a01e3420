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
    lf: pl.LazyFrame, column: str, key: bytes, domain: str, length: int = 20
) -> tuple[pl.LazyFrame, pl.Expr]:
    """Pseudonymize a column by hashing its distinct values once and joining them back."""
    distinct = lf.select(pl.col(column).cast(pl.String).drop_nulls().unique()).collect()
    values = distinct.get_column(column).to_list()
    mapping = pl.DataFrame(
        {
            f"__raw_{column}": values,
            f"__pseudo_{column}": [pseudonym(key, domain, v, length) for v in values],
        },
        schema={f"__raw_{column}": pl.String, f"__pseudo_{column}": pl.String},
    )
    joined = lf.with_columns(pl.col(column).cast(pl.String).alias(f"__raw_{column}")).join(
        mapping.lazy(), on=f"__raw_{column}", how="left", maintain_order="left"
    )
    return joined.drop(f"__raw_{column}"), pl.col(f"__pseudo_{column}")
