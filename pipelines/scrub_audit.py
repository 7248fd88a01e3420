"""Every check of one scrubbed table from as few reads as polars allows (no Dagster).

Before the scrub, one batch of narrow queries reads the source's distinct identifier and
free-text values (`SourceValues`); the identifier list, the masking and the residue checks
share them. After the table is written, one batch over the written file computes the release
statistics and every text column's distinct values, from which the leak audit, the U+FFFD
check and the residue check work; the file's sha256 lets the release reuse the statistics
instead of reading the file again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from connectors.base import parquet_null_counts
from pipelines.file_versions import work_file_sha256
from privacy.audit.distinct import ColumnValues, collect_with_values, distinct_values
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
from releases.stats import ROWS, null_figures, statistics_exprs, statistics_of, with_distinct


@dataclass(slots=True)
class SourceValues:
    """Distinct values of a source table read once: treated identifiers and free text."""

    identifiers: ColumnValues
    text: ColumnValues


def read_source_values(
    source: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    identifiers: ColumnValues | None = None,
) -> SourceValues:
    """Treated columns' and free text's distinct values in one batch of narrow queries.

    The text is read whole however big: the written file's text columns are read whole for the
    leak audit anyway (the searches prune with it only while it stays under PRUNE_BYTES).
    `identifiers` (from `read_identifier_values`) are used instead of reading them again.
    """
    schema = source.collect_schema()
    treated = [c for c in treated_columns(policies) if c in schema]
    known = identifiers if identifiers is not None else {}
    text = free_text_columns(source, policies)
    wanted = [*(c for c in treated if c not in known), *(c for c in text if c not in treated)]
    values = known | distinct_values(source, wanted)
    return SourceValues({c: values[c] for c in treated}, {c: values[c] for c in text})


def read_identifier_values(source: pl.LazyFrame, policies: dict[str, ColumnPolicy]) -> ColumnValues:
    """The treated columns' distinct values alone, in one batch of narrow queries.

    Read before own names are masked (`mask_own_names` finds the columns holding names in
    them instead of reading the table): masking changes free text only, never these columns.
    """
    schema = source.collect_schema()
    return distinct_values(source, [c for c in treated_columns(policies) if c in schema])


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
    """Statistics and text values of the written file in one batch, then each check from them.

    Null counts come from the file's footer, so the batch reads each text column once.
    """
    result = pl.scan_parquet(path)
    schema = result.collect_schema()
    strings = [c for c, t in schema.items() if t == pl.String]
    stats_query = result.select(statistics_exprs(schema, counted=True, nulls=False))
    (row,), values = collect_with_values(result, strings, stats_query)
    figures = row.row(0, named=True) | null_figures(parquet_null_counts(path))
    rows = int(figures[ROWS])
    statistics = with_distinct(statistics_of(schema, figures), values)
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
        sha256=work_file_sha256(path),
    )


def statistics_path(stage_dir: Path, table: str) -> Path:
    """Where scrubbed keeps one table's statistics with the sha256 of the file they describe.

    Beside the report, not in it: the last bits of a mean depend on how the rows were chunked,
    and the report must be the same whichever path wrote the table.
    """
    return stage_dir / f"{table}.statistics.json"


def save_statistics(stage_dir: Path, table: str, audit: WrittenAudit) -> None:
    """Keep the written table's statistics for the release, keyed by the file's sha256."""
    known = {"sha256": audit.sha256, "statistics": audit.statistics}
    statistics_path(stage_dir, table).write_text(json.dumps(known, default=str))


def known_statistics(stage_dir: Path, table: str) -> dict[str, dict[str, Any]]:
    """{sha256: statistics} saved for a table by scrubbed, or {} when none were saved."""
    path = statistics_path(stage_dir, table)
    if not path.is_file():
        return {}
    known = json.loads(path.read_text())
    return {known["sha256"]: known["statistics"]}
