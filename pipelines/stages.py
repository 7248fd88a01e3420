"""The work of each stage as plain functions (no Dagster), so each can be run and tested alone.

Every stage reads its upstream report, refuses to continue past a failed blocking check, writes
its outputs into its own folder, and records what it counted in a report whose `checks` the
Dagster assets turn into asset check results. `validated` keeps only the rules' decision and the
quarantine unless every stage is materialised (see `pipelines.fused`); `scrubbed` then applies
the decision to the parsed table.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from connectors.base import parquet_null_counts, parquet_rows
from connectors.registry import get_connector
from pipelines import check_names as cn
from pipelines.fused import gate_fused, staged_reason, validated_rows
from pipelines.morsels import bounded_morsels
from pipelines.partition_rules import table_rules
from pipelines.scrub_audit import (
    audit_written,
    read_identifier_values,
    read_source_values,
    save_statistics,
)
from pipelines.sources import fetch_raw
from pipelines.stage_errors import StageFailed, names_failures
from pipelines.stage_report import read_report, reset_stage, write_report
from pipelines.unreadable import merge_rejected, read_tolerant
from privacy.audit.residue import mask_identifiers_in_text, text_identifiers
from privacy.deid.own_names import mask_own_names
from privacy.deid.policy import apply_policies
from privacy.risk.measures import enforce_config
from quality.config import RuleConfig
from quality.expectations import ExpectationResult, evaluate_polars
from quality.gate import apply_rules, drop_lineage
from quality.gx_suite import evaluate_gx
from quality.presence import empty_input_detail
from quality.rules.base import get_rule
from quality.rules.sensor_base import SensorRule
from quality.rules.sensor_summary import sensor_summary
from quality.unparsable import unparsable_summary
from releases.guards import lost_units
from schemas.registry import get_schema
from schemas.spec import DatasetSpec, TableSpec

# The scrubbed table is the only full copy and the release copies its bytes: bare polars' codec
# (zstd) at level 1 instead of its default 3 costs 0.5 s less CPU per 5M AIS rows (write and
# read back) for a file 9% larger (bench/ais_bench.py; readable by pyarrow, duckdb and polars).
RELEASED_CODEC: dict[str, Any] = {"compression": "zstd", "compression_level": 1}


class UpstreamBlocked(StageFailed):
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


def _reasons(path: Path) -> dict[str, int]:
    counts = pl.scan_parquet(path).group_by("reason").len().collect()
    return {str(r[0]): int(r[1]) for r in counts.sort("reason").iter_rows()}


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


@names_failures("parsed")
@bounded_morsels
def run_parse(spec: DatasetSpec, partition_dir: Path, partition: str) -> dict[str, Any]:
    """Decode raw files with the format's connector into the table contracts plus quarantine."""
    raw = require_upstream(partition_dir / "raw")
    out = reset_stage(partition_dir, "parsed")
    paths = [partition_dir / "raw" / "files" / f["name"] for f in raw["files"]]
    connector = get_connector(spec.source.format, spec.source.options)
    connector.encoding = spec.source.encoding
    read, rejected = read_tolerant(connector, paths, out, partition_day(spec, partition))
    result = merge_rejected(spec, read, rejected, out)
    produced = result.outputs(default_table=next(iter(spec.tables)))
    tables: dict[str, Any] = {}
    problems: list[str] = []
    for name, table in spec.tables.items():
        if name not in produced:
            problems.append(f"{name}: the {spec.source.format} connector produced no such table")
            continue
        contract = get_schema(table.table_schema)
        observed = pl.scan_parquet(produced[name])
        nulls = parquet_null_counts(produced[name])
        violations = contract.violations(observed.collect_schema(), nulls)
        problems.extend(f"{name}.{v.column}: {v.detail}" for v in violations)
        tables[name] = {
            "path": produced[name].relative_to(partition_dir).as_posix(),
            "rows": parquet_rows(produced[name]),
            "contract_violations": [
                {"column": v.column, "code": v.code, "detail": v.detail} for v in violations
            ],
        }
    report = {
        "stage": "parsed",
        "unit": result.unit,
        "input_units": result.input_units,
        "ledger": dict(result.ledger),
        "rows_out": sum(t["rows"] for t in tables.values()),
        "rows_quarantined": result.rows_quarantined,
        "quarantined_by_reason": _reasons(result.quarantine_path),
        "reconciles": result.reconciles(),
        "tables": tables,
        "undeclared_tables": sorted(set(produced) - set(spec.tables)),
        "unreadable_files": [{"file": r.path.name, "error": r.error} for r in rejected],
        "joined_across_files": [
            [{"file": f, "line": n} for f, n in lines] for lines in result.joined_across_files
        ],
        "raw_files": raw["files"],
    }
    rows = {name: info["rows"] for name, info in tables.items()}
    dtypes = {c.name: c.dtype for t in spec.tables.values() for c in _columns(t)}
    records = sum(rows.values()) + result.rows_quarantined
    report["unparsable"] = unparsable_summary(result.quarantine_path, records, dtypes)
    report["checks"] = {
        cn.HAS_DATA: _check(
            any(rows.values()),
            True,
            f"{sum(rows.values())} rows parsed"
            if any(rows.values())
            else empty_input_detail(
                rows, raw["files"], result.quarantine_path, report["unparsable"]
            ),
            rows=rows,
        ),
        cn.INGEST_LEDGER_RECONCILES: _check(
            result.reconciles(),
            True,
            f"{result.input_units} input {result.unit}s, ledger sums to "
            f"{sum(result.ledger.values())}",
            ledger=dict(result.ledger),
        ),
        cn.CONTRACT_HOLDS: _check(
            not problems,
            True,
            "; ".join(problems) or f"{len(tables)} table(s) match their contracts",
        ),
    }
    write_report(out, report)
    return report


