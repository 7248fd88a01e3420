"""Publishing: assemble a complete, signed release aside, then make it visible atomically."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from releases.commit import (
    ConcurrentPublishError,
    VersionExistsError,
    commit_local,
    commit_remote,
    new_staging,
    sweep_stale_staging,
)
from releases.consume import arrow_dataset
from releases.croissant import render_croissant
from releases.datacard import render_datacard
from releases.diff import Change, classify, next_version
from releases.guards import ENV_ALLOW, ENV_REASON, WITHDRAWN, ReleaseRefused
from releases.hashing import canonical_json, copy_hashed, release_id, sha256_bytes
from releases.layout import (
    CROISSANT,
    DATA_DIR,
    DATACARD,
    FORMAT,
    MANIFEST,
    QUALITY_REPORT,
    SIGNATURE,
)
from releases.quality_report import render_quality_report
from releases.refs import DatasetRef, check_dataset_id, check_member_path
from releases.signing import SigningKey, load_signing_key, publish_public_key
from releases.stats import column_statistics
from releases.store import ReleaseStore
from releases.tables import table_of_path
from releases.withdrawal import withdrawal, withdrawn_data

if TYPE_CHECKING:
    import pyarrow.dataset as pads

__all__ = [
    "ConcurrentPublishError",
    "PublishResult",
    "VersionExistsError",
    "publish",
]
log = logging.getLogger(__name__)
# Fields that differ between runs over the same data and must not make a new version.
VOLATILE_FIELDS = frozenset({"created_at", "dagster_run_id", "code_version"})
CORE_FIELDS = frozenset(
    {
        "format",
        "dataset",
        "version",
        "release_id",
        "metadata_fingerprint",
        "created_at",
        "previous_version",
        "previous_release_id",
        "change",
        "rows",
        "files",
        "tables",
        "artifacts",
        "signing_key_id",
    }
)
BUILTIN_ARTIFACTS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    CROISSANT: render_croissant,
    DATACARD: render_datacard,
    QUALITY_REPORT: render_quality_report,
}
MEDIA_TYPES = {
    CROISSANT: "application/ld+json",
    DATACARD: "text/markdown",
    QUALITY_REPORT: "text/html",
}
ExtraArtifacts = Callable[[dict[str, Any]], dict[str, bytes]]


@dataclass(frozen=True, slots=True)
class PublishResult:
    """Where a release is and whether this call created it."""

    dataset: str
    version: str
    path: Path | str
    release_id: str
    created: bool
    previous_version: str | None
    change: Change | None = None
    manifest: dict[str, Any] = field(default_factory=dict)


def metadata_fingerprint(schema: dict[str, list[dict[str, Any]]], fields: dict[str, Any]) -> str:
    """Hash of the schema and every non-volatile metadata field (the data has the release id)."""
    stable = {k: v for k, v in fields.items() if k not in VOLATILE_FIELDS}
    return sha256_bytes(canonical_json({"schema": schema, "fields": stable}))


def _stage_data(staging: Path, files: dict[str, Path]) -> list[dict[str, Any]]:
    entries = []
    for rel, source in sorted(files.items()):
        table = table_of_path(rel)
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        entries.append(
            {
                "path": rel,
                "table": table,
                "sha256": copy_hashed(source, target),
                "bytes": target.stat().st_size,
                "rows": pq.ParquetFile(target).metadata.num_rows,
            }
        )
    if not entries:
        raise ValueError("a release needs at least one data file")
    return entries


def _statistics(
    staging: Path, entries: list[dict[str, Any]], known: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """One table's statistics: those computed before for its one file's exact bytes, else read."""
    if len(entries) == 1 and entries[0]["sha256"] in known:
        return known[entries[0]["sha256"]]
    return column_statistics([staging / e["path"] for e in entries])


def _tables(
    staging: Path,
    entries: list[dict[str, Any]],
    schemas: dict[str, list[dict[str, Any]]],
    known: dict[str, dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    present = {e["table"] for e in entries}
    if present != set(schemas):
        raise ValueError(
            f"data files cover tables {sorted(present)} but schemas are given for "
            f"{sorted(schemas)}; every table needs both"
        )
    return {
        table: {
            "schema": schemas[table],
            "rows": sum(e["rows"] for e in entries if e["table"] == table),
            "statistics": _statistics(staging, [e for e in entries if e["table"] == table], known),
        }
        for table in sorted(schemas)
    }


def _write_artifacts(
    staging: Path, manifest: dict[str, Any], extra: ExtraArtifacts | None
) -> list[dict[str, Any]]:
    rendered = {name: render(manifest) for name, render in BUILTIN_ARTIFACTS.items()}
    for name, data in (extra(manifest) if extra else {}).items():
        check_member_path(name)
        if name in rendered or name in {MANIFEST, SIGNATURE} or name.startswith(f"{DATA_DIR}/"):
            raise ValueError(f"extra artifact {name!r} clashes with a release file")
        rendered[name] = data
    out = []
    for name, data in sorted(rendered.items()):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)
        out.append(
            {
                "path": name,
                "sha256": sha256_bytes(data),
                "bytes": len(data),
                "media_type": MEDIA_TYPES.get(name, "application/octet-stream"),
            }
        )
    return out


def _withdrawn_again(
    store: ReleaseStore, dataset: str, entries: list[dict[str, Any]]
) -> dict[str, str]:
    """Staged path -> the withdrawn version holding it byte for byte, with its reason."""
    gone = withdrawn_data(store, dataset)
    found = {}
    for entry in entries:
        if entry["sha256"] in gone:
            version = gone[entry["sha256"]][0]
            notice = withdrawal(store, dataset, version)
            found[entry["path"]] = notice.sentence() if notice else f"{dataset}@{version}"
    return found


def _withdrawn_refusal(again: dict[str, str]) -> str:
    """One sentence, action first: the run's failure line keeps only its first 600 characters."""
    paths = sorted(again)
    shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return (
        f"release refused: {shown} would be published again unchanged from a withdrawn "
        "release; fix the data and run again, or, if the withdrawal was about other tables, "
        f"name them (`bohai withdraw --table`) or set {ENV_ALLOW}={WITHDRAWN} and "
        f"{ENV_REASON} ({again[paths[0]]})"
    )


