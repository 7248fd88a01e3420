"""Compliance self-assessment of a release: personal information, treatments, re-identification.

Re-identification figures are computed on the released rows: records are grouped by their
quasi-identifier columns, and the assessment reports the smallest group (k), how many records
are unique and how many sit in groups smaller than K_THRESHOLD.
"""

from __future__ import annotations

from typing import Any

import duckdb

from releases.consume import OpenRelease
from releases.tables import expectations_of, tables_of, treatments_of

K_THRESHOLD = 5
PERSONAL = {"identifier", "personal", "sensitive"}
OUTCOME_ZH = {
    "anonymized": "匿名化",
    "de-identified": "去标识化",
    "removed": "已删除",
    "unchanged": "未处理",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def reidentification(release: OpenRelease, table: str, columns: list[str]) -> dict[str, Any]:
    """Equivalence classes of the released rows over their quasi-identifier columns."""
    if not columns:
        return {"quasi_identifiers": [], "note": "no quasi-identifier columns"}
    cols = ", ".join(_quote(c) for c in columns)
    con = duckdb.connect()
    try:
        con.register("released", release.arrow_dataset(table))
        row = con.execute(
            f"WITH c AS (SELECT count(*) AS n FROM released GROUP BY {cols}) "
            "SELECT count(*), min(n), coalesce(sum(n) FILTER (WHERE n = 1), 0), "
            f"coalesce(sum(n) FILTER (WHERE n < {K_THRESHOLD}), 0), coalesce(sum(n), 0) FROM c"
        ).fetchone()
    finally:
        con.close()
    classes, k_min, unique, small, total = row if row else (0, None, 0, 0, 0)
    return {
        "quasi_identifiers": columns,
        "records": int(total),
        "equivalence_classes": int(classes),
        "k_min": int(k_min) if k_min is not None else None,
        "unique_records": int(unique),
        "unique_share": round(unique / total, 6) if total else 0.0,
        f"records_in_classes_below_{K_THRESHOLD}": int(small),
        "share_below_k": round(small / total, 6) if total else 0.0,
    }


def _quality_summary(manifest: dict[str, Any]) -> dict[str, Any]:
    results = [e for _, _, e in expectations_of(manifest)]
    quarantine = manifest.get("quarantine", {})
    held = sum(quarantine.get("by_reason", {}).values())
    units = quarantine.get("input_units", 0)
    return {
        "expectations": len(results),
        "expectations_passed": sum(1 for e in results if e.get("success")),
        "rows_released": manifest["rows"],
        "records_quarantined": held,
        "quarantine_share_of_input": round(held / units, 6) if units else 0.0,
    }


def assess(release: OpenRelease) -> dict[str, Any]:
    """The self-assessment the exchange asks for, from the manifest and the released rows."""
    manifest = release.manifest
    treatments = treatments_of(manifest)
    columns = []
    for t in treatments:
        columns.append(
            {
                "table": t.get("table"),
                "column": t["column"],
                "released_as": t.get("output_column"),
                "category": t["category"],
                "treatment": t["operator"],
                "outcome": t["outcome"],
                "outcome_zh": OUTCOME_ZH.get(t["outcome"], t["outcome"]),
            }
        )
    reid = {}
    for table, info in tables_of(manifest).items():
        qi = [c["name"] for c in info["schema"] if c.get("privacy_category") == "quasi_identifier"]
        reid[table] = reidentification(release, table, qi)
    grade = manifest.get("data_grade", {})
    privacy = manifest.get("privacy", {})
    return {
        "dataset": manifest["dataset"],
        "version": manifest["version"],
        "release_id": manifest["release_id"],
        "personal_information_present": any(c["category"] in PERSONAL for c in columns),
        "personal_information_released_raw": any(
            c["category"] in PERSONAL and c["outcome"] == "unchanged" for c in columns
        ),
        "columns": columns,
        "reidentification": reid,
        "risk_enforcement": privacy.get("risk"),
        "privacy_checks_passed": privacy.get("passed") is True,
        "privacy_checks": privacy.get("checks", {}),
        "leak_audit": privacy.get("leak_audit"),
        "grade": {
            "standard": grade.get("standard"),
            "grade": grade.get("grade"),
            "grade_zh": grade.get("grade_zh"),
            "category": grade.get("category"),
            "reason": grade.get("reason"),
            "inherited_from": grade.get("inputs", {}),
            "approval": grade.get("approval"),
        },
        "quality": _quality_summary(manifest),
    }