def _expectations(table: TableSpec, path: Path, rows: int) -> list[ExpectationResult]:
    # Every expectation kind has a native evaluation checked equal to GX's in tests; GX (the
    # reference, 4-5 s to import and ~5 s per million rows) runs only when a spec asks for it.
    exps = list(table.quality.expectations)
    if table.quality.engine == "gx":
        return evaluate_gx(path, exps)
    return evaluate_polars(pl.scan_parquet(path), exps)


def _failed_text(results: list[ExpectationResult]) -> str:
    return "; ".join(
        f"{r.expect}({r.column}): {r.unexpected_count}/{r.counted} unexpected"
        for r in results
        if not r.success
    )


def _sensor_summary(
    lf: pl.LazyFrame, rules: list[RuleConfig], known: dict[int, pl.Series]
) -> list[dict[str, Any]] | None:
    """Per run and sensor check, how much each flagged (Pecos' QC summary); None without any.

    `known`: the rows the gate's rules hit while they saw every row, not computed again.
    """
    if not any(isinstance(get_rule(r.rule, r.params), SensorRule) for r in rules):
        return None
    return sensor_summary(lf, rules, known).to_dicts()


def _columns(table: TableSpec) -> tuple[Any, ...]:
    """The contract columns of a table, none when its contract is not registered."""
    try:
        return tuple(get_schema(table.table_schema).columns)
    except KeyError:
        return ()


