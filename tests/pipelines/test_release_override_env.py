"""The override read from the environment (what `bohai demo --allow-release` and the UI use)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipelines.release_stage import build_release
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from releases.guards import ReleaseRefused
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def _publish(spec: DatasetSpec, work: Path, store: ReleaseStore) -> str:
    pdir = work / spec.id / "all"
    run_raw(spec, pdir, "all")
    run_parse(spec, pdir, "all")
    run_validate(spec, pdir)
    run_scrub(spec, pdir, b"override-env-key-0123456789abcdef")
    return build_release(spec, work / spec.id, store, None).version


def test_shrink_is_published_only_with_the_environment_override(
    bohai_env: Path, shared_file: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = shared_file("petrochemical/epa_rmp_accident_detailed.csv")
    source = bohai_env / "rmp.csv"
    source.write_bytes(real.read_bytes())
    raw = yaml.safe_load((REPO / "datasets/petrochemical/epa_rmp_accidents.yaml").read_text())
    raw["source"]["uri"], raw["partitioning"] = str(source), {"kind": "none"}
    raw["release"]["max_shrink"] = 0.2
    spec = DatasetSpec.model_validate(raw)
    store = ReleaseStore(bohai_env / "rel")
    assert _publish(spec, bohai_env / "work", store) == "1.0.0"
    lines = real.read_bytes().splitlines(keepends=True)
    source.write_bytes(b"".join(lines[: len(lines) * 3 // 4]))  # a quarter fewer records
    with pytest.raises(ReleaseRefused, match=r"25.0% fewer .* \(release.max_shrink 20%\)"):
        _publish(spec, bohai_env / "work", store)
    monkeypatch.setenv("BOHAI_RELEASE_ALLOW", "shrink")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_REASON", "Q4 records withdrawn by EPA")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_BY", "zhao")
    assert _publish(spec, bohai_env / "work", store) == "2.0.0"
    override = store.manifest(DatasetRef(spec.id, "2.0.0"))["override"]
    assert (override["allowed"], override["by"]) == (["shrink"], "zhao")
    assert override["reason"] == "Q4 records withdrawn by EPA"


def test_a_day_re_sent_cut_short_is_refused_by_the_day_guard(
    bohai_env: Path, shared_file: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four days of a real MarineCadastre file released; one day's file re-sent with a fifth of
    its records: the release is 20% smaller (under max_shrink), the day 80% (refused)."""
    real = shared_file("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv")
    days = ["2023-01-11", "2023-01-12", "2023-01-13", "2023-01-14"]
    folder = bohai_env / "mc"
    folder.mkdir()
    text = real.read_text(encoding="utf-8")
    for day in days:
        (folder / f"AIS_{day}.csv").write_text(text.replace("2023-01-11", day), encoding="utf-8")
    raw = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    raw["source"]["uri"] = str(folder / "AIS_{date}.csv")
    raw["partitioning"] = {"kind": "daily", "start": days[0]}
    raw["quality"]["engine"] = "polars"
    spec = DatasetSpec.model_validate(raw)
    store = ReleaseStore(bohai_env / "rel")
    work = bohai_env / "work"

    def publish() -> str:
        for day in days:
            pdir = work / spec.id / day
            run_raw(spec, pdir, day)
            run_parse(spec, pdir, day)
            run_validate(spec, pdir)
            run_scrub(spec, pdir, b"override-env-key-0123456789abcdef")
        return build_release(spec, work / spec.id, store, None).version

    assert publish() == "1.0.0"
    lines = (folder / f"AIS_{days[1]}.csv").read_bytes().splitlines(keepends=True)
    (folder / f"AIS_{days[1]}.csv").write_bytes(b"".join(lines[: len(lines) // 5]))
    with pytest.raises(ReleaseRefused, match=rf"1 day\(s\) hold far fewer rows .*{days[1]}"):
        publish()
    monkeypatch.setenv("BOHAI_RELEASE_ALLOW", "day_shrink")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_REASON", "the feed re-sent the 12th short")
    assert publish() == "2.0.0"
    override = store.manifest(DatasetRef(spec.id, "2.0.0"))["override"]
    assert override["allowed"] == ["day_shrink"]


def test_withdrawn_notes_run_again_are_refused_unless_the_operator_allows_it(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """trial10: a withdrawn version's notes file came back unchanged in the next release."""
    from releases.signing import load_signing_key
    from releases.withdrawal import withdraw

    source = bohai_env / "notes.jsonl"
    source.write_text(
        '{"note_id": "N1", "patient_id": "P1", "note_date": "2026-11-02", "language": "zh", '
        '"note_type": "病程记录", "text": "患者胸闷2天，血压150/95mmHg。"}\n',
        encoding="utf-8",
    )
    raw = yaml.safe_load((REPO / "datasets/medical/clinical_notes.yaml").read_text())
    raw["source"]["uri"], raw["annotation"] = str(source), {}
    spec = DatasetSpec.model_validate(raw)
    store = ReleaseStore(bohai_env / "rel")
    assert _publish(spec, bohai_env / "work", store) == "1.0.0"
    key = load_signing_key(dev_dir=bohai_env / "secrets")
    withdraw(store, DatasetRef(spec.id, "1.0.0"), "a name in clear", key)
    with pytest.raises(ReleaseRefused, match=r"data/clinical_notes/all.parquet would be publ"):
        _publish(spec, bohai_env / "work", store)
    monkeypatch.setenv("BOHAI_RELEASE_ALLOW", "withdrawn_data")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_REASON", "the name was the ward's, not a person's")
    # the same rows, but 1.0.0 is withdrawn: a new version is the only one pull hands out
    assert _publish(spec, bohai_env / "work", store) == "1.0.1"
    manifest = store.manifest(DatasetRef(spec.id, "1.0.1"))
    assert "data/clinical_notes/all.parquet" in manifest["withdrawn_data_republished"]
