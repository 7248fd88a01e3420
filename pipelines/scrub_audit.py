"""Every check of one scrubbed table from as few reads as polars allows (no Dagster).

Before the scrub, one batch reads the source's distinct identifier values and sizes its free
text (`SourceValues`); the identifier list, the pseudonym-free residue check and the masking
share them. After the table is written, one batch over the written file computes the release
statistics and every text column's distinct values, from which the leak audit, the U+FFFD
check and the residue check work; the file's sha256 lets the release reuse the statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from privacy.audit.distinct import NARROW, ColumnValues, distinct_queries, distinct_values
from privacy.audit.leaks import LeakAuditConfig, LeakAuditReport, audit_table
from privacy.audit.residue import (
    TextIdentifiers,
    conditional_drop_violations,
    free_text_columns,
    masked_text_rows,
    raw_identifier_leaks,
    treated_columns,
)
from privacy.audit.text_search import PRUNE_BYTES
from privacy.deid.policy import ColumnPolicy
from quality.encoding import replacement_characters
from releases.hashing import sha256_file
from releases.stats import ROWS, statistics_exprs, statistics_of


@dataclass(slots=True)
class SourceValues:
    """Distinct values of a source table read once: treated identifiers and small free text.

    `text` is None when the free text is too big to hold (the searches then read it as before).
    """

    identifiers: ColumnValues
    text: ColumnValues | None


def read_source_values(source: pl.LazyFrame, policies: dict[str, ColumnPolicy]) -> SourceValues:
    """Treated columns' distinct values and the free-text size in one batch, then small text."""
    names = source.collect_schema().names()
    treated = [c for c in treated_columns(policies) if c in names]
    text = free_text_columns(source, policies)
    # (estimated distinct values) x (longest value), as `possible_patterns` bounds what it reads
    sizes = [
        pl.col(c).approx_n_unique().cast(pl.Float64) * pl.col(c).str.len_bytes().max() for c in text
    ]
    size = source.select(pl.sum_horizontal(sizes) if sizes else pl.lit(0.0))
    frames = pl.collect_all([size, *distinct_queries(source, treated)], optimizations=NARROW)
    identifiers = {c: f.get_column(c) for c, f in zip(treated, frames[1:], strict=True)}
    if (frames[0].item() or 0) > PRUNE_BYTES:
        return SourceValues(identifiers, None)
    return SourceValues(identifiers, distinct_values(source, text))


@dataclass(slots=True)
class WrittenAudit:
    """What the checks of one written table found, and the statistics a release reuses."""

    rows: int
    leak_audit: LeakAuditReport
    garbled: dict[str, int]
    leaks: dict[str, int]
    undropped: dict[str, int]
    masked_in_text: dict[str, int]
    statistics: dict[str, dict[str, Any]]
    sha256: str


def audit_written(
    path: Path,
    source: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    identifiers: TextIdentifiers,
    known: SourceValues,
    config: LeakAuditConfig | None,
) -> WrittenAudit:
    """Statistics and text values of the written file in one batch, then each check from them."""
    result = pl.scan_parquet(path)
    schema = result.collect_schema()
    strings = [c for c, t in schema.items() if t == pl.String]
    frames = pl.collect_all(
        [result.select(statistics_exprs(schema)), *distinct_queries(result, strings)],
        optimizations=NARROW,
    )
    figures = frames[0].row(0, named=True)
    rows = int(figures[ROWS])
    statistics = statistics_of(schema, figures)
    values = {c: f.get_column(c) for c, f in zip(strings, frames[1:], strict=True)}
    return WrittenAudit(
        rows=rows,
        leak_audit=audit_table(result, config, values, rows),
        garbled=replacement_characters(result, values),
        leaks=raw_identifier_leaks(
            source, result, policies, identifiers, known.identifiers, values
        ),
        undropped=conditional_drop_violations(result, policies),
        masked_in_text=masked_text_rows(source, result, policies, identifiers, known.text),
        statistics=statistics,
        sha256=sha256_file(path),
    )
