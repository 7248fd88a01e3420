"""The work of each stage as plain functions (no Dagster), so each can be run and tested alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from connectors.registry import get_connector
from pipelines import check_names as cn
from pipelines.sources import RawFile, fetch_raw
from pipelines.stage_report import read_report, reset_stage, write_report
from privacy.policy import apply_policies
from privacy.residue import conditional_drop_violations, raw_identifier_leaks
from quality.expectations import ExpectationResult, evaluate_polars
from quality.gate import apply_rules
from quality.gx_suite import evaluate_gx
from schemas.registry import get_schema
from schemas.spec import DatasetSpec

GX_AUTO_MAX_ROWS = 1_000_000


class UpstreamBlocked(RuntimeError):
    """An upstream stage failed a blocking check; its output must not flow further."""


def _check(passed: bool, blocking: bool, detail: str, **metadata: Any) -> dict[str, Any]:
    return {"passed": bool(passed), "blocking": blocking, "detail": detail, "metadata": metadata}


def require_upstream(stage_dir: Path) -> dict[str, Any]:
    """Read an upstream report and refuse to continue past a failed blocking check."""
    report = read_report(stage_dir)
    failed = [n for n, c in report.get("checks", {}).items() if c["blocking"] and not c["passed"]]
    if failed:
        raise UpstreamBlocked(f"{stage_dir}: blocking checks failed: {', '.join(failed)}")
    return report


def partition_day(spec: DatasetSpec, partition: str) -> date | None:
    """The partition's day for daily datasets, None for unpartitioned ones."""
    return date.fromisoformat(partition) if spec.partitioning.kind == "daily" else None


def run_raw(spec: DatasetSpec, partition_dir: Path, partition: str) -> dict[str, Any]:
    """Keep the partition's raw input byte-for-byte with sha256 and source license."""
    out = reset_stage(partition_dir, "raw")
    files = fetch_raw(spec.source, partition_day(spec, partition), out / "files")
    report = {
        "stage": "raw",
        "files": [f.as_dict() for f in files],
        "bytes": sum(f.bytes for f in files),
        "license": spec.source.license,
        "provenance": spec.source.provenance,
    }
    write_report(out, report)
    return report


def run_parse(spec: DatasetSpec, partition_dir: Path, partition: str) -> dict[str, Any]:
    """Decode raw files with the format's connector into the contract table plus quarantine."""
    raw = require_upstream(partition_dir / "raw")
    out = reset_stage(partition_dir, "parsed")
    paths = [partition_dir / "raw" / "files" / f["name"] for f in raw["files"]]
    connector = get_connector(spec.source.format)
    result = connector.read(paths, out, declared_date=partition_day(spec, partition))
    schema = get_schema(spec.table_schema)
    observed = pl.scan_parquet(result.table_path)
    nulls = observed.select(pl.all().null_count()).collect().row(0, named=True)
    violations = schema.violations(observed.collect_schema(), nulls)
    report = {
        "stage": "parsed",
        "unit": result.unit,
        "input_units": result.input_units,
        "ledger": dict(result.ledger),
        "rows_out": result.rows_out,
        "rows_quarantined": result.rows_quarantined,
        "quarantined_by_reason": _reasons(result.quarantine_path),
        "reconciles": result.reconciles(),
        "contract_violations": [_v(v) for v in violations],
        "raw_files": [RawFile(**f).as_dict() for f in raw["files"]],
    }
    report["checks"] = {
        cn.INGEST_LEDGER_RECONCILES: _check(
            result.reconciles(),
            True,
            f"{result.input_units} input {result.unit}s = sum of ledger {sum(result.ledger.values())}",
            ledger=dict(result.ledger),
        ),
        cn.CONTRACT_HOLDS: _check(
            not violations,
            True,
            "; ".join(f"{v.column}: {v.detail}" for v in violations) or f"matches {schema.name}",
        ),
    }
    write_report(out, report)
    return report


def _v(violation: Any) -> dict[str, str]:
    return {"column": violation.column, "code": violation.code, "detail": violation.detail}


def _reasons(quarantine_path: Path) -> dict[str, int]:
    counts = pl.scan_parquet(quarantine_path).group_by("reason").len().collect()
    return {row[0]: int(row[1]) for row in counts.iter_rows()}


def _expectations(spec: DatasetSpec, table: Path, rows: int) -> list[ExpectationResult]:
    engine = spec.quality.engine
    if engine == "auto":
        engine = "gx" if rows <= GX_AUTO_MAX_ROWS else "polars"
    exps = list(spec.quality.expectations)
    if engine == "gx":
        return evaluate_gx(table, exps)
    return evaluate_polars(pl.scan_parquet(table), exps)


