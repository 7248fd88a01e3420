"""Gathering scrubbed partitions into one immutable, verifiable release (plain Python)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.stage_report import read_report
from pipelines.stages import UpstreamBlocked, require_upstream
from pipelines.version import code_version
from releases.publish import PublishResult, publish
from releases.store import ReleaseStore
from schemas.registry import get_schema
from schemas.spec import DatasetSpec


def ready_partitions(dataset_dir: Path) -> list[str]:
    """Partitions whose scrubbed stage completed with every blocking check passed."""
    if not dataset_dir.is_dir():
        return []
    ready = []
    for part in sorted(p for p in dataset_dir.iterdir() if p.is_dir()):
        try:
            require_upstream(part / "scrubbed")
        except (FileNotFoundError, UpstreamBlocked):
            continue
        ready.append(part.name)
    return ready


def _schema_entries(spec: DatasetSpec, table: Path) -> list[dict[str, Any]]:
    contract = get_schema(spec.table_schema)
    treatments = {c: p for c, p in spec.privacy.columns.items()}
    renamed = {p.rename: c for c, p in treatments.items() if p.rename}
    out = []
    for name, dtype in pl.scan_parquet(table).collect_schema().items():
        source = renamed.get(name, name)
        col = contract.column(source) if source in contract.names else None
        pol = treatments.get(source)
        out.append(
            {
                "name": name,
                "type": str(dtype),
                "unit": col.unit if col else None,
                "description": col.description if col else "",
                "privacy_category": pol.category if pol else "none",
                "privacy_treatment": (pol.policy or "keep") if pol else "none",
                "grade": spec.release.grade,
            }
        )
    return out


def build_release(
    spec: DatasetSpec, dataset_dir: Path, store: ReleaseStore, run_id: str | None
) -> PublishResult:
    """Publish every ready partition as one release with its manifest."""
    partitions = ready_partitions(dataset_dir)
    if not partitions:
        raise RuntimeError(
            f"{spec.id}: no partition has passed all stages yet; materialize the scrubbed asset first"
        )
    files: dict[str, Path] = {}
    sources: list[dict[str, Any]] = []
    quarantine: Counter[str] = Counter()
    quality: dict[str, Any] = {}
    privacy: dict[str, Any] = {}
    ingest_units = 0
    for part in partitions:
        pdir = dataset_dir / part
        parsed = read_report(pdir / "parsed")
        validated = read_report(pdir / "validated")
        scrubbed = read_report(pdir / "scrubbed")
        key = f"date={part}" if spec.partitioning.kind == "daily" else part
        files[f"data/{key}/part-0.parquet"] = pdir / "scrubbed" / "table.parquet"
        for raw in parsed["raw_files"]:
            sources.append(raw | {"partition": part, "license": spec.source.license})
        for reason, n in parsed["quarantined_by_reason"].items():
            quarantine[f"ingest/{reason}"] += n
        for reason, n in validated["quarantined_by_reason"].items():
            quarantine[f"quality/{reason}"] += n
        ingest_units += parsed["input_units"]
        quality[part] = {
            "expectations": validated["expectations"],
            "flagged_by_rule": validated["flagged_by_rule"],
            "ledger": parsed["ledger"],
        }
        privacy = {"treatments": scrubbed["treatments"]}
    first = next(iter(files.values()))
    fields = {
        "title": spec.title.model_dump(),
        "description": spec.description.model_dump(),
        "sector": spec.sector,
        "license": spec.release.license,
        "data_grade": {
            "grade": spec.release.grade,
            "category": spec.release.category,
            "standard": "GB/T 43697-2024",
            "reason": spec.release.grade_reason,
        },
        "owner": spec.release.owner,
        "partitions": partitions,
        "sources": sources,
        "source_license": spec.source.license,
        "source_provenance": spec.source.provenance,
        "code_version": code_version(),
        "dagster_run_id": run_id,
        "quality": quality,
        "privacy": privacy,
        "quarantine": {"input_units": ingest_units, "by_reason": dict(sorted(quarantine.items()))},
    }
    return publish(store, spec.id, files, fields, _schema_entries(spec, first))
