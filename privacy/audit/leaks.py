"""Leak audit: scan the whole candidate release again after scrubbing, and report what is left.

String columns are searched for validated identifiers (`privacy.audit.values`, vectorized);
declared free-text columns also go through the detection engine when it is installed. A hit
of a forbidden entity type at or above `min_score` fails the audit. Hits are reported with
column, row and entity type, and the value only in masked form.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from privacy.audit.distinct import ColumnValues, as_text
from privacy.audit.values import (
    CANDIDATES,
    PLACEHOLDER,
    PREFILTER,
    blank_placeholders,
    classify,
)
from privacy.deid.operators.base import masked_for_log
from privacy.deid.operators.pseudonym import canonical
from privacy.deid.text_detect import ScannerUnavailable, detect_spans
from privacy.detect import entities as E

log = logging.getLogger(__name__)

DEFAULT_FORBIDDEN: tuple[str, ...] = (
    E.CN_RESIDENT_ID,
    E.CN_MOBILE,
    E.CN_BANK_CARD,
    E.CN_PASSPORT,
    E.CN_TRAVEL_PERMIT,
    E.MEDICAL_RECORD_NUMBER,
    E.HEALTH_INSURANCE_ID,
    E.EMAIL_ADDRESS,
)
_ROW = "__row"


class LeakAuditConfig(BaseModel):
    """Spec section `privacy.audit`: which entity types may not appear in a release."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    forbidden_entities: list[str] = Field(default_factory=lambda: list(DEFAULT_FORBIDDEN))
    min_score: float = Field(default=0.8, ge=0.0, le=1.0)
    # Free-text columns, scanned with the detection engine as well.
    text_columns: list[str] = Field(default_factory=list)
    # Columns holding keyed tokens (pseudonym, encrypt): skipped, their values are not raw.
    exclude_columns: list[str] = Field(default_factory=list)
    max_examples: int = Field(default=20, ge=0)


@dataclass(frozen=True, slots=True)
class LeakHit:
    """One forbidden value found: where it is and what it is, never the value itself."""

    column: str
    row: int
    entity_type: str
    score: float
    masked: str


@dataclass(slots=True)
class LeakAuditReport:
    """Hits per column and entity type, with a few located examples."""

    rows: int
    columns_scanned: list[str]
    text_columns_scanned: list[str]
    text_scanner: str
    hits: dict[str, dict[str, int]] = field(default_factory=dict)
    examples: list[LeakHit] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when no forbidden entity was found."""
        return not any(n for per in self.hits.values() for n in per.values())

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for stage reports and the release manifest (masked values only)."""
        return asdict(self) | {"passed": self.passed}


def _record(report: LeakAuditReport, column: str, found: pl.DataFrame, max_examples: int) -> None:
    """Add (row, entity_type, score, value) hits of one column to the report."""
    if found.height == 0:
        return
    per = report.hits.setdefault(column, {})
    for entity, n in found.group_by("entity_type").len().iter_rows():
        per[entity] = per.get(entity, 0) + int(n)
    room = max_examples - len(report.examples)
    for row, entity, score, value in found.sort(_ROW).head(max(room, 0)).iter_rows():
        report.examples.append(
            LeakHit(column, int(row), entity, float(score), masked_for_log(value))
        )


def _candidates(lf: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """(row, candidate) for every identifier-shaped substring of one column."""
    return (
        lf.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias(_ROW),
            pl.col(column).cast(pl.String).alias("v"),
        )
        .with_columns(pl.col("v").str.replace_all(PLACEHOLDER, " "))
        .filter(pl.col("v").str.contains(PREFILTER))
        .select(_ROW, pl.col("v").str.extract_all(CANDIDATES).alias("cand"))
        .explode("cand")
        .drop_nulls("cand")
    )


# Integers hold no separators: only digit runs of 11+ digits can match CANDIDATES there.
_SMALL_INTS = (pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16, pl.UInt32)  # all < 10^10


def _distinct_candidates(lf: pl.LazyFrame, column: str, dtype: pl.DataType) -> pl.LazyFrame:
    """Distinct identifier-shaped substrings of a column, searched on its distinct values."""
    col = pl.col(column)
    values = lf.select(col)
    if dtype.is_integer():
        values = values.filter(col.cast(pl.Int128).abs() >= 10**10)
    return (
        values.select(col.cast(pl.String).unique().alias("v"))
        .with_columns(pl.col("v").str.replace_all(PLACEHOLDER, " "))
        .filter(pl.col("v").str.contains(PREFILTER))
        .select(pl.col("v").str.extract_all(CANDIDATES).explode().drop_nulls().unique())
        .rename({"v": "cand"})
    )


def _candidates_of(values: pl.Series) -> list[str]:
    """Distinct identifier-shaped substrings of distinct text values (already read)."""
    frame = values.cast(pl.String).alias("v").to_frame()
    return (
        frame.with_columns(pl.col("v").str.replace_all(PLACEHOLDER, " "))
        .filter(pl.col("v").str.contains(PREFILTER))
        .select(pl.col("v").str.extract_all(CANDIDATES).explode().drop_nulls().unique())
        .get_column("v")
        .to_list()
    )


