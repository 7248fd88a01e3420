"""The DuckDB catalog: every release indexed from its manifest, rebuildable, queried with SQL."""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from releases.catalog_rows import TABLES, manifest_rows
from releases.catalog_views import create_views
from releases.layout import CATALOG_DIR, LINEAGE, MANIFEST
from releases.store import ReleaseStore
from releases.withdrawal import withdrawal

log = logging.getLogger(__name__)
CATALOG_ENV = "BOHAI_CATALOG"
CATALOG_FILE = "catalog.duckdb"


class CatalogError(RuntimeError):
    """The catalog cannot be located, opened or queried."""


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync changed."""

    added: list[str]
    removed: list[str]


def default_catalog_path(store: ReleaseStore) -> Path:
    """BOHAI_CATALOG, else `<store>/_catalog/catalog.duckdb` for a local store."""
    if os.environ.get(CATALOG_ENV):
        return Path(os.environ[CATALOG_ENV])
    if store.local:
        return store.location.as_path() / CATALOG_DIR / CATALOG_FILE
    raise CatalogError(f"the store {store.location} is remote: set {CATALOG_ENV} to a local file")


@contextmanager
def _write_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(path.name + ".lock").open("a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")


def _published(store: ReleaseStore) -> set[tuple[str, str]]:
    return {(d, v) for d in store.datasets() for v in store.versions(d)}


def _index(con: duckdb.DuckDBPyConnection, store: ReleaseStore, dataset: str, version: str) -> None:
    folder = store.dataset_location(dataset).child(version)
    manifest = json.loads(folder.child(MANIFEST).read_text())
    lineage = folder.child(LINEAGE)
    rows = manifest_rows(manifest, str(folder), lineage.read_text() if lineage.isfile() else None)
    for table, values in rows.items():
        if values:
            marks = ", ".join("?" for _ in values[0])
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)


def _delete(con: duckdb.DuckDBPyConnection, dataset: str, version: str) -> None:
    for table in TABLES:
        con.execute(f"DELETE FROM {table} WHERE dataset = ? AND version = ?", [dataset, version])


def _withdrawals(
    con: duckdb.DuckDBPyConnection, store: ReleaseStore, present: set[tuple[str, str]]
) -> None:
    """The `withdrawals` table, read afresh from the store's notices at every sync."""
    con.execute("DELETE FROM withdrawals")
    for dataset, version in sorted(present):
        notice = withdrawal(store, dataset, version)
        if notice is not None:
            con.execute(
                "INSERT INTO withdrawals VALUES (?, ?, ?, ?, ?, ?)",
                [dataset, version, notice.reason, notice.by, notice.at, notice.signed_by],
            )


def _sync(con: duckdb.DuckDBPyConnection, store: ReleaseStore) -> SyncResult:
    _ensure_schema(con)
    indexed = {tuple(r) for r in con.execute("SELECT dataset, version FROM releases").fetchall()}
    present = _published(store)
    added, removed = sorted(present - indexed), sorted(indexed - present)
    con.execute("BEGIN TRANSACTION")
    try:
        for dataset, version in removed:
            _delete(con, dataset, version)
        for dataset, version in added:
            _index(con, store, dataset, version)
        _withdrawals(con, store, present)
        create_views(con, store)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return SyncResult([f"{d}@{v}" for d, v in added], [f"{d}@{v}" for d, v in removed])


def rebuild_catalog(store: ReleaseStore, path: Path | None = None) -> SyncResult:
    """Rebuild the catalog from the manifests alone, replacing the old file atomically."""
    path = path or default_catalog_path(store)
    with _write_lock(path):
        tmp = path.with_name(f"{path.name}.rebuild-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp))
        try:
            result = _sync(con, store)
        finally:
            con.close()
        Path(f"{path}.wal").unlink(missing_ok=True)
        os.replace(tmp, path)
    return result


def sync_catalog(store: ReleaseStore, path: Path | None = None) -> SyncResult:
    """Index releases published since the last sync (and drop ones that disappeared)."""
    path = path or default_catalog_path(store)
    if not path.is_file():
        return rebuild_catalog(store, path)
    with _write_lock(path):
        try:
            con = duckdb.connect(str(path))
        except duckdb.Error as exc:
            log.warning("catalog %s unreadable (%s); rebuilding from manifests", path, exc)
            con = None
        if con is not None:
            try:
                return _sync(con, store)
            finally:
                con.close()
    return rebuild_catalog(store, path)


def refresh_catalog_quietly(store: ReleaseStore) -> None:
    """Sync after a publish; a failure only logs, since the catalog is rebuilt from manifests."""
    if not store.local and not os.environ.get(CATALOG_ENV):
        log.debug("no catalog for remote store %s (set %s)", store.location, CATALOG_ENV)
        return
    try:
        sync_catalog(store)
    except (CatalogError, duckdb.Error, OSError, ValueError, KeyError) as exc:
        log.warning("catalog not updated (run `bohai catalog rebuild`): %s", exc)


def query(store: ReleaseStore, sql: str, path: Path | None = None) -> tuple[list[str], list[Any]]:
    """Run one SQL statement against a freshly synced catalog, read-only."""
    path = path or default_catalog_path(store)
    sync_catalog(store, path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        cur = con.execute(sql)
        columns = [d[0] for d in cur.description] if cur.description else []
        return columns, cur.fetchall()
    except duckdb.Error as exc:
        raise CatalogError(f"query failed: {exc}") from exc
    finally:
        con.close()
