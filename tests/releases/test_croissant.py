"""croissant.json is valid Croissant 1.1 (checked by mlcroissant) and loads the released rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from release_helpers import fixes

from releases.refs import DatasetRef
from releases.store import ReleaseStore

DS = "marine/fixes"


@pytest.fixture
def folder(store: ReleaseStore, publish_frames: Callable) -> Path:
    """A two-table release folder."""
    publish_frames(
        store,
        DS,
        {
            "fixes": {"d1": fixes(6), "d2": fixes(4, start=6)},
            "ports": {"all": pl.DataFrame({"port": ["Dalian"], "berths": [9]})},
        },
    )
    return Path(store.resolve(DatasetRef(DS, "1.0.0")))


def test_croissant_is_valid_and_loads_records(folder: Path) -> None:
    import mlcroissant as mlc

    doc = json.loads((folder / "croissant.json").read_text())
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    dataset = mlc.Dataset(jsonld=str(folder / "croissant.json"))
    assert not dataset.metadata.ctx.issues.errors and not dataset.metadata.ctx.issues.warnings
    assert dataset.metadata.version == "1.0.0"
    records = list(dataset.records("fixes"))
    assert len(records) == 10
    assert records[0]["fixes/vessel_id"] == b"v000" and records[0]["fixes/lat"] == 38.0
    ports = list(dataset.records("ports"))
    assert ports == [{"ports/port": b"Dalian", "ports/berths": 9}]


def test_croissant_carries_hashes_rai_and_provenance(folder: Path) -> None:
    doc = json.loads((folder / "croissant.json").read_text())
    manifest = json.loads((folder / "manifest.json").read_text())
    objects = {d["@id"]: d for d in doc["distribution"] if d["@type"] == "cr:FileObject"}
    assert {f["path"]: f["sha256"] for f in manifest["files"]} == {
        k: v["sha256"] for k, v in objects.items()
    }
    filesets = [d for d in doc["distribution"] if d["@type"] == "cr:FileSet"]
    assert sorted(f["includes"] for f in filesets) == [
        "data/fixes/*.parquet",
        "data/ports/*.parquet",
    ]
    for key in (
        "rai:dataCollection",
        "rai:personalSensitiveInformation",
        "rai:dataAnnotationProtocol",
        "rai:dataLimitations",
    ):
        assert doc[key], key
    assert (
        "mmsi (identifier): pseudonym -> de-identified" in doc["rai:personalSensitiveInformation"]
    )
    assert doc["prov:wasDerivedFrom"][0]["@id"] == "urn:sha256:" + "ab" * 32
    assert doc["license"] == "https://spdx.org/licenses/CC-BY-4.0.html"
