"""Reading a release in Python: a verified polars LazyFrame or pyarrow dataset per table."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow.fs as pafs

from releases.fs import Location, is_uri
from releases.layout import MANIFEST
from releases.refs import DatasetRef
from releases.signing import trusted_keys
from releases.store import ReleaseStore
from releases.tables import only_table, table_files, tables_of
from releases.verify import VerifyReport, require_verified
from releases.withdrawal import require_available

if TYPE_CHECKING:
    import pyarrow.dataset as pads


@dataclass(frozen=True, slots=True)
class OpenRelease:
    """A located (and usually verified) release: where it is and what its manifest says."""

    location: Location
    manifest: dict[str, Any]
    report: VerifyReport | None

    @property
    def tables(self) -> list[str]:
        """Names of the release's tables."""
        return list(tables_of(self.manifest))

    def data_paths(self, table: str | None = None) -> list[str]:
        """Filesystem paths of one table's Parquet files, in manifest order."""
        name = only_table(self.manifest, table)
        return [self.location.child(f["path"]).path for f in table_files(self.manifest, name)]

    def arrow_dataset(self, table: str | None = None) -> pads.Dataset:
        """A pyarrow dataset over exactly one table's files (no partition columns inferred)."""
        return arrow_dataset(self.location, self.manifest, table)

    def lazy(self, table: str | None = None) -> pl.LazyFrame:
        """A polars LazyFrame over one table of the release."""
        if self.location.local:
            return pl.scan_parquet(self.data_paths(table), hive_partitioning=False)
        return pl.scan_pyarrow_dataset(self.arrow_dataset(table))


def arrow_dataset(
    location: Location, manifest: dict[str, Any], table: str | None = None
) -> pads.Dataset:
    """pyarrow dataset of one table of a release folder, on any backend."""
    import pyarrow.dataset as pads  # lazy: it pulls in pandas, which an ingest run never needs

    name = only_table(manifest, table)
    paths = [location.child(f["path"]).path for f in table_files(manifest, name)]
    if location.local:
        filesystem: pafs.FileSystem = pafs.LocalFileSystem()
    else:
        filesystem = pafs.PyFileSystem(pafs.FSSpecHandler(location.fs))
    return pads.dataset(paths, format="parquet", filesystem=filesystem)


def open_release(
    ref: str | DatasetRef,
    store: ReleaseStore | Path | str | None = None,
    verify: bool = True,
) -> OpenRelease:
    """Locate DATASET@VERSION (or a release folder path when store is None) and verify it."""
    if store is None:
        if isinstance(ref, DatasetRef):
            raise ValueError(f"{ref}: give the store to open a DATASET@VERSION reference")
        location = Location.of(ref if is_uri(ref) else Path(ref))
        anchors = None
    else:
        rs = store if isinstance(store, ReleaseStore) else ReleaseStore(store)
        parsed = ref if isinstance(ref, DatasetRef) else DatasetRef.parse(ref)
        location = rs.locate(require_available(rs, parsed))
        anchors = trusted_keys(rs.keys_location()) or None
    report = require_verified(location, anchors) if verify else None
    manifest = report.manifest if report else json.loads(location.child(MANIFEST).read_text())
    return OpenRelease(location, manifest, report)


def scan_release(
    ref: str | DatasetRef,
    store: ReleaseStore | Path | str | None = None,
    table: str | None = None,
    verify: bool = True,
) -> pl.LazyFrame:
    """Verified polars LazyFrame of one table of a release (DATASET@VERSION, or a folder)."""
    return open_release(ref, store, verify).lazy(table)


def release_dataset(
    ref: str | DatasetRef,
    store: ReleaseStore | Path | str | None = None,
    table: str | None = None,
    verify: bool = True,
) -> pads.Dataset:
    """Verified pyarrow dataset of one table of a release (DATASET@VERSION, or a folder)."""
    return open_release(ref, store, verify).arrow_dataset(table)
