"""Flattening one release manifest (and its lineage file) into catalog rows, table by table."""

from __future__ import annotations

import json
from typing import Any

from releases.refs import parse_version
from releases.tables import expectations_of, tables_of

TABLES: dict[str, str] = {
    # filled from the store's withdrawal notices at every sync, not from manifests
    "withdrawals": """dataset VARCHAR, version VARCHAR, reason VARCHAR, withdrawn_by VARCHAR,
        withdrawn_at VARCHAR, signed_by VARCHAR""",
    "releases": """dataset VARCHAR, version VARCHAR, major INTEGER, minor INTEGER, patch INTEGER,
        release_id VARCHAR, metadata_fingerprint VARCHAR, created_at TIMESTAMPTZ,
        previous_version VARCHAR,
        change_kind VARCHAR, change_summary VARCHAR, rows BIGINT, files INTEGER, bytes BIGINT,
        sector VARCHAR, title_en VARCHAR, title_zh VARCHAR, license VARCHAR, owner VARCHAR,
        grade VARCHAR, category VARCHAR, grade_reason VARCHAR, code_version VARCHAR,
        dagster_run_id VARCHAR, signing_key_id VARCHAR, location VARCHAR""",
    "files": """dataset VARCHAR, version VARCHAR, kind VARCHAR, table_name VARCHAR, path VARCHAR,
        sha256 VARCHAR, bytes BIGINT, rows BIGINT, location VARCHAR""",
    "columns": """dataset VARCHAR, version VARCHAR, table_name VARCHAR, position INTEGER,
        name VARCHAR, type VARCHAR,
        unit VARCHAR, description VARCHAR, grade VARCHAR, category VARCHAR,
        privacy_category VARCHAR, privacy_treatment VARCHAR, null_count BIGINT, null_share DOUBLE,
        distinct_approx BIGINT, min VARCHAR, max VARCHAR, mean DOUBLE""",
    "quality_metrics": """dataset VARCHAR, version VARCHAR, partition VARCHAR, table_name VARCHAR,
        expectation VARCHAR,
        column_name VARCHAR, severity VARCHAR, success BOOLEAN, unexpected_count BIGINT,
        element_count BIGINT, engine VARCHAR""",
    "quarantine": "dataset VARCHAR, version VARCHAR, reason VARCHAR, records BIGINT",
    "privacy_checks": """dataset VARCHAR, version VARCHAR, partition VARCHAR, check_name VARCHAR,
        passed BOOLEAN, detail VARCHAR""",
    "sources": """dataset VARCHAR, version VARCHAR, partition VARCHAR, name VARCHAR,
        sha256 VARCHAR, bytes BIGINT, license VARCHAR""",
    "annotation_provenance": "dataset VARCHAR, version VARCHAR, key VARCHAR, value VARCHAR",
    "lineage_edges": """dataset VARCHAR, version VARCHAR, job VARCHAR, run_id VARCHAR,
        event_type VARCHAR, event_time VARCHAR, input_namespace VARCHAR, input_name VARCHAR,
        input_version VARCHAR, output_namespace VARCHAR, output_name VARCHAR,
        output_version VARCHAR""",
}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)


def _flatten(prefix: str, value: Any) -> list[tuple[str, str | None]]:
    if isinstance(value, dict):
        out: list[tuple[str, str | None]] = []
        for k, v in value.items():
            out += _flatten(f"{prefix}.{k}" if prefix else str(k), v)
        return out
    return [(prefix, _text(value))]


def _version_of(dataset_facets: dict[str, Any]) -> str | None:
    return (dataset_facets.get("facets", {}).get("version") or {}).get("datasetVersion")


