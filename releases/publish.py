"""Publishing: write a release aside, then rename it into place, never overwriting a version."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from releases.hashing import release_id, sha256_file
from releases.refs import check_dataset_id, parse_version
from releases.store import MANIFEST, ReleaseStore


class VersionExistsError(FileExistsError):
    """Another publisher already created this version; versions are immutable."""


@dataclass(frozen=True, slots=True)
class PublishResult:
    """Where a release is and whether this call created it."""

    dataset: str
    version: str
    path: Path
    release_id: str
    created: bool
    previous_version: str | None


def _schema_of(manifest: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["type"] for c in manifest.get("schema", [])}


def next_version(previous: dict[str, Any] | None, schema: list[dict[str, Any]]) -> tuple[str, str]:
    """Pick the next semantic version and say why (MAJOR on breaking schema change, else MINOR)."""
    if previous is None:
        return "1.0.0", "first release"
    major, minor, _ = parse_version(previous["version"])
    old, new = _schema_of(previous), {c["name"]: c["type"] for c in schema}
    removed = sorted(set(old) - set(new))
    retyped = sorted(n for n in set(old) & set(new) if old[n] != new[n])
    if removed or retyped:
        return f"{major + 1}.0.0", f"breaking schema change: removed {removed}, retyped {retyped}"
    added = sorted(set(new) - set(old))
    why = f"new data; added columns {added}" if added else "new data, same schema"
    return f"{major}.{minor + 1}.0", why


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())


def publish(
    store: ReleaseStore,
    dataset: str,
    files: dict[str, Path],
    manifest_fields: dict[str, Any],
    schema: list[dict[str, Any]],
) -> PublishResult:
    """Publish data files (release-relative path -> source file) with a manifest.

    Identical content to the latest release publishes nothing and returns that release.
    The folder is assembled under a hidden staging name and renamed into place; a rename onto
    an existing version fails, so two racing publishers cannot both win.
    """
    check_dataset_id(dataset)
    for rel in files:
        if rel.startswith("/") or ".." in Path(rel).parts or not rel.startswith("data/"):
            raise ValueError(f"release file path {rel!r} must be relative and under data/")
    folder = store.dataset_dir(dataset)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".staging-{uuid.uuid4().hex}"
    try:
        entries = []
        for rel, source in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            entries.append(
                {
                    "path": rel,
                    "sha256": sha256_file(target),
                    "bytes": target.stat().st_size,
                    "rows": pq.ParquetFile(target).metadata.num_rows,
                }
            )
        rid = release_id({e["path"]: e["sha256"] for e in entries})
        latest = store.latest(dataset)
        previous = json.loads((folder / latest / MANIFEST).read_text()) if latest else None
        if previous and previous.get("release_id") == rid:
            return PublishResult(dataset, latest, folder / latest, rid, False, latest)
        version, why = next_version(previous, schema)
        manifest = {
            "dataset": dataset,
            "version": version,
            "release_id": rid,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "previous_version": latest,
            "change": why,
            "rows": sum(e["rows"] for e in entries),
            "files": entries,
            "schema": schema,
            **manifest_fields,
        }
        (staging / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
        _fsync_tree(staging)
        final = folder / version
        if final.exists():
            raise VersionExistsError(f"{dataset}@{version} already exists at {final}")
        try:
            os.rename(staging, final)
        except OSError as exc:
            raise VersionExistsError(
                f"{dataset}@{version} already exists at {final}; another publisher won the race"
            ) from exc
        return PublishResult(dataset, version, final, rid, True, latest)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
