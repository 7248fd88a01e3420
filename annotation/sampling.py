"""Choosing which records become tasks, reproducibly: same table and seed, same sample."""

from __future__ import annotations

import hashlib
import logging

import polars as pl

from annotation.config import SamplingSpec

RANK = "__bohai_rank"
log = logging.getLogger(__name__)


class SamplingError(ValueError):
    """The table cannot be sampled as the spec asks; the message names the column."""


def stable_rank(keys: list[str], seed: int) -> list[str]:
    """Pseudo-random sort keys from sha256(seed, key): stable across runs and library versions."""
    return [hashlib.sha256(f"{seed}\x1f{k}".encode()).hexdigest() for k in keys]


def _with_rank(records: pl.DataFrame, key: str, seed: int) -> pl.DataFrame:
    keys = records.get_column(key).cast(pl.String).to_list()
    return records.with_columns(pl.Series(RANK, stable_rank(keys, seed), dtype=pl.String))


def _require(records: pl.DataFrame, column: str | None, what: str) -> str:
    if column is None or column not in records.columns:
        raise SamplingError(f"sampling.{what}: column {column!r} not in {records.columns}")
    return column


def allocate(counts: dict[str, int], size: int) -> dict[str, int]:
    """Split size across strata in proportion to their counts (largest remainder, capped)."""
    total = sum(counts.values())
    size = min(size, total)
    quotas = {s: size * n / total for s, n in counts.items()}
    alloc = {s: min(counts[s], int(q)) for s, q in quotas.items()}
    order = sorted(counts, key=lambda s: (-(quotas[s] - int(quotas[s])), s))
    while sum(alloc.values()) < size:
        for stratum in order:
            if sum(alloc.values()) >= size:
                break
            if alloc[stratum] < counts[stratum]:
                alloc[stratum] += 1
    return alloc


def _random(ranked: pl.DataFrame, size: int) -> pl.DataFrame:
    return ranked.sort(RANK).head(size)


def _stratified(ranked: pl.DataFrame, spec: SamplingSpec) -> pl.DataFrame:
    column = _require(ranked, spec.column, "column")
    strata = ranked.with_columns(
        pl.col(column).cast(pl.String).fill_null("<null>").alias("__bohai_stratum")
    )
    counts = dict(strata.group_by("__bohai_stratum").len().iter_rows())
    alloc = allocate(counts, spec.size)
    parts = [
        strata.filter(pl.col("__bohai_stratum") == s).sort(RANK).head(n)
        for s, n in sorted(alloc.items())
        if n
    ]
    return pl.concat(parts).sort(RANK).drop("__bohai_stratum")


def _uncertainty(ranked: pl.DataFrame, spec: SamplingSpec) -> pl.DataFrame:
    column = _require(ranked, spec.score_column, "score_column")
    score = pl.col(column).cast(pl.Float64)
    if spec.score_kind == "probability":
        score = (score - 0.5).abs()
    # records with no score were never predicted: the least certain of all, so they go first
    order = score.fill_null(float("-inf")).alias("__bohai_certainty")
    return (
        ranked.with_columns(order)
        .sort(["__bohai_certainty", RANK])
        .head(spec.size)
        .drop("__bohai_certainty")
    )


def sample(records: pl.DataFrame, spec: SamplingSpec, key: str) -> pl.DataFrame:
    """The records to annotate, in the order annotators should see them."""
    if records.height <= spec.size:
        log.info("sampling: %d records, sample size %d: taking all", records.height, spec.size)
    if records.height == 0:
        return records
    ranked = _with_rank(records, key, spec.seed)
    if spec.strategy == "random":
        chosen = _random(ranked, spec.size)
    elif spec.strategy == "stratified":
        chosen = _stratified(ranked, spec)
    else:
        chosen = _uncertainty(ranked, spec)
    return chosen.drop(RANK)