def _staging_for(store: ReleaseStore, dataset: str) -> Path:
    if store.local:
        parent = store.dataset_location(dataset).as_path()
    else:
        parent = Path(tempfile.gettempdir()) / "bohai-staging"
    parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_staging(parent)
    return new_staging(parent)


def publish(
    store: ReleaseStore,
    dataset: str,
    files: dict[str, Path],
    manifest_fields: dict[str, Any],
    schema: dict[str, list[dict[str, Any]]] | list[dict[str, Any]],
    *,
    signing_key: SigningKey | None = None,
    extra_artifacts: ExtraArtifacts | None = None,
    index_catalog: bool = True,
    known_statistics: dict[str, dict[str, Any]] | None = None,
    allow_withdrawn: bool = False,
) -> PublishResult:
    """Publish data files (`data/<table>/<file>.parquet` -> source file) with a signed manifest.

    `schema` maps each table to its column entries (a plain list means one table named after
    the dataset). `known_statistics` maps a file's sha256 to the column statistics computed
    when it was written (`releases.stats.statistics_of`); a table made of that one file uses
    them instead of reading the file again.

    The version comes from a diff against the latest release (MAJOR/MINOR/PATCH); identical data
    and metadata publish nothing and return the latest release. Raises ConcurrentPublishError
    when another publisher released on top of the same previous version first, and
    ReleaseRefused for a data file byte for byte that of a withdrawn version unless
    `allow_withdrawn` (the operator's `withdrawn_data` override; the manifest then names them).
    """
    check_dataset_id(dataset)
    clash = CORE_FIELDS & set(manifest_fields)
    if clash:
        raise ValueError(f"manifest fields {sorted(clash)} are set by publish itself")
    schemas = schema if isinstance(schema, dict) else {dataset.rpartition("/")[2]: schema}
    key = signing_key or load_signing_key()
    latest = store.latest(dataset)
    previous = store.manifest(DatasetRef(dataset, latest)) if latest else None
    staging = _staging_for(store, dataset)
    try:
        entries = _stage_data(staging, files)
        again = _withdrawn_again(store, dataset, entries)
        if again and not allow_withdrawn:
            raise ReleaseRefused(_withdrawn_refusal(again))
        tables = _tables(staging, entries, schemas, known_statistics or {})
        rid = release_id({e["path"]: e["sha256"] for e in entries})
        draft: dict[str, Any] = {
            "release_id": rid,
            "metadata_fingerprint": metadata_fingerprint(schemas, manifest_fields),
            "rows": sum(e["rows"] for e in entries),
            "files": entries,
            "tables": tables,
        }

        def load_data(table: str) -> tuple[pads.Dataset, pads.Dataset]:
            import pyarrow.dataset as pads  # lazy: only a release with a predecessor needs it

            assert previous is not None and latest is not None
            old = arrow_dataset(store.locate(DatasetRef(dataset, latest)), previous, table)
            new = [str(staging / e["path"]) for e in entries if e["table"] == table]
            return old, pads.dataset(new, format="parquet")

        change = classify(previous, draft, load_data)
        if change.kind == "NONE" and latest is not None and withdrawal(store, dataset, latest):
            # The same data as a withdrawn latest (the operator overrode `withdrawn_data`): a new
            # version is the only way to hand it out again; "unchanged" would name a version
            # that pull refuses.
            change.kind = "PATCH"
            change.summary = f"republished unchanged after {latest} was withdrawn"
        if change.kind == "NONE" and previous is not None and latest is not None:
            path = store.resolve(DatasetRef(dataset, latest))
            return PublishResult(dataset, latest, path, rid, False, latest, change, previous)
        version = next_version(latest, change.kind)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "dataset": dataset,
            "version": version,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "previous_version": latest,
            "previous_release_id": previous["release_id"] if previous else None,
            "change": change.as_dict(),
            **draft,
            **manifest_fields,
            "signing_key_id": key.key_id,
        }
        if again:  # allowed by the operator: said in the release itself
            manifest["withdrawn_data_republished"] = again
        manifest["artifacts"] = _write_artifacts(staging, manifest, extra_artifacts)
        raw = json.dumps(manifest, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        (staging / MANIFEST).write_bytes(raw)
        (staging / SIGNATURE).write_bytes(key.sign_manifest(raw))
        publish_public_key(store.keys_location(), key)
        if store.local:
            final: Path | str = commit_local(store, dataset, staging, version, latest)
        else:
            final = commit_remote(store, dataset, staging, version, latest).target()
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    log.info("published %s@%s (%s) at %s", dataset, version, change.kind, final)
    if index_catalog:
        from releases.catalog import refresh_catalog_quietly

        refresh_catalog_quietly(store)
    return PublishResult(dataset, version, final, rid, True, latest, change, manifest)