def lineage_rows(key: tuple[str, str], lineage_text: str) -> list[tuple[Any, ...]]:
    """One row per (input, output) pair of every OpenLineage event in lineage.jsonl."""
    rows = []
    for line in lineage_text.splitlines():
        if not line.strip():
            continue
        event = json.loads(line)
        job = f"{event['job']['namespace']}:{event['job']['name']}"
        run = event["run"]["runId"]
        for inp in event.get("inputs", []) or [{}]:
            for out in event.get("outputs", []) or [{}]:
                rows.append(
                    (
                        *key,
                        job,
                        run,
                        event.get("eventType"),
                        event.get("eventTime"),
                        inp.get("namespace"),
                        inp.get("name"),
                        _version_of(inp),
                        out.get("namespace"),
                        out.get("name"),
                        _version_of(out),
                    )
                )
    return rows


def manifest_rows(
    m: dict[str, Any], location: str, lineage_text: str | None
) -> dict[str, list[tuple[Any, ...]]]:
    """Rows for every catalog table from one manifest."""
    key = (m["dataset"], m["version"])
    major, minor, patch = parse_version(m["version"])
    change = m.get("change")
    change = change if isinstance(change, dict) else {"kind": None, "summary": change}
    grade = m.get("data_grade", {})
    col_grades = grade.get("columns", {}) or {}
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in TABLES}
    out["releases"].append(
        (
            *key,
            major,
            minor,
            patch,
            m["release_id"],
            m.get("metadata_fingerprint"),
            m["created_at"],
            m.get("previous_version"),
            change.get("kind"),
            change.get("summary"),
            m["rows"],
            len(m["files"]),
            sum(f["bytes"] for f in m["files"]),
            m.get("sector"),
            m.get("title", {}).get("en"),
            m.get("title", {}).get("zh"),
            m.get("license"),
            m.get("owner"),
            grade.get("grade"),
            grade.get("category"),
            grade.get("reason"),
            m.get("code_version"),
            m.get("dagster_run_id"),
            m.get("signing_key_id"),
            location,
        )
    )
    tables = tables_of(m)
    default = next(iter(tables))
    for f in m["files"]:
        out["files"].append(
            (
                *key,
                "data",
                f.get("table", default),
                f["path"],
                f["sha256"],
                f["bytes"],
                f["rows"],
                f"{location}/{f['path']}",
            )
        )
    for a in m.get("artifacts", []):
        out["files"].append(
            (
                *key,
                "artifact",
                None,
                a["path"],
                a["sha256"],
                a["bytes"],
                None,
                f"{location}/{a['path']}",
            )
        )
    for table, info in tables.items():
        stats = info.get("statistics", {})
        for pos, c in enumerate(info["schema"]):
            s = stats.get(c["name"], {})
            cg = col_grades.get(c["name"], {}) if len(tables) == 1 else {}
            out["columns"].append(
                (
                    *key,
                    table,
                    pos,
                    c["name"],
                    c["type"],
                    c.get("unit"),
                    c.get("description"),
                    c.get("grade") or cg.get("grade"),
                    c.get("category") or cg.get("category"),
                    c.get("privacy_category"),
                    c.get("privacy_treatment"),
                    s.get("null_count"),
                    s.get("null_share"),
                    s.get("distinct_approx"),
                    _text(s.get("min")),
                    _text(s.get("max")),
                    s.get("mean"),
                )
            )
    for part, table, e in expectations_of(m):
        out["quality_metrics"].append(
            (
                *key,
                part,
                table,
                e.get("expect"),
                e.get("column"),
                e.get("severity"),
                e.get("success"),
                e.get("unexpected_count"),
                e.get("element_count"),
                e.get("engine"),
            )
        )
    for reason, n in m.get("quarantine", {}).get("by_reason", {}).items():
        out["quarantine"].append((*key, reason, n))
    for part, checks in sorted(m.get("privacy", {}).get("checks", {}).items()):
        for name, check in sorted(checks.items()):
            out["privacy_checks"].append((*key, part, name, check["passed"], check["detail"]))
    for s in m.get("sources", []):
        out["sources"].append(
            (*key, s.get("partition"), s["name"], s["sha256"], s.get("bytes"), s.get("license"))
        )
    for k, v in _flatten("", m.get("annotation") or {}):
        out["annotation_provenance"].append((*key, k, v))
    if lineage_text:
        out["lineage_edges"] = lineage_rows(key, lineage_text)
    return out
