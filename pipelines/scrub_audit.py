"""Every check of one scrubbed table from as few reads as polars allows (no Dagster).

Before the scrub, one pass reads the source's distinct identifier and free-text values
(`SourceValues`); the identifier list, the masking and the residue checks share them. After the
table is written, one pass over the written file computes the release statistics and every text
column's distinct values, from which the leak audit, the U+FFFD check and the residue check
work; the file's sha256 lets the release reuse the statistics instead of reading it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from privacy.audit.distinct import ColumnValues, distinct_exprs, values_of
from privacy.audit.leaks import LeakAuditConfig, LeakAuditReport, audit_table
from privacy.audit.residue import (
    TextIdentifiers,
    conditional_drop_violations,
    free_text_columns,
    masked_text_rows,
    raw_identifier_leaks,
    treated_columns,
)
from privacy.deid.policy import ColumnPolicy
from quality.encoding import replacement_characters
from releases.hashing import sha256_file
from releases.stats import ROWS, statistics_exprs, statistics_of

# Output names of the aggregates beside each other in one select (no column starts with \x1e).
_TREATED, _TEXT = "\x1etreated\x1e", "\x1etext\x1e"


@dataclass(slots=True)
class SourceValues:
    """Distinct values of a source table read once: treated identifiers and free text."""

    identifiers: ColumnValues
    text: ColumnValues


def read_source_values(source: pl.LazyFrame, policies: dict[str, ColumnPolicy]) -> SourceValues:
    """Treated columns' and free text's distinct values in one pass over the source.

    The searches prune their patterns with the text only while it stays small (PRUNE_BYTES).
    """
    schema = source.collect_schema()
    treated = [c for c in treated_columns(policies) if c in schema]
    text = free_text_columns(source, policies)
    row = source.select(
        *distinct_exprs(schema, treated, _TREATED), *distinct_exprs(schema, text, _TEXT)
    ).collect()
    return SourceValues(values_of(row, treated, _TREATED), values_of(row, text, _TEXT))


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
    stats = statistics_exprs(schema)
    row = result.select(*stats, *distinct_exprs(schema, strings, _TEXT)).collect()
    figures = row.select(c for c in row.columns if not c.startswith(_TEXT)).row(0, named=True)
    rows = int(figures[ROWS])
    statistics = statistics_of(schema, figures)
    values = values_of(row, strings, _TEXT)
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