def _failed_text(results: list[ExpectationResult]) -> str:
    return "; ".join(
        f"{r.expect}({r.column}): {r.unexpected_count}/{r.counted} unexpected"
        for r in results
        if not r.success
    )


def run_validate(spec: DatasetSpec, partition_dir: Path) -> dict[str, Any]:
    """Quarantine rows that break the row rules, then evaluate the column expectations."""
    parsed = require_upstream(partition_dir / "parsed")
    out = reset_stage(partition_dir, "validated")
    gate = apply_rules(
        partition_dir / "parsed" / "table.parquet",
        list(spec.quality.rules),
        out / "table.parquet",
        out / "quarantine.parquet",
    )
    results = _expectations(spec, out / "table.parquet", gate.rows_out)
    total_quarantined = parsed["rows_quarantined"] + gate.rows_quarantined
    report = {
        "stage": "validated",
        "rows_in": gate.rows_in,
        "rows_out": gate.rows_out,
        "rows_quarantined": gate.rows_quarantined,
        "quarantined_by_reason": dict(gate.quarantined_by_reason),
        "flagged_by_rule": dict(gate.flagged_by_rule),
        "reconciles": gate.reconciles() and gate.rows_in == parsed["rows_out"],
        "expectations": [r.as_dict() for r in results],
        "quarantine_share": total_quarantined
        / max(1, parsed["rows_out"] + parsed["rows_quarantined"]),
    }
    errors = [r for r in results if r.severity == "error"]
    warns = [r for r in results if r.severity == "warn"]
    limit = spec.quality.max_quarantine_share
    report["checks"] = {
        cn.QUALITY_ROWS_RECONCILE: _check(
            report["reconciles"],
            True,
            f"{gate.rows_in} in = {gate.rows_out} out + {gate.rows_quarantined} quarantined",
        ),
        cn.ERROR_EXPECTATIONS_PASS: _check(
            all(r.success for r in errors),
            True,
            _failed_text(errors) or f"{len(errors)} expectations passed",
        ),
        cn.WARN_EXPECTATIONS_PASS: _check(
            all(r.success for r in warns),
            False,
            _failed_text(warns) or f"{len(warns)} expectations passed",
        ),
        cn.QUARANTINE_SHARE_WITHIN_LIMIT: _check(
            report["quarantine_share"] <= limit,
            False,
            f"{report['quarantine_share']:.2%} quarantined (limit {limit:.0%})",
        ),
    }
    write_report(out, report)
    return report


def run_scrub(spec: DatasetSpec, partition_dir: Path, key: bytes | None) -> dict[str, Any]:
    """Apply the spec's column policies; the result is the only thing a release may contain."""
    validated = require_upstream(partition_dir / "validated")
    out = reset_stage(partition_dir, "scrubbed")
    source = pl.scan_parquet(partition_dir / "validated" / "table.parquet")
    scrubbed, treatments = apply_policies(source, dict(spec.privacy.columns), key)
    scrubbed.sink_parquet(out / "table.parquet", compression="zstd")
    rows_out = pl.scan_parquet(out / "table.parquet").select(pl.len()).collect().item()
    policies = dict(spec.privacy.columns)
    result = pl.scan_parquet(out / "table.parquet")
    leaks = raw_identifier_leaks(source, result, policies)
    undropped = conditional_drop_violations(result, policies)
    report = {
        "stage": "scrubbed",
        "rows_in": validated["rows_out"],
        "rows_out": rows_out,
        "treatments": [t.as_dict() for t in treatments],
        "checks": {
            cn.NO_RAW_IDENTIFIERS_REMAIN: _check(
                not any(leaks.values()),
                True,
                ", ".join(f"{c}: {n} raw values found" for c, n in leaks.items() if n)
                or f"no raw value of {', '.join(leaks) or 'any identifier'} in the output",
                leaks=leaks,
            ),
            cn.CONDITIONAL_DROPS_APPLIED: _check(
                not any(undropped.values()),
                True,
                ", ".join(f"{c}: {n} rows kept" for c, n in undropped.items() if n)
                or "every conditional drop applied",
            ),
            cn.PRIVACY_ROWS_RECONCILE: _check(
                rows_out == validated["rows_out"],
                True,
                f"{validated['rows_out']} in, {rows_out} out",
            ),
        },
    }
    write_report(out, report)
    return report
