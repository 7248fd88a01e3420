"""Gathering scrubbed partitions into one immutable, signed, verifiable release (plain Python)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl

from annotation.merge import LowAgreement, agreement_gate, read_pending_release
from pipelines.home import state_dir
from pipelines.lineage import release_lineage
from pipelines.morsels import bounded_morsels
from pipelines.scrub_audit import known_statistics
from pipelines.source_check import gone
from pipelines.stage_report import read_report
from pipelines.stages import UpstreamBlocked, require_upstream
from pipelines.version import code_version
from quality.encoding import replacement_characters
from releases.grading import GradeDecision, decide_grade
from releases.guards import (
    WITHDRAWN,
    ReleaseFacts,
    ReleaseOverride,
    ReleaseRefused,
    enforce,
    lost_units,
    override_from_env,
    refusals,
)
from releases.metadata_spec import ReleaseMetadata, release_metadata
from releases.publish import PublishResult, publish
from releases.refs import DatasetRef
from releases.signing import SigningKey, load_signing_key
from releases.source_names import withhold_name
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


def _stopped_at(part: Path) -> tuple[str, dict[str, Any] | None] | None:
    """The first stage that stopped a partition with its failed blocking checks (None when it
    wrote no report); None when every stage passed."""
    for stage in ("parsed", "validated", "scrubbed"):
        try:
            checks = read_report(part / stage).get("checks", {})
        except FileNotFoundError:
            return stage, None
        failed = {n: c for n, c in checks.items() if c["blocking"] and not c["passed"]}
        if failed:
            return stage, failed
    return None


def blocked_partitions(dataset_dir: Path) -> list[str]:
    """`partition: stage failed check, ...` for each partition stopped by a blocking check."""
    if not dataset_dir.is_dir():
        return []
    out: list[str] = []
    for part in sorted(p for p in dataset_dir.iterdir() if p.is_dir()):
        stop = _stopped_at(part)
        if stop is not None and stop[1]:
            out.append(f"{part.name}: {stop[0]} failed {', '.join(stop[1])}")
    return out


def _first_failure(part: Path) -> str:
    """The first failed blocking check of a partition with its detail, or a stage that stopped."""
    stop = _stopped_at(part)
    if stop is None:
        return "not ready"
    stage, failed = stop
    if failed is None:
        failure = part / stage / "failure.json"
        cause = json.loads(failure.read_text())["cause"] if failure.is_file() else "no report"
        return f"{stage} did not finish: {str(cause)[:300]}"
    name, check = next(iter(failed.items()))
    return f"{stage} failed {name}: {str(check.get('detail', ''))[:300]}"


def held_back_partitions(dataset_dir: Path, ready: list[str]) -> list[str]:
    """`partition: why` for each partition that started (has raw input) but is not released."""
    started = sorted(p for p in dataset_dir.iterdir() if (p / "raw").is_dir())
    return [f"{p.name}: {_first_failure(p)}" for p in started if p.name not in ready]


def release_file_name(table: str, partition: str) -> str:
    """Release-relative path of one table's file for one partition: `data/<table>/<part>.parquet`.

    No `key=value` folders, so no reader infers extra partition columns.
    """
    return f"data/{table}/{partition}.parquet"


def _schema_entries(
    spec: DatasetSpec, table: str, path: Path, meta: ReleaseMetadata, grade: GradeDecision
) -> list[dict[str, Any]]:
    contract = get_schema(spec.tables[table].table_schema)
    treatments = dict(spec.tables[table].privacy.columns)
    renamed = {p.rename: c for c, p in treatments.items() if p.rename}
    out = []
    for name, dtype in pl.scan_parquet(path).collect_schema().items():
        source = renamed.get(name, name)
        col = contract.column(source) if source in contract.names else None
        pol = treatments.get(source)
        qualified = f"{table}.{name}"
        extra = meta.columns.get(qualified) or meta.columns.get(name)
        graded = grade.columns.get(qualified, {})
        out.append(
            {
                "name": name,
                "source_column": source,
                "type": str(dtype),
                "unit": col.unit if col else None,
                "description": col.description if col else "",
                "label_zh": extra.label_zh if extra else None,
                "description_zh": extra.description_zh if extra else None,
                "privacy_category": pol.category if pol else "none",
                "privacy_treatment": (pol.policy or "keep") if pol else "none",
                "grade": graded.get("grade", grade.grade),
                "category": graded.get("category", grade.category),
            }
        )
    return out


def grade_release(
    spec: DatasetSpec, store: ReleaseStore, meta: ReleaseMetadata, columns: list[str]
) -> GradeDecision:
    """GB/T 43697 grade: the spec's, raised to its inputs' and columns' unless lowered with reason.

    `columns` are `table.column` names; release.columns may name a column bare or qualified.
    """
    inputs = {}
    for ref in meta.derived_from:
        parsed = DatasetRef.parse(ref)
        inputs[str(parsed)] = store.manifest(parsed).get("data_grade", {}).get("grade", "general")
    known = set(columns)
    overrides = {}
    for name, c in meta.columns.items():
        if not (c.grade or c.category):
            continue
        qualified = (
            name
            if name in known
            else next((q for q in columns if q.split(".", 1)[1] == name), name)
        )
        overrides[qualified] = c.model_dump(include={"grade", "category", "reason"})
    return decide_grade(
        spec.release.grade,
        spec.release.category,
        spec.release.grade_reason,
        inputs,
        columns,
        overrides,
    )


def _privacy_checks(scrubbed: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {"passed": c["passed"], "blocking": c["blocking"], "detail": c["detail"]}
        for name, c in scrubbed.get("checks", {}).items()
    }


def _gather(spec: DatasetSpec, dataset_dir: Path, partitions: list[str]) -> dict[str, Any]:
    files: dict[str, Path] = {}
    sources: list[dict[str, Any]] = []
    quarantine: Counter[str] = Counter()
    quality: dict[str, Any] = {}
    checks: dict[str, Any] = {}
    audits: dict[str, Any] = {}
    risk: dict[str, Any] = {}
    treatments: dict[str, list[dict[str, Any]]] = {}
    statistics: dict[str, dict[str, Any]] = {}
    units = 0
    for part in partitions:
        pdir = dataset_dir / part
        parsed = read_report(pdir / "parsed")
        validated = read_report(pdir / "validated")
        scrubbed = read_report(pdir / "scrubbed")
        for table in spec.tables:
            files[release_file_name(table, part)] = pdir / "scrubbed" / f"{table}.parquet"
            info = scrubbed["tables"][table]
            treatments[table] = info["treatments"]
            if info.get("leak_audit") is not None:
                audits.setdefault(part, {})[table] = info["leak_audit"]
            if info.get("risk") is not None:
                risk.setdefault(part, {})[table] = info["risk"]
            statistics |= known_statistics(pdir / "scrubbed", table)
        for raw in parsed["raw_files"]:
            named = withhold_name(raw) if spec.file_names_private else raw
            sources.append(named | {"partition": part, "license": spec.source.license})
        for reason, n in parsed["quarantined_by_reason"].items():
            quarantine[f"ingest/{reason}"] += n
        for reason, n in validated["quarantined_by_reason"].items():
            quarantine[f"quality/{reason}"] += n
        units += parsed["input_units"]
        quality[part] = {
            "tables": {
                t: {k: v for k, v in info.items() if k != "quarantined_by_reason"}
                for t, info in validated["tables"].items()
            },
            "ledger": parsed["ledger"],
        }
        checks[part] = _privacy_checks(scrubbed)
    passed = all(c["passed"] for part in checks.values() for c in part.values()) and all(
        a.get("passed", False) for per_table in audits.values() for a in per_table.values()
    )
    return {
        "files": files,
        "statistics": statistics,
        "sources": sources,
        "quality": quality,
        "privacy": {
            "tables": treatments,
            "checks": checks,
            "leak_audit": audits or None,
            "risk": risk or None,
            "passed": passed and bool(checks),
        },
        "quarantine": {"input_units": units, "by_reason": dict(sorted(quarantine.items()))},
    }


def release_facts(
    spec: DatasetSpec,
    store: ReleaseStore,
    files: dict[str, Path],
    quarantine: dict[str, Any],
    partitions: list[str] | None = None,
    quality: dict[str, Any] | None = None,
) -> ReleaseFacts:
    """Rows, partitions and quarantine of the release to be, next to the latest one's."""
    latest = store.latest(spec.id)
    previous_rows = None
    previous_partitions: list[str] = []
    previous_days: dict[str, int] = {}
    if latest is not None:
        manifest = store.manifest(DatasetRef(spec.id, latest))
        tables = manifest.get("tables", {})
        previous_rows = sum(int(tables.get(t, {}).get("rows", 0)) for t in spec.tables)
        previous_partitions = [str(p) for p in manifest.get("partitions", [])]
        previous_days = day_rows(spec, manifest.get("quality") or {})
    return ReleaseFacts(
        dataset=spec.id,
        rows=sum(
            pl.scan_parquet(path).select(pl.len()).collect().item() for path in files.values()
        ),
        quarantined=lost_units(quarantine["by_reason"]),
        previous_version=latest,
        previous_rows=previous_rows,
        partitions=tuple(partitions or ()),
        previous_partitions=tuple(previous_partitions) if partitions is not None else (),
        day_rows=tuple(day_rows(spec, quality or {}).items()),
        previous_day_rows=tuple(previous_days.items()),
    )


