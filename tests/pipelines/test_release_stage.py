"""The release stage: real stage outputs become a signed release with OpenLineage lineage."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from pipelines.lineage import emit_stage_event
from pipelines.release_stage import build_release, grade_release
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from releases.catalog import query
from releases.metadata_spec import ReleaseMetadata
from releases.store import ReleaseNotFound, ReleaseStore
from releases.verify import verify_release
from schemas.spec import DatasetSpec, load_spec

REPO = Path(__file__).resolve().parents[2]
DAY = "2026-11-01"
RUN_ID = "3f1b2c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d"
KEY = b"test-key-0123456789abcdef"


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DatasetSpec, Path]]:
    """One AIS day through raw -> scrubbed (polars expectations, for speed), with lineage."""
    bohai_env = tmp_path_factory.mktemp("release_stage")
    monkeypatch = pytest.MonkeyPatch()
    for var in ("BOHAI_SIGNING_KEY", "BOHAI_SIGNING_KEY_FILE", "BOHAI_CATALOG"):
        monkeypatch.delenv(var, raising=False)
    for var, sub in (
        ("BOHAI_HOME", "home"),
        ("BOHAI_WORK_DIR", "work"),
        ("BOHAI_RELEASE_STORE", "releases"),
        ("BOHAI_SAMPLES_DIR", "samples"),
    ):
        monkeypatch.setenv(var, str(bohai_env / sub))
    # Generate the day's NMEA log in a subprocess rooted at the repo: under pytest the name
    # `samples` resolves to tests/samples, not the sample generators package.
    logs = bohai_env / "logs"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, datetime, pathlib; "
            "from samples.registry import generate_sample; "
            f"generate_sample('marine/ais_nmea/ais_{DAY}.nmea', pathlib.Path(sys.argv[1]), "
            f"datetime.date.fromisoformat('{DAY}'))",
            str(logs),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    raw = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())
    raw["source"]["uri"] = str(logs / "marine" / "ais_nmea" / "ais_{date}.nmea")
    raw["quality"]["engine"] = "polars"
    path = bohai_env / "ais.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True))
    spec = load_spec(path)
    pdir = bohai_env / "work" / spec.id / DAY
    run_raw(spec, pdir, DAY)
    emit_stage_event(spec, "raw", pdir, DAY, RUN_ID)
    run_parse(spec, pdir, DAY)
    emit_stage_event(spec, "parsed", pdir, DAY, RUN_ID)
    run_validate(spec, pdir)
    emit_stage_event(spec, "validated", pdir, DAY, RUN_ID)
    run_scrub(spec, pdir, KEY)
    emit_stage_event(spec, "scrubbed", pdir, DAY, RUN_ID)
    yield spec, bohai_env
    monkeypatch.undo()


def _events(folder: Path) -> dict[str, dict]:
    lines = (folder / "lineage.jsonl").read_text().splitlines()
    return {json.loads(line)["job"]["name"].rsplit("/", 1)[1]: json.loads(line) for line in lines}


def test_release_has_signed_manifest_artifacts_and_lineage(
    staged: tuple[DatasetSpec, Path],
) -> None:
    spec, root = staged
    store = ReleaseStore(root / "releases")
    result = build_release(spec, root / "work" / spec.id, store, RUN_ID)
    folder = Path(result.path)
    report = verify_release(folder)
    assert report.ok and report.signer_trusted is True
    manifest = report.manifest
    assert [f["path"] for f in manifest["files"]] == [f"data/ais_positions/{DAY}.parquet"]
    assert {a["path"] for a in manifest["artifacts"]} == {
        "croissant.json",
        "DATACARD.md",
        "lineage.jsonl",
        "quality_report.html",
    }
    privacy = manifest["privacy"]
    treatments = {t["column"]: t["operator"] for t in privacy["tables"]["ais_positions"]}
    assert treatments["mmsi"] == "pseudonym" and privacy["passed"] is True
    assert privacy["leak_audit"][DAY]["ais_positions"]["passed"] is True
    assert manifest["data_grade"]["columns"]["ais_positions.vessel_id"]["grade"] == "general"
    assert (root / "home" / ".bohai" / "secrets" / "signing.key").is_file()

    events = _events(folder)
    assert set(events) == {"raw", "parsed", "validated", "scrubbed", "release"}
    assert {e["run"]["runId"] for e in events.values() if e["job"]["name"] != "release"} == {RUN_ID}
    assert events["raw"]["outputs"][0]["name"] == f"sha256:{manifest['sources'][0]['sha256']}"
    assert events["parsed"]["inputs"][0]["name"] == events["raw"]["outputs"][0]["name"]
    validated = events["validated"]["outputs"][0]["facets"]  # fused: parsed file + decision
    assert validated["version"]["datasetVersion"]
    assert events["scrubbed"]["inputs"][0]["facets"]["version"] == validated["version"]
    assert validated["dataQualityMetrics"]["rowCount"] == manifest["rows"]
    scrub_out = events["scrubbed"]["outputs"][0]["facets"]
    vessel = scrub_out["columnLineage"]["fields"]["vessel_id"]["inputFields"][0]
    assert vessel["field"] == "mmsi" and vessel["transformations"][0]["masking"] is True
    out = events["release"]["outputs"][0]
    assert out["facets"]["version"]["datasetVersion"] == manifest["release_id"]
    assert out["facets"]["dataQualityMetrics"]["rowCount"] == manifest["rows"]
    names = [f["name"] for f in out["facets"]["schema"]["fields"]]
    assert names == [c["name"] for c in manifest["tables"]["ais_positions"]["schema"]]
    released = events["release"]["inputs"][0]["facets"]["version"]["datasetVersion"]
    assert released == manifest["files"][0]["sha256"]  # scrubbed file is released byte-for-byte

    _, edges = query(store, "SELECT DISTINCT job FROM lineage ORDER BY job")
    assert [e[0].rsplit("/", 1)[1] for e in edges] == sorted(events)
    again = build_release(spec, root / "work" / spec.id, store, "another-run")
    assert again.created is False and again.version == result.version


def test_derived_dataset_grade_comes_from_its_inputs(staged: tuple[DatasetSpec, Path]) -> None:
    spec, root = staged
    store = ReleaseStore(root / "releases")
    build_release(spec, root / "work" / spec.id, store, RUN_ID)
    meta = ReleaseMetadata(derived_from=["marine/ais_positions@1.0.0"])
    decision = grade_release(spec, store, meta, ["ais_positions.lat"])
    assert decision.inputs == {"marine/ais_positions@1.0.0": "general"}
    with pytest.raises(ReleaseNotFound):
        grade_release(spec, store, ReleaseMetadata(derived_from=["marine/other"]), [])


def test_pulled_labels_join_the_next_release_as_minor(staged: tuple[DatasetSpec, Path]) -> None:
    import polars as pl

    from annotation.merge import LabelsRelease, write_pending_release

    spec, root = staged
    store = ReleaseStore(root / "releases")
    first = build_release(spec, root / "work" / spec.id, store, RUN_ID)
    folder = root / "work" / spec.id / "annotation" / "release"
    folder.mkdir(parents=True)
    labels = pl.DataFrame(
        {"record_key": ["a", "b"], "annotator": ["ann_1", "ann_2"], "label": ["SPEEDING", "NORMAL"]}
    )
    labels.write_parquet(folder / "annotation_labels.parquet")
    write_pending_release(
        LabelsRelease(
            files={"data/annotation_labels/part-0.parquet": folder / "annotation_labels.parquet"},
            schemas={"annotation_labels": [{"name": c, "type": "String"} for c in labels.columns]},
            manifest_fields={
                "annotation": {"project": "ais", "guideline_version": "1.0", "annotator_count": 2}
            },
        ),
        folder,
    )
    second = build_release(spec, root / "work" / spec.id, store, RUN_ID)
    assert second.created
    major, minor, _ = (int(x) for x in second.version.split("."))
    assert (major, minor) == (
        int(first.version.split(".")[0]),
        int(first.version.split(".")[1]) + 1,
    )
    manifest = verify_release(Path(second.path)).manifest
    assert "data/annotation_labels/part-0.parquet" in {f["path"] for f in manifest["files"]}
    assert manifest["annotation"]["annotator_count"] == 2


def test_labels_with_replacement_characters_are_refused(staged: tuple[DatasetSpec, Path]) -> None:
    import shutil

    import polars as pl

    from annotation.merge import LabelsRelease, write_pending_release
    from releases.guards import ReleaseRefused

    spec, root = staged
    store = ReleaseStore(root / "releases")
    before = store.versions(spec.id)
    pending = root / "work" / spec.id / "annotation" / "release"
    shutil.rmtree(pending, ignore_errors=True)
    pending.mkdir(parents=True)
    labels = pl.DataFrame({"record_key": ["a"], "label": ["SPE\ufffdDING"]})
    labels.write_parquet(pending / "labels.parquet")
    write_pending_release(
        LabelsRelease(
            files={"data/annotation_labels/part-0.parquet": pending / "labels.parquet"},
            schemas={"annotation_labels": [{"name": c, "type": "String"} for c in labels.columns]},
            manifest_fields={},
        ),
        pending,
    )
    try:
        with pytest.raises(ReleaseRefused, match="labels hold U\\+FFFD.*part-0.parquet.label': 1"):
            build_release(spec, root / "work" / spec.id, store, RUN_ID)
    finally:
        shutil.rmtree(pending)
    assert store.versions(spec.id) == before
