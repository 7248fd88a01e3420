"""Petrochemical datasets end to end through Dagster: samples (and the real shared files) are
ingested, checked, scrubbed and released; every check passes and no planted identifier survives."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
import pytest
import yaml

from pipelines.dataset_assets import ingest_job_name, release_job_name
from pipelines.factory import build_definitions
from privacy.deid.pseudonym import pseudonym
from privacy.detect.entities import PERSON
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from samples.petrochemical_historian import generate_day
from samples.petrochemical_reports import BROKEN, generate_reports
from samples.petrochemical_te import DEMO_RUNS, demo_runs
from schemas.spec import load_specs
from schemas.te_variables import TE_VARIABLES

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared" / "data" / "petrochemical").resolve()
KEY = "e2e-petro-key-0123456789abcdef"
DAY = date(2026, 11, 1)
SAMPLES = ("tennessee_eastman", "historian", "epa_rmp_accidents", "incident_reports")

pytestmark = pytest.mark.e2e


def _real_variants() -> dict[str, dict[str, Any]]:
    """Specs for the real shared files (when present): TE reference runs and the RMP extract."""
    out: dict[str, dict[str, Any]] = {}
    te_files = SHARED / "tennessee_eastman"
    if any(te_files.glob("d*.dat")):
        spec = yaml.safe_load((REPO / "datasets/petrochemical/tennessee_eastman.yaml").read_text())
        spec["id"] = "petrochemical/te_braatz"
        spec["source"] |= {"uri": str(te_files / "d*.dat"), "license": "NCSA-style (Braatz)"}
        out["te_braatz"] = spec
    if any(SHARED.glob("epa_rmp_accident_*.csv")):
        spec = yaml.safe_load((REPO / "datasets/petrochemical/epa_rmp_accidents.yaml").read_text())
        spec["id"] = "petrochemical/epa_rmp_extract"
        spec["source"] |= {"uri": str(SHARED / "epa_rmp_accident_*.csv"), "license": "ODbL-1.0"}
        spec["release"]["license"] = "ODbL-1.0"
        spec["tables"]["accident_chemicals"] = {
            "schema": "epa_rmp_accident_chemicals",
            "quality": {
                "rules": [
                    {
                        "rule": "references",
                        "params": {
                            "column": "facility_accident_id",
                            "table": "accidents",
                            "key": "facility_accident_id",
                        },
                    }
                ]
            },
        }
        out["epa_rmp_extract"] = spec
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Materialize every petrochemical dataset (one partition each) and publish it."""
    root = tmp_path_factory.mktemp("petrochemical")
    mp = pytest.MonkeyPatch()
    env = {
        "BOHAI_HOME": root, "BOHAI_WORK_DIR": root / "work", "BOHAI_RELEASE_STORE": root / "rel",
        "BOHAI_SAMPLES_DIR": root / "samples", "BOHAI_PSEUDONYM_KEY": KEY, "DAGSTER_HOME": root,
    }  # fmt: skip
    for k, v in env.items():
        mp.setenv(k, str(v))
    folder = root / "specs" / "petrochemical"
    folder.mkdir(parents=True)
    for name in SAMPLES:
        source = REPO / f"datasets/petrochemical/{name}.yaml"
        (folder / f"{name}.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    for name, spec in _real_variants().items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
    defs = build_definitions(root / "specs")
    instance = dg.DagsterInstance.ephemeral()
    results: dict[str, list[dg.ExecuteInProcessResult]] = {}
    for spec in load_specs(root / "specs"):
        key = DAY.isoformat() if spec.partitioning.kind == "daily" else None
        ingest = defs.resolve_job_def(ingest_job_name(spec)).execute_in_process(
            instance=instance, partition_key=key, raise_on_error=False
        )
        publish = defs.resolve_job_def(release_job_name(spec)).execute_in_process(
            instance=instance, raise_on_error=False
        )
        results[spec.name] = [ingest, publish]
    yield {"root": root, "results": results}
    mp.undo()


def _release(run: dict[str, Any], name: str) -> tuple[dict[str, Any], Path]:
    path = ReleaseStore(run["root"] / "rel").resolve(
        DatasetRef.parse(f"petrochemical/{name}@latest")
    )
    return json.loads((path / "manifest.json").read_text()), path


def _table(folder: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(folder / "data" / table / "*.parquet")


def _report(run: dict[str, Any], name: str, stage: str) -> dict[str, Any]:
    part = DAY.isoformat() if name in ("historian", "incident_reports") else "all"
    path = run["root"] / "work/petrochemical" / name / part / stage / "report.json"
    return json.loads(path.read_text())


def test_every_check_passes(run: dict[str, Any]) -> None:
    assert set(SAMPLES) <= set(run["results"])
    failed = []
    for name, results in run["results"].items():
        assert all(r.success for r in results), name
        evaluations = [e for r in results for e in r.get_asset_check_evaluations()]
        assert {e.asset_key.path[-1] for e in evaluations} == {
            "parsed", "validated", "scrubbed", "release"
        }, name  # fmt: skip
        failed += [(name, e.check_name) for e in evaluations if not e.passed]
    assert failed == []


def test_ledgers_reconcile_and_planted_errors_are_counted(run: dict[str, Any]) -> None:
    for name in run["results"]:
        parsed = _report(run, name, "parsed")
        validated = _report(run, name, "validated")
        assert sum(parsed["ledger"].values()) == parsed["input_units"], name
        assert validated["rows_in"] == validated["rows_out"] + validated["rows_quarantined"], name
        assert _release(run, name)[0]["rows"] == validated["rows_out"], name
    te = _release(run, "tennessee_eastman")[0]["quarantine"]["by_reason"]
    planted_te = [r for run_ in demo_runs() for r in run_.planted.values()]
    assert te == {f"ingest/{r}": planted_te.count(r) for r in set(planted_te)}
    export = generate_day(DAY)
    historian = _release(run, "historian")[0]["quarantine"]["by_reason"]
    # A minute exported twice with the same value is an exact copy, caught at ingest.
    exact = [n for n in export.planted["duplicate"] if export.lines[n - 1] in export.lines[: n - 1]]
    assert historian == {
        **{f"ingest/{k}": len(export.planted[k]) for k in (
            "wrong_field_count", "unparsable_value", "unparsable_timestamp", "unknown_tag",
            "unknown_quality")},
        "ingest/duplicate_record": len(exact),
        "quality/sensor_duplicate_timestamp": len(export.planted["duplicate"]) - len(exact),
        "quality/sensor_range": len(export.planted["out_of_range"]),
    }  # fmt: skip
    flagged = _report(run, "historian", "validated")["flagged_by_rule"]
    assert flagged == {
        "sensor_timestamp_gap": len(export.planted["gap"]),
        "sensor_missing": len(export.planted["missing"]),
        "sensor_stuck": len(export.planted["stuck"]),
        "sensor_spike": len(export.planted["spike"]),
    }
    reports = _release(run, "incident_reports")[0]["quarantine"]["by_reason"]
    assert reports == {f"ingest/{r}": 1 for r in BROKEN.values()}
    rmp = _release(run, "epa_rmp_accidents")[0]["quarantine"]["by_reason"]
    assert rmp == {"ingest/wrong_field_count": 1, "ingest/unparsable_field": 2}


def test_te_release_has_the_wide_and_long_views(run: dict[str, Any]) -> None:
    manifest, folder = _release(run, "tennessee_eastman")
    wide, long = _table(folder, "wide"), _table(folder, "long")
    planted = sum(len(r.planted) for r in demo_runs())
    assert wide.height == sum(n for _, n, _ in DEMO_RUNS) - planted
    assert long.height == wide.height * len(TE_VARIABLES)
    assert sorted(wide["run_id"].unique()) == sorted(r for r, _, _ in DEMO_RUNS)
    schema = {c["name"]: c for c in manifest["tables"]["wide"]["schema"]}
    assert schema["reactor_pressure"]["unit"] == "kPa gauge"
    assert schema["reactor_pressure"]["description"] == "XMEAS(7): Reactor pressure"
    by_run = dict(long.group_by("run_id").agg(pl.col("tag").n_unique()).iter_rows())
    assert set(by_run.values()) == {len(TE_VARIABLES)}


def test_real_files_are_released_whole(run: dict[str, Any]) -> None:
    if "te_braatz" not in run["results"] and "epa_rmp_extract" not in run["results"]:
        pytest.skip("shared petrochemical files not found")
    if "te_braatz" in run["results"]:
        _, folder = _release(run, "te_braatz")
        counts = dict(_table(folder, "wide").group_by("run_id").len().iter_rows())
        for path in sorted((SHARED / "tennessee_eastman").glob("d*.dat")):
            lines = [x.split() for x in path.read_text().splitlines() if x.strip()]
            samples = len(lines) if len(lines[0]) == len(TE_VARIABLES) else len(lines[0])
            assert counts[path.stem] == samples, path.name
    if "epa_rmp_extract" in run["results"]:
        _, folder = _release(run, "epa_rmp_extract")
        for table, file in (("accidents", "detailed"), ("accident_chemicals", "chemicals")):
            raw = pl.read_csv(SHARED / f"epa_rmp_accident_{file}.csv", infer_schema=False)
            assert _table(folder, table).height == raw.height, table


def _released_text(folder: Path, table: str) -> str:
    frame = _table(folder, table)
    return "\n".join(
        v for c in frame.select(pl.col(pl.String)).columns for v in frame[c].drop_nulls()
    )


def _released_reports() -> list[Any]:
    return [r for i, r in enumerate(generate_reports(DAY)) if i not in BROKEN]


def test_incident_release_holds_no_planted_identifier(run: dict[str, Any]) -> None:
    manifest, folder = _release(run, "incident_reports")
    text = _released_text(folder, "incident_reports")
    reports = _released_reports()
    planted = [(e, v) for r in reports for e, v in r.planted if e != PERSON]
    assert len(planted) > 50
    assert [(e, v) for e, v in planted if v in text] == []
    released = _table(folder, "incident_reports")
    reporters = [r.record["reported_by"] for r in reports]
    assert sorted(released["reported_by"]) == sorted(
        pseudonym(KEY.encode(), "person", name) for name in reporters
    )
    assert "<CN_MOBILE>" in text and "<CN_VEHICLE_PLATE>" in text and "<PERSON>" in text
    treatments = manifest["privacy"]["tables"]["incident_reports"]
    treatments = {t["column"]: t["operator"] for t in treatments}
    assert treatments["text"] == "scan" and treatments["reported_by"] == "pseudonym"


def test_incident_release_holds_no_planted_name(run: dict[str, Any]) -> None:
    _, folder = _release(run, "incident_reports")
    text = _released_text(folder, "incident_reports")
    names = {v for r in _released_reports() for e, v in r.planted if e == PERSON}
    assert sorted(n for n in names if n in text) == []


def test_sensor_flags_reach_the_release_and_the_run_summary(run: dict[str, Any]) -> None:
    validated = _report(run, "historian", "validated")
    flagged = validated["flagged_by_rule"]
    summary = validated["tables"]["historian"]["sensor_summary"]
    by_check: dict[str, int] = {}
    for row in summary:
        by_check[row["check"]] = by_check.get(row["check"], 0) + row["flagged"]
        assert 0.0 <= row["share"] <= 1.0 and row["readings"] > 0
    for check in ("sensor_stuck", "sensor_missing", "sensor_spike", "sensor_timestamp_gap"):
        assert by_check[check] >= flagged[check] > 0, check  # the summary sees every reading
    manifest, folder = _release(run, "historian")
    released = _table(folder, "historian")
    written = released["quality_flags"].drop_nulls().str.split(",").explode().value_counts()
    counts = dict(written.iter_rows())
    for check in ("sensor_stuck", "sensor_missing", "sensor_spike", "sensor_timestamp_gap"):
        assert counts[check] == flagged[check], check