def _all_structured_hits(
    lf: pl.LazyFrame,
    columns: list[str],
    forbidden: frozenset[str],
    min_score: float,
    values: ColumnValues,
) -> dict[str, pl.DataFrame]:
    """Hits of every column: candidates from distinct values in one run, rows only for hits.

    Text columns whose distinct values are in `values` are not read again.
    """
    schema = lf.collect_schema()
    scanned = [c for c in columns if schema[c] not in _SMALL_INTS]
    known = [c for c in scanned if c in values and schema[c] == pl.String]
    read = [c for c in scanned if c not in known]
    distinct = pl.collect_all([_distinct_candidates(lf, c, schema[c]) for c in read])
    found = dict(zip(read, (f.get_column("cand").to_list() for f in distinct), strict=True))
    found |= {c: _candidates_of(values[c]) for c in known}
    return {
        c: _structured_hits(_candidates(lf, c), found.get(c, []), forbidden, min_score)
        for c in columns
    }


def _structured_hits(
    cands: pl.LazyFrame, distinct: list[str], forbidden: frozenset[str], min_score: float
) -> pl.DataFrame:
    """Rows holding a validated forbidden identifier (each distinct candidate checked once)."""
    kept = [
        (c, *r) for c in distinct if (r := classify(c)) and r[0] in forbidden and r[1] >= min_score
    ]
    if not kept:
        return pl.DataFrame(
            schema={
                _ROW: pl.UInt32,
                "entity_type": pl.String,
                "score": pl.Float64,
                "value": pl.String,
            }
        )
    table = pl.DataFrame(
        kept,
        schema={
            "cand": pl.String,
            "entity_type": pl.String,
            "score": pl.Float64,
            "value": pl.String,
        },
        orient="row",
    )
    return (
        cands.join(table.lazy(), on="cand", how="inner")
        .select(_ROW, "entity_type", "score", "value")
        .collect()
    )


def _text_hits(
    lf: pl.LazyFrame,
    column: str,
    forbidden: frozenset[str],
    min_score: float,
    known: pl.Series | None = None,
) -> pl.DataFrame:
    """Rows of a free-text column where the detection engine finds a forbidden entity."""
    if known is None:
        known = lf.select(pl.col(column).cast(pl.String).drop_nulls().unique()).collect()[column]
    values = as_text(known).to_list()
    blanked = [blank_placeholders(v) for v in values]
    spans = detect_spans(blanked, "auto", sorted(forbidden), min_score)
    found = [
        (t, s.entity_type, s.score, canonical(s.entity_type, t[s.start : s.end]))
        for t, per in zip(values, spans, strict=True)
        for s in per
    ]
    schema = {"v": pl.String, "entity_type": pl.String, "score": pl.Float64, "value": pl.String}
    table = pl.DataFrame(found, schema=schema, orient="row")
    if table.height == 0:
        return table.rename({"v": _ROW}).cast({_ROW: pl.UInt32})
    return (
        lf.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias(_ROW), pl.col(column).alias("v"))
        .join(table.lazy(), on="v", how="inner")
        .select(_ROW, "entity_type", "score", "value")
        .collect()
    )


def audit_table(
    lf: pl.LazyFrame,
    config: LeakAuditConfig | None = None,
    values: ColumnValues | None = None,
    rows: int | None = None,
) -> LeakAuditReport:
    """Scan every string column (and integer columns, where numbers can hide) for forbidden data.

    `values` (distinct values of text columns) and `rows`, when known, are not read again.
    """
    cfg = config or LeakAuditConfig()
    forbidden = frozenset(cfg.forbidden_entities)
    schema = lf.collect_schema()
    missing = [c for c in cfg.text_columns if c not in schema]
    if missing:
        raise ValueError(f"leak audit: text columns not in the table: {missing}")
    columns = [
        c
        for c, t in schema.items()
        if c not in cfg.exclude_columns and (t == pl.String or t.is_integer())
    ]
    if rows is None:
        rows = int(lf.select(pl.len()).collect().item())
    known = values or {}
    scanner = "privacy.detect.scanner"
    texts: list[str] = []
    report = LeakAuditReport(rows, columns, texts, scanner)
    structured = _all_structured_hits(lf, columns, forbidden, cfg.min_score, known)
    for column in columns:
        found = structured[column]
        if column in cfg.text_columns:
            try:
                more = _text_hits(lf, column, forbidden, cfg.min_score, known.get(column))
                texts.append(column)
                found = pl.concat([found, more]).unique([_ROW, "entity_type", "value"])
            except ScannerUnavailable as exc:
                log.warning("leak audit of %s without the detection engine: %s", column, exc)
                report.text_scanner = "unavailable"
        _record(report, column, found, cfg.max_examples)
    return report
