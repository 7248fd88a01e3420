"""Semantic versions from a real diff against the previous release (Croissant 1.1 rules)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from release_helpers import fixes

from releases.refs import DatasetRef
from releases.store import ReleaseStore
from releases.verify import verify_release

DS = "marine/fixes"


def test_each_kind_of_change_gets_its_version(
    store: ReleaseStore, publish_frames: Callable
) -> None:
    day1, day2 = fixes(50), fixes(30, start=50)
    first = publish_frames(store, DS, {"fixes": {"d1": day1}})
    assert (first.version, first.change.kind) == ("1.0.0", "INITIAL")

    same = publish_frames(store, DS, {"fixes": {"d1": day1}})
    assert (same.created, same.version, same.change.kind) == (False, "1.0.0", "NONE")

    rows = publish_frames(store, DS, {"fixes": {"d1": day1, "d2": day2}})
    assert (rows.version, rows.change.kind, rows.change.rows_added) == ("1.1.0", "MINOR", 30)

    repacked = publish_frames(store, DS, {"fixes": {"all": pl.concat([day2, day1])}})
    assert (repacked.version, repacked.change.kind) == ("1.1.1", "PATCH")
    assert repacked.change.rows_removed_or_changed == 0

    meta = publish_frames(store, DS, {"fixes": {"all": pl.concat([day2, day1])}}, owner="other")
    assert (meta.version, meta.change.kind, meta.change.metadata_changed) == (
        "1.1.2",
        "PATCH",
        True,
    )

    wider = pl.concat([day2, day1]).with_columns(pl.lit(1).alias("extra"))
    added = publish_frames(store, DS, {"fixes": {"all": wider}}, owner="other")
    assert (added.version, added.change.kind) == ("1.2.0", "MINOR")
    assert added.change.added_columns == ["fixes.extra"]

    edited = wider.with_columns(
        pl.when(pl.col("sog") == 3.0).then(99.0).otherwise(pl.col("sog")).alias("sog")
    )
    changed = publish_frames(store, DS, {"fixes": {"all": edited}}, owner="other")
    assert (changed.version, changed.change.kind) == ("2.0.0", "MAJOR")
    assert changed.change.rows_removed_or_changed == (edited["sog"] == 99.0).sum()

    renamed = edited.rename({"sog": "speed"})
    major = publish_frames(store, DS, {"fixes": {"all": renamed}}, owner="other")
    assert (major.version, major.change.kind) == ("3.0.0", "MAJOR")
    assert major.change.removed_columns == ["fixes.sog"]

    retyped = renamed.with_columns(pl.col("extra").cast(pl.Float64))
    again = publish_frames(store, DS, {"fixes": {"all": retyped}}, owner="other")
    assert again.change.kind == "MAJOR" and "fixes.extra" in again.change.retyped_columns

    assert store.versions(DS) == [
        "1.0.0",
        "1.1.0",
        "1.1.1",
        "1.1.2",
        "1.2.0",
        "2.0.0",
        "3.0.0",
        "4.0.0",
    ]
    for version in store.versions(DS):
        assert verify_release(store.resolve(DatasetRef(DS, version))).ok


def test_manifest_records_previous_version_and_change(
    store: ReleaseStore, publish_frames: Callable
) -> None:
    publish_frames(store, DS, {"fixes": {"d1": fixes(10)}})
    second = publish_frames(store, DS, {"fixes": {"d1": fixes(10), "d2": fixes(5, start=10)}})
    manifest = store.manifest(DatasetRef(DS, "1.1.0"))
    first_id = store.manifest(DatasetRef(DS, "1.0.0"))["release_id"]
    assert manifest["previous_version"] == "1.0.0"
    assert manifest["previous_release_id"] == first_id
    assert manifest["change"]["kind"] == "MINOR"
    assert manifest["change"]["summary"] == second.change.summary
    assert manifest["tables"]["fixes"]["rows"] == 15
    assert manifest["tables"]["fixes"]["statistics"]["sog"]["max"] == 14.0


def test_removing_a_table_is_major_and_adding_one_is_minor(
    store: ReleaseStore, publish_frames: Callable
) -> None:
    publish_frames(store, DS, {"fixes": {"d1": fixes(10)}})
    two = publish_frames(store, DS, {"fixes": {"d1": fixes(10)}, "ports": {"d1": fixes(3)}})
    assert (two.version, two.change.kind) == ("1.1.0", "MINOR")
    one = publish_frames(store, DS, {"ports": {"d1": fixes(3)}})
    assert (one.version, one.change.kind) == ("2.0.0", "MAJOR")