@names_failures("validated")
@bounded_morsels
def run_validate(spec: DatasetSpec, partition_dir: Path) -> dict[str, Any]:
    """Quarantine rows that break the row rules, then evaluate the column expectations.

    Tables run in spec order; a `references` rule sees the already validated version of a table
    listed before it, so children of quarantined parents are quarantined too.
    """
    parsed = require_upstream(partition_dir / "parsed")
    out = reset_stage(partition_dir, "validated")
    parsed_paths = {n: partition_dir / t["path"] for n, t in parsed["tables"].items()}
    available = {n: pl.scan_parquet(p) for n, p in parsed_paths.items()}
    fused = staged_reason(spec) is None
    tables: dict[str, Any] = {}
    reasons: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    results_all: list[ExpectationResult] = []
    reconciles = True
    for name, table in spec.tables.items():
        rules = table_rules(spec, name, partition_dir.name)
        parsed_rows = available[name]
        if fused:
            gate, results, available[name] = gate_fused(
                table, available[name], available, out, name, rules
            )
        else:
            gate = apply_rules(
                parsed_paths[name],
                rules,
                out / f"{name}.parquet",
                out / f"{name}.quarantine.parquet",
                related=available,
            )
            available[name] = pl.scan_parquet(out / f"{name}.parquet")
            results = _expectations(table, out / f"{name}.parquet", gate.rows_out)
        # the gate's rule list (partition rule first): hits_on_all is keyed by position in it
        summary = _sensor_summary(parsed_rows, rules, gate.hits_on_all)
        results_all.extend(results)
        reasons.update(gate.quarantined_by_reason)
        flagged.update(gate.flagged_by_rule)
        reconciles &= gate.reconciles() and gate.rows_in == parsed["tables"][name]["rows"]
        tables[name] = {
            "rows_in": gate.rows_in,
            "rows_out": gate.rows_out,
            "rows_quarantined": gate.rows_quarantined,
            "quarantined_by_reason": dict(gate.quarantined_by_reason),
            "flagged_by_rule": dict(gate.flagged_by_rule),
            "expectations": [r.as_dict() for r in results],
        }
        if summary is not None:
            tables[name]["sensor_summary"] = summary
    rows_in = sum(t["rows_in"] for t in tables.values())
    rows_out = sum(t["rows_out"] for t in tables.values())
    quarantined = sum(t["rows_quarantined"] for t in tables.values())
    # Exact copies of kept records lose nothing (a file sent twice): the release guard's rule.
    lost = lost_units(
        {
            **parsed.get("quarantined_by_reason", {}),
            **{f"quality/{k}": n for k, n in reasons.items()},
        }
    )
    share = lost / max(1, parsed["rows_out"] + parsed["rows_quarantined"])
    errors = [r for r in results_all if r.severity == "error"]
    warns = [r for r in results_all if r.severity == "warn"]
    limit = max(t.quality.max_quarantine_share for t in spec.tables.values())
    report = {
        "stage": "validated",
        "rows_in": rows_in,
        "rows_out": rows_out,
        "rows_quarantined": quarantined,
        "quarantined_by_reason": dict(reasons),
        "flagged_by_rule": dict(flagged),
        "expectations": [r.as_dict() for r in results_all],
        "quarantine_share": share,
        "tables": tables,
        "checks": {
            cn.QUALITY_ROWS_RECONCILE: _check(
                reconciles, True, f"{rows_in} in = {rows_out} out + {quarantined} quarantined"
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
                share <= limit,
                False,
                f"{share:.2%} quarantined, exact copies of kept records aside (limit {limit:.0%})"
                + (
                    f": {parsed['unparsable']}"
                    if share > limit and parsed.get("unparsable")
                    else ""
                ),
            ),
        },
    }
    write_report(out, report)
    return report


