"""The DuckDB catalog indexes every release, is rebuilt from manifests alone, and answers SQL."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from release_helpers import fixes

from releases.catalog import CatalogError, default_catalog_path, query, rebuild_catalog
from releases.store import ReleaseStore

DS = "marine/fixes"


@pytest.fixture
def two_versions(store: ReleaseStore, publish_frames: Callable) -> ReleaseStore:
    """A store with 1.0.0 and 1.1.0 of one dataset."""
    publish_frames(store, DS, {"fixes": {"d1": fixes(20)}})
    publish_frames(store, DS, {"fixes": {"d1": fixes(20), "d2": fixes(5, start=20)}})
    return store


def test_publish_indexes_every_release(two_versions: ReleaseStore) -> None:
    _, rows = query(two_versions, "SELECT version, change_kind, rows FROM releases ORDER BY 1")
    assert rows == [("1.0.0", "INITIAL", 20), ("1.1.0", "MINOR", 25)]
    _, latest = query(two_versions, "SELECT dataset, latest_version, versions FROM datasets")
    assert latest == [(DS, "1.1.0", 2)]


def test_views_join_columns_quality_privacy_and_files(two_versions: ReleaseStore) -> None:
    _, personal = query(
        two_versions,
        "SELECT DISTINCT name, privacy_category FROM personal_columns WHERE version = '1.1.0'",
    )
    assert personal == [("lat", "quasi_identifier")]
    _, files = query(
        two_versions,
        "SELECT kind, count(*) FROM files WHERE version = '1.1.0' GROUP BY 1 ORDER BY 1",
    )
    assert files == [("artifact", 3), ("data", 2)]
    _, checks = query(two_versions, "SELECT check_name, passed FROM privacy_checks LIMIT 1")
    assert checks == [("no_raw_identifiers_remain", True)]
    _, history = query(
        two_versions,
        "SELECT version, null_share FROM column_history WHERE name = 'sog' ORDER BY version",
    )
    assert history == [("1.0.0", 0.0), ("1.1.0", 0.0)]


def test_data_view_queries_across_versions(two_versions: ReleaseStore) -> None:
    _, rows = query(
        two_versions,
        "SELECT _version, count(*), max(lat) FROM data_marine__fixes__fixes GROUP BY 1 ORDER BY 1",
    )
    assert [(v, n) for v, n, _ in rows] == [("1.0.0", 20), ("1.1.0", 25)]
    assert rows[1][2] == pytest.approx(38.024)


def test_rebuild_from_manifests_alone(two_versions: ReleaseStore) -> None:
    path = default_catalog_path(two_versions)
    before = query(two_versions, "SELECT * FROM columns ORDER BY version, table_name, position")
    path.unlink()
    result = rebuild_catalog(two_versions)
    assert sorted(result.added) == [f"{DS}@1.0.0", f"{DS}@1.1.0"]
    assert (
        query(two_versions, "SELECT * FROM columns ORDER BY version, table_name, position")
        == before
    )


def test_removed_release_leaves_the_catalog_on_next_sync(two_versions: ReleaseStore) -> None:
    shutil.rmtree(two_versions.dataset_location(DS).as_path() / "1.1.0")
    _, rows = query(two_versions, "SELECT version FROM releases")
    assert rows == [("1.0.0",)]


def test_bad_sql_is_a_clear_error(two_versions: ReleaseStore) -> None:
    with pytest.raises(CatalogError, match="query failed"):
        query(two_versions, "SELECT nope FROM releases")


def test_annotation_provenance_is_indexed(store: ReleaseStore, publish_frames: Callable) -> None:
    annotation = {"tool": "label-studio", "project": {"id": 7, "guideline": "v2"}}
    publish_frames(store, DS, {"fixes": {"d1": fixes(3)}}, annotation=annotation)
    _, rows = query(store, "SELECT key, value FROM annotation_provenance ORDER BY key")
    assert rows == [("project.guideline", "v2"), ("project.id", "7"), ("tool", "label-studio")]
