"""Dataset ids, versions and release file paths that could escape the store are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from releases.refs import DatasetRef, RefError, check_member_path
from releases.store import ReleaseStore
from releases.tables import table_of_path


@pytest.mark.parametrize(
    "text",
    [
        "../etc@1.0.0",
        "/etc/passwd",
        "marine/../x",
        "marine/x@../1.0.0",
        "marine/x@1.0.0/..",
        "marine/x@/tmp",
        "marine/x@1.0",
        "Marine/x",
        "marine/x/y",
        "marine\\x",
        "",
    ],
)
def test_bad_refs_are_refused(text: str) -> None:
    with pytest.raises(RefError):
        DatasetRef.parse(text)


@pytest.mark.parametrize(
    "rel",
    [
        "../x.parquet",
        "/abs.parquet",
        "data/../manifest.json",
        "data//x.parquet",
        "data/./x.parquet",
        "data\\x.parquet",
    ],
)
def test_member_paths_cannot_escape(rel: str) -> None:
    with pytest.raises(RefError):
        check_member_path(rel)


def test_data_files_must_be_table_parquet() -> None:
    assert table_of_path("data/fixes/2026-11-01.parquet") == "fixes"
    for bad in ("data/x.parquet", "data/fixes/a.csv", "data/Fixes/a.parquet", "meta/t/a.parquet"):
        with pytest.raises(ValueError):
            table_of_path(bad)


def test_store_never_resolves_outside_its_root(tmp_path: Path) -> None:
    store = ReleaseStore(tmp_path / "store")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "manifest.json").write_text("{}")
    with pytest.raises(RefError):
        store.versions("../secret")
    with pytest.raises(RefError):
        store.locate(DatasetRef("marine/x", "../../secret"))
