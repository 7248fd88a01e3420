"""Marine AIS end to end through Dagster: raw NMEA -> checks -> privacy -> release -> pull."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import polars as pl
import pytest
import yaml

from pipelines import check_names as cn
from pipelines.factory import build_definitions
from releases.pull import pull
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from releases.verify import VerificationError

REPO = Path(__file__).resolve().parents[2]
DAYS = ("2026-11-01", "2026-11-02")
PARTITIONED = ["raw", "parsed", "validated", "scrubbed"]

pytestmark = pytest.mark.e2e


def _keys(dataset: str, stages: list[str]) -> list[dg.AssetKey]:
    sector, name = dataset.split("/")
    return [dg.AssetKey([sector, name, s]) for s in stages]


def _run(defs: dg.Definitions, dataset: str, instance: dg.DagsterInstance) -> list:
    """Materialize both demo days, then the release; return every check evaluation."""
    graph = defs.resolve_implicit_global_asset_job_def()
    evaluations = []
    for day in DAYS:
        result = graph.execute_in_process(
            instance=instance,
            partition_key=day,
            asset_selection=_keys(dataset, PARTITIONED),
            raise_on_error=False,
        )
        evaluations.extend(result.get_asset_check_evaluations())
    result = graph.execute_in_process(
        instance=instance, asset_selection=_keys(dataset, ["release"]), raise_on_error=False
    )
    evaluations.extend(result.get_asset_check_evaluations())
    return evaluations


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run the AIS graph once for the module (Dagster runs are the slow part)."""
    root = tmp_path_factory.mktemp("e2e")
    mp = pytest.MonkeyPatch()
    env = {
        "BOHAI_HOME": root,
        "BOHAI_WORK_DIR": root / "work",
        "BOHAI_RELEASE_STORE": root / "rel",
        "BOHAI_SAMPLES_DIR": root / "samples",
        "BOHAI_PSEUDONYM_KEY": "e2e-key-0123456789abcdef",
    }
    for k, v in env.items():
        mp.setenv(k, str(v))
    defs = build_definitions(REPO / "datasets")
    instance = dg.DagsterInstance.ephemeral()
    evaluations = _run(defs, "marine/ais_positions", instance)
    yield {"root": root, "defs": defs, "instance": instance, "evaluations": evaluations}
    mp.undo()


def test_every_check_passes(published: dict) -> None:
    evaluations = published["evaluations"]
    names = {e.check_name for e in evaluations}
    assert {
        cn.CONTRACT_HOLDS,
        cn.INGEST_LEDGER_RECONCILES,
        cn.NO_RAW_IDENTIFIERS_REMAIN,
        cn.RELEASE_VERIFIES,
    } <= names
    assert [e.check_name for e in evaluations if not e.passed] == []


def test_counts_reconcile_from_lines_to_release(published: dict) -> None:
    work = published["root"] / "work" / "marine" / "ais_positions"
    store = ReleaseStore(published["root"] / "rel")
    manifest = store.manifest(DatasetRef.parse("marine/ais_positions@latest"))
    released = 0
    for day in DAYS:
        parsed = json.loads((work / day / "parsed" / "report.json").read_text())
        validated = json.loads((work / day / "validated" / "report.json").read_text())
        assert sum(parsed["ledger"].values()) == parsed["input_units"]
        assert parsed["ledger"]["quarantined"] == parsed["rows_quarantined"]
        assert validated["rows_in"] == validated["rows_out"] + validated["rows_quarantined"]
        released += validated["rows_out"]
    assert manifest["rows"] == released
    by_reason = manifest["quarantine"]["by_reason"]
    for planted in (
        "ingest/bad_checksum",
        "ingest/malformed_sentence",
        "quality/mmsi_valid",
        "quality/duplicate_fix",
        "quality/implied_speed",
    ):
        assert by_reason.get(planted, 0) > 0, planted