def day_rows(spec: DatasetSpec, quality: dict[str, Any]) -> dict[str, int]:
    """Rows kept per partition, from a manifest's (or a release-to-be's) quality section."""
    out: dict[str, int] = {}
    for part, info in quality.items():
        tables = info.get("tables", {}) if isinstance(info, dict) else {}
        rows = [tables[t].get("rows_out") for t in spec.tables if isinstance(tables.get(t), dict)]
        if rows and all(isinstance(n, int) for n in rows):
            out[str(part)] = sum(rows)
    return out


def refuse_garbled(files: dict[str, Path]) -> None:
    """Refuse files holding U+FFFD (labels: scrubbed tables were checked per partition)."""
    garbled = {
        f"{rel}.{column}": n
        for rel, path in files.items()
        for column, n in replacement_characters(pl.scan_parquet(path)).items()
        if n
    }
    if garbled:
        raise ReleaseRefused(f"release refused: labels hold U+FFFD: {garbled}")


@bounded_morsels
def build_release(
    spec: DatasetSpec,
    dataset_dir: Path,
    store: ReleaseStore,
    run_id: str | None,
    signing_key: SigningKey | None = None,
    override: ReleaseOverride | None = None,
) -> PublishResult:
    """Publish every ready partition as one signed release with its manifest and artifacts.

    Refuses (ReleaseRefused) an empty release, one that shrank more than release.max_shrink
    below the latest version (or a day of it more than release.max_day_shrink), or one whose
    quarantine share is above release.max_quarantine_share, unless `override` (default: from
    the environment) allows it.
    """
    partitions = ready_partitions(dataset_dir)
    if not partitions:
        blocked = blocked_partitions(dataset_dir)
        raise RuntimeError(
            f"{spec.id}: no partition has passed all stages yet; "
            + ("; ".join(blocked) if blocked else "materialize the scrubbed asset first")
        )
    gathered = _gather(spec, dataset_dir, partitions)
    held_back = held_back_partitions(dataset_dir, partitions)
    # Only released days count: a day held back (its run failed) that the latest version holds
    # would vanish from the new latest, so it trips missing_partitions like a deleted one.
    facts = release_facts(
        spec, store, gathered["files"], gathered["quarantine"], partitions, gathered["quality"]
    )
    override = override if override is not None else override_from_env()
    overridden = enforce(
        refusals(
            facts,
            spec.release.max_shrink,
            spec.release.max_quarantine_share,
            spec.release.max_day_shrink,
        ),
        override,
    )
    meta = release_metadata(spec.release)
    first = {t: dataset_dir / partitions[0] / "scrubbed" / f"{t}.parquet" for t in spec.tables}
    columns = [
        f"{t}.{c}"
        for t, path in first.items()
        for c in pl.scan_parquet(path).collect_schema().names()
    ]
    grade = grade_release(spec, store, meta, columns)
    fields = {
        "title": spec.title.model_dump(),
        "description": spec.description.model_dump(),
        "sector": spec.sector,
        "license": spec.release.license,
        "data_grade": grade.as_manifest(
            meta.approval.model_dump(mode="json") if meta.approval else None
        ),
        "owner": spec.release.owner,
        "partitions": partitions,
        "sources": gathered["sources"],
        "source_license": spec.source.license,
        "source_provenance": spec.source.provenance,
        "derived_from": meta.derived_from,
        "code_version": code_version(),
        "dagster_run_id": run_id,
        "quality": gathered["quality"],
        "privacy": gathered["privacy"],
        "quarantine": gathered["quarantine"],
        # The labeling plan; replaced by the provenance of pulled labels when there are any.
        "annotation": (
            {"planned": spec.annotation.model_dump(mode="json")} if spec.annotation else None
        ),
        "datasheet": meta.datasheet.model_dump(exclude_none=True),
        "listing": meta.listing.model_dump() if meta.listing else None,
        "url": meta.url,
    }
    if overridden is not None:
        fields["override"] = overridden
    named = {h.partition(":")[0] for h in held_back}
    held_back += [  # only with an override: missing partitions are refused otherwise
        f"{p}: in {facts.previous_version}, but its work folder is gone"
        for p in facts.missing
        if p not in named  # a failed run already says why
    ]
    if held_back:  # a day left out of a release is named in it, never skipped silently
        fields["held_back"] = held_back
    vanished = gone(gathered["sources"])
    if vanished:  # a released day whose source file was removed stays, and says so
        fields["source_warnings"] = vanished
    files = dict(gathered["files"])
    schema = {t: _schema_entries(spec, t, path, meta, grade) for t, path in first.items()}
    labels = read_pending_release(dataset_dir / "annotation" / "release")
    if labels is not None:  # annotations pulled from Label Studio join the next release
        allowed, why = agreement_gate(labels)
        if not allowed:
            raise LowAgreement(f"{spec.id}: release with labels blocked: {why}")
        files |= labels.files
        schema |= labels.schemas
        fields |= labels.manifest_fields

    refuse_garbled(labels.files if labels is not None else {})
    key = signing_key or load_signing_key(dev_dir=state_dir() / "secrets")
    return publish(
        store,
        spec.id,
        files,
        fields,
        schema,
        signing_key=key,
        extra_artifacts=release_lineage(spec, dataset_dir, partitions, run_id, gathered["files"]),
        known_statistics=gathered["statistics"],
        allow_withdrawn=WITHDRAWN in override.allowed,
    )
