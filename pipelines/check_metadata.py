"""What each asset check means for one dataset (its description) and the numbers it measured.

Descriptions come from the spec (its contracts, rules, expectations, policies), so the Dagster
UI says what a check guards instead of "No description provided". The numbers are plain ints
and floats, which Dagster plots across partitions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pipelines import check_names as cn
from privacy.deid.policy import PERSONAL_CATEGORIES, RAW_VALUE_REMOVING
from schemas.spec import DatasetSpec

Numbers = dict[str, int | float]


def _expectations(spec: DatasetSpec, severity: str) -> str:
    items = [
        f"{e.expect}({e.column}"
        + (
            f" {e.min:g}..{e.max:g}"
            if e.expect == "between" and e.min is not None and e.max is not None
            else ""
        )  # fmt: skip
        + (f", mostly {e.mostly:g}" if e.mostly < 1 else "")
        + ")"
        for t in spec.tables.values()
        for e in t.quality.expectations
        if e.severity == severity
    ]
    return "; ".join(items[:12]) + (f" … ({len(items)} in all)" if len(items) > 12 else "") or (
        "none declared"
    )


def _removed(spec: DatasetSpec) -> str:
    cols = [
        f"{c} ({p.policy})"
        for t in spec.tables.values()
        for c, p in t.privacy.columns.items()
        if p.category in PERSONAL_CATEGORIES and p.policy in RAW_VALUE_REMOVING
    ]
    return ", ".join(cols) or "no column"


def _conditional(spec: DatasetSpec) -> str:
    cols = [
        f"{c} when {p.when.column} in {p.when.equals}"
        + (", its other values scanned as free text" if p.scans_text() else "")
        if p.when
        else c
        for t in spec.tables.values()
        for c, p in t.privacy.columns.items()
        if p.policy == "drop_when"
    ]
    return ", ".join(cols) or "none declared"


def _risk(spec: DatasetSpec) -> str:
    parts = [
        f"{name}: every combination of {', '.join(t.privacy.risk.quasi_identifiers)} shared by "
        f"at least k={t.privacy.risk.k} records"
        for name, t in spec.tables.items()
        if t.privacy.risk is not None
    ]
    return "; ".join(parts) or "no quasi-identifiers declared, nothing to enforce"


def _rules(spec: DatasetSpec) -> str:
    names = sorted({r.rule for t in spec.tables.values() for r in t.quality.rules})
    return ", ".join(names) or "no row rules"


DESCRIBE: dict[str, Callable[[DatasetSpec], str]] = {
    cn.INGEST_LEDGER_RECONCILES: lambda s: (
        f"Every input unit of the raw {s.source.format} files is counted exactly once "
        "(decoded, skipped by kind, or quarantined with a reason)."
    ),
    cn.CONTRACT_HOLDS: lambda s: (
        "Decoded tables match their contracts (columns, types, "
        "non-null): " + ", ".join(f"{n} → {t.table_schema}" for n, t in s.tables.items()) + "."
    ),
    cn.QUALITY_ROWS_RECONCILE: lambda s: (
        f"Rows in = rows out + rows quarantined by the row rules ({_rules(s)})."
    ),
    cn.ERROR_EXPECTATIONS_PASS: lambda s: f"Blocking expectations: {_expectations(s, 'error')}.",
    cn.WARN_EXPECTATIONS_PASS: lambda s: f"Warning expectations: {_expectations(s, 'warn')}.",
    cn.QUARANTINE_SHARE_WITHIN_LIMIT: lambda s: (
        "Share of input quarantined at ingest and by the row rules stays within "
        f"{max(t.quality.max_quarantine_share for t in s.tables.values()):.0%}."
    ),
    cn.NO_RAW_IDENTIFIERS_REMAIN: lambda s: (
        f"No raw value of {_removed(s)} appears in the released identifier columns, and no "
        "identifier value remains inside released free text."
    ),
    cn.CONDITIONAL_DROPS_APPLIED: lambda s: f"Conditional drops applied: {_conditional(s)}.",
    cn.PRIVACY_ROWS_RECONCILE: lambda s: "Column policies keep every row: rows out = rows in.",
    cn.K_ANONYMITY_HOLDS: lambda s: f"k-anonymity: {_risk(s)}.",
    cn.LEAK_AUDIT_PASSES: lambda s: (
        "The detection engine finds no forbidden entity (names, IDs, phones ...) in the "
        "released text columns."
    ),
    cn.RELEASE_VERIFIES: lambda s: (
        f"Every file of the {s.id} release matches the sha256 its signed manifest records."
    ),
}


def check_description(spec: DatasetSpec, name: str) -> str:
    """The UI description of one check of a dataset, from its spec."""
    describe = DESCRIBE.get(name)
    if describe:
        return describe(spec)
    return cn.DESCRIPTIONS.get(name) or name.replace("_", " ").capitalize() + "."


def _expectation_numbers(report: dict[str, Any], severity: str) -> Numbers:
    items = [e for e in report.get("expectations", []) if e.get("severity") == severity]
    return {
        "expectations": len(items),
        "failed_expectations": sum(1 for e in items if not e.get("success")),
        "unexpected_count": sum(int(e.get("unexpected_count") or 0) for e in items),
    }


def _k_smallest(report: dict[str, Any]) -> Numbers:
    ks = [
        info["risk"]["k_anonymity"].get("k_achieved")
        for info in report.get("tables", {}).values()
        if info.get("risk")
    ]
    known = [k for k in ks if k is not None]
    return {"smallest_class": min(known)} if known else {}


def check_numbers(name: str, report: dict[str, Any]) -> Numbers:
    """Numeric metadata of one check from its stage report (plotted across partitions)."""
    check = report.get("checks", {}).get(name, {})
    meta = check.get("metadata", {})
    rows = {k: report[k] for k in ("rows_in", "rows_out") if isinstance(report.get(k), int)}
    match name:
        case cn.INGEST_LEDGER_RECONCILES:
            return {
                "input_units": report.get("input_units", 0),
                "ledger_total": sum((meta.get("ledger") or report.get("ledger", {})).values()),
                "quarantined": report.get("rows_quarantined", 0),
            }
        case cn.CONTRACT_HOLDS:
            tables = report.get("tables", {}).values()
            return {
                "rows_out": report.get("rows_out", 0),
                "violations": sum(len(t.get("contract_violations", [])) for t in tables),
            }
        case cn.QUALITY_ROWS_RECONCILE:
            return rows | {"quarantined": report.get("rows_quarantined", 0)}
        case cn.ERROR_EXPECTATIONS_PASS:
            return _expectation_numbers(report, "error")
        case cn.WARN_EXPECTATIONS_PASS:
            return _expectation_numbers(report, "warn")
        case cn.QUARANTINE_SHARE_WITHIN_LIMIT:
            return {"quarantine_share": float(report.get("quarantine_share", 0.0))}
        case cn.NO_RAW_IDENTIFIERS_REMAIN:
            return rows | {"raw_values_found": sum((meta.get("leaks") or {}).values())}
        case cn.PRIVACY_ROWS_RECONCILE | cn.CONDITIONAL_DROPS_APPLIED:
            return rows
        case cn.K_ANONYMITY_HOLDS:
            return rows | _k_smallest(report)
        case cn.LEAK_AUDIT_PASSES:
            hits = sum(
                n
                for t in report.get("tables", {}).values()
                for per in (t.get("leak_audit", {}).get("hits") or {}).values()
                for n in per.values()
            )
            return rows | {"leak_hits": hits}
    return rows