def test_release_is_private_and_documented(published: dict) -> None:
    store = ReleaseStore(published["root"] / "rel")
    path = store.resolve(DatasetRef.parse("marine/ais_positions@1.0.0"))
    manifest = json.loads((path / "manifest.json").read_text())
    data = pl.read_parquet(path / "data" / "ais_positions" / "*.parquet")
    assert data.height == manifest["rows"]
    assert "mmsi" not in data.columns and "vessel_id" in data.columns
    assert data["vessel_id"].str.len_chars().unique().to_list() == [20]
    class_b = data.filter(pl.col("transceiver_class") == "B")
    assert class_b.height > 0 and class_b["vessel_name"].null_count() == class_b.height
    assert data.filter(pl.col("transceiver_class") == "A")["vessel_name"].null_count() < data.height
    assert set(data["source_file"]) == {f"ais_{d}.nmea" for d in DAYS}
    # The parsed table holds every raw MMSI (the fused path writes no validated copy).
    pdir = published["root"] / "work/marine/ais_positions/2026-11-01"
    parsed = json.loads((pdir / "parsed" / "report.json").read_text())
    raw_mmsis = pl.read_parquet(pdir / parsed["tables"]["ais_positions"]["path"])["mmsi"].cast(
        pl.String
    )
    text = data.select(pl.col(pl.String)).to_pandas().to_string()
    assert not any(m in text for m in raw_mmsis.unique().to_list())
    assert manifest["data_grade"]["grade"] == "general"
    assert {s["partition"] for s in manifest["sources"]} == set(DAYS)
    assert all(len(s["sha256"]) == 64 for s in manifest["sources"])
    treatments = {
        t["column"]: t["operator"] for t in manifest["privacy"]["tables"]["ais_positions"]
    }
    assert treatments["mmsi"] == "pseudonym" and treatments["vessel_name"] == "drop_when"


def test_pull_verifies_and_refuses_tampering(published: dict, tmp_path: Path) -> None:
    store = ReleaseStore(published["root"] / "rel")
    target, report = pull(store, DatasetRef.parse("marine/ais_positions@latest"), tmp_path / "a")
    assert target.name == "1.0.0" and report.ok
    assert report.files_checked == 6  # two data files, croissant, lineage, datacard, report
    victim = next(
        (store.resolve(DatasetRef.parse("marine/ais_positions@1.0.0")) / "data").rglob("*.parquet")
    )
    original = victim.read_bytes()
    try:
        victim.write_bytes(original[:100] + bytes([original[100] ^ 0xFF]) + original[101:])
        with pytest.raises(VerificationError, match="sha256"):
            pull(store, DatasetRef.parse("marine/ais_positions@1.0.0"), tmp_path / "b")
    finally:
        victim.write_bytes(original)


def test_rerun_with_same_content_publishes_no_new_version(published: dict) -> None:
    defs, instance = published["defs"], published["instance"]
    graph = defs.resolve_implicit_global_asset_job_def()
    result = graph.execute_in_process(
        instance=instance, asset_selection=_keys("marine/ais_positions", ["release"])
    )
    mats = result.get_asset_materialization_events()
    assert mats[-1].materialization.metadata["created"].value is False
    assert ReleaseStore(published["root"] / "rel").versions("marine/ais_positions") == ["1.0.0"]


def test_failed_blocking_check_stops_the_release(bohai_env: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load((REPO / "datasets/marine/ais_positions.yaml").read_text())
    spec["quality"]["expectations"].append({"expect": "between", "column": "sog", "max": 1.0})
    folder = tmp_path / "specs" / "marine"
    folder.mkdir(parents=True)
    (folder / "ais.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
    defs = build_definitions(tmp_path / "specs")
    graph = defs.resolve_implicit_global_asset_job_def()
    result = graph.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        partition_key=DAYS[0],
        asset_selection=_keys("marine/ais_positions", PARTITIONED),
        raise_on_error=False,
    )
    assert not result.success
    failed = {e.check_name for e in result.get_asset_check_evaluations() if not e.passed}
    assert failed == {cn.ERROR_EXPECTATIONS_PASS}
    assert not (tmp_path / "work/marine/ais_positions" / DAYS[0] / "scrubbed").exists()
    release = graph.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        asset_selection=_keys("marine/ais_positions", ["release"]),
        raise_on_error=False,
    )
    assert not release.success
    assert ReleaseStore(tmp_path / "releases").versions("marine/ais_positions") == []