@names_failures("scrubbed")
@bounded_morsels
def run_scrub(spec: DatasetSpec, partition_dir: Path, key: bytes | None) -> dict[str, Any]:
    """Apply each table's column policies; the result is the only thing a release may contain."""
    validated = require_upstream(partition_dir / "validated")
    parsed = read_report(partition_dir / "parsed")
    out = reset_stage(partition_dir, "scrubbed")
    tables: dict[str, Any] = {}
    leaks: dict[str, int] = {}
    undropped: dict[str, int] = {}
    k_problems: list[str] = []
    audit_problems: list[str] = []
    garbled: dict[str, int] = {}
    reconciles = True
    unmasked = {
        name: drop_lineage(
            validated_rows(
                partition_dir,
                partition_dir / parsed["tables"][name]["path"],
                name,
                validated["tables"][name]["rows_in"],
            )
        )
        for name in spec.tables
    }
    # Identifier values first: from them `mask_own_names` knows which columns hold names
    # without a read of its own; the free text is read after the masking, as released.
    ids = {
        name: read_identifier_values(unmasked[name], dict(table.privacy.columns))
        for name, table in spec.tables.items()
    }
    sources = {  # a row's own short name in its text is masked first (privacy.deid.own_names)
        name: mask_own_names(unmasked[name], dict(table.privacy.columns), ids[name])
        for name, table in spec.tables.items()
    }
    known = {
        name: read_source_values(sources[name], dict(table.privacy.columns), ids[name])
        for name, table in spec.tables.items()
    }
    # Identifier values of every table: a patient id may sit in another table's free text.
    identifiers = text_identifiers(
        ((sources[name], dict(table.privacy.columns)) for name, table in spec.tables.items()),
        [known[name].identifiers for name in spec.tables],
    )
    for name, table in spec.tables.items():
        policies = dict(table.privacy.columns)
        source = sources[name]
        scrubbed, treatments = apply_policies(
            source, policies, key, distinct=known[name].identifiers
        )
        scrubbed = mask_identifiers_in_text(scrubbed, policies, identifiers, known[name].text)
        risk: dict[str, Any] | None = None
        if table.privacy.risk is not None:
            # Enforcing k reads the plan for its frequency table: materialize the scrub once.
            staged = out / f".{name}.policies.parquet"
            scrubbed.sink_parquet(staged, compression="lz4")
            scrubbed, risk = enforce_config(pl.scan_parquet(staged), table.privacy.risk)
            scrubbed.sink_parquet(out / f"{name}.parquet", **RELEASED_CODEC)
            staged.unlink()
            after = risk["k_anonymity"]["after"]
            if not after["passed"]:
                k_problems.append(
                    f"{name}: smallest class {after['k_achieved']} < k={table.privacy.risk.k}"
                )
        else:
            scrubbed.sink_parquet(out / f"{name}.parquet", **RELEASED_CODEC)
        audit = audit_written(
            out / f"{name}.parquet", source, policies, identifiers, known[name], table.privacy.audit
        )
        hits = audit.leak_audit.hits
        if not audit.leak_audit.passed:
            audit_problems.append(
                f"{name}: "
                + ", ".join(f"{c}.{e}={n}" for c, per in hits.items() for e, n in per.items())
            )
        garbled |= {f"{name}.{c}": n for c, n in audit.garbled.items() if n}
        reconciles &= audit.rows == validated["tables"][name]["rows_out"]
        leaks |= {f"{name}.{c}": n for c, n in audit.leaks.items()}
        undropped |= {f"{name}.{c}": n for c, n in audit.undropped.items()}
        tables[name] = {
            "rows_in": validated["tables"][name]["rows_out"],
            "rows_out": audit.rows,
            "treatments": [t.as_dict() for t in treatments],
            "risk": risk,
            "leak_audit": audit.leak_audit.as_dict(),
            "identifiers_masked_in_text": audit.masked_in_text,
        }
        # The release reuses them for this file's exact bytes instead of reading it again.
        save_statistics(out, name, audit)
    report = {
        "stage": "scrubbed",
        "rows_in": validated["rows_out"],
        "rows_out": sum(t["rows_out"] for t in tables.values()),
        "tables": tables,
        "checks": {
            cn.NO_RAW_IDENTIFIERS_REMAIN: _check(
                not any(leaks.values()),
                True,
                ", ".join(
                    f"{c}: {n} raw values (or text mentions) found" for c, n in leaks.items() if n
                )
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
                reconciles, True, f"{validated['rows_out']} rows in, per table equal out"
            ),
            cn.K_ANONYMITY_HOLDS: _check(
                not k_problems,
                True,
                "; ".join(k_problems)
                or ", ".join(
                    f"{t}: k={info['risk']['k_anonymity']['k_achieved']}"
                    for t, info in tables.items()
                    if info["risk"]
                )
                or "no quasi-identifiers declared",
            ),
            cn.LEAK_AUDIT_PASSES: _check(
                not audit_problems,
                True,
                "; ".join(audit_problems) or "no forbidden entity found in any released column",
            ),
            cn.NO_REPLACEMENT_CHARACTERS: _check(
                not garbled,
                True,
                ", ".join(
                    f"{c}: {n} values hold U+FFFD (undecodable bytes)" for c, n in garbled.items()
                )
                or "no string value holds U+FFFD",
                garbled=garbled,
            ),
        },
    }
    write_report(out, report)
    return report
