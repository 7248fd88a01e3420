"""`bohai run` on a real MarineCadastre file: one day, a range, and a day no connector can read."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from releases.refs import DatasetRef
from releases.store import ReleaseStore

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _runs() -> list[dg.DagsterRun]:
    with dg.DagsterInstance.get() as instance:
        return list(instance.get_runs())


def test_one_partition_then_a_range_publish_releases(project: Path) -> None:
    runner = CliRunner()
    one = runner.invoke(app, ["run", "marine/mc_run", "--partition", "2023-01-11"])
    assert one.exit_code == 0, one.output
    assert "[1/1] marine/mc_run 2023-01-11" in one.output and "ok" in one.output
    assert "1.0.0" in one.output
    runs = _runs()
    assert {r.tags.get("dagster/partition") for r in runs} >= {"2023-01-11"}, "run in instance"
    scrubbed = project / "work/marine/mc_run/2023-01-11/scrubbed/mc_run.parquet"
    assert scrubbed.is_file()

    days = ["--from", "2023-01-11", "--to", "2023-01-12"]
    both = runner.invoke(app, ["run", "marine/mc_run", *days])
    assert both.exit_code == 0, both.output
    assert "[2/2] marine/mc_run 2023-01-12" in both.output
    assert "1.1.0" in both.output or "2.0.0" in both.output, "the new day makes a new version"
    manifest = next((project / "releases" / "marine" / "mc_run").glob("*/manifest.json"))
    assert manifest.is_file()


def test_unreadable_day_fails_with_cause_report_and_run_id(project: Path) -> None:
    data = project / "data"
    (data / "AIS_2023_01_13.csv").write_bytes(bytes(range(256)) * 16)  # no CSV header at all
    result = CliRunner().invoke(
        app, ["run", "marine/mc_run", "--from", "2023-01-12", "--to", "2023-01-13"]
    )
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())  # rich wraps long lines
    assert "partition 2023-01-13, stage parsed" in out
    assert "AIS_2023_01_13.csv, line 1: header line is unreadable" in out, "the connector's words"
    assert f"(source file: {data / 'AIS_2023_01_13.csv'})" in out, "the user's own path"
    assert "not released: 1 partition(s) failed (2023-01-13)" in out
    assert "release the days that passed with --release-ready" in out
    assert not (project / "releases" / "marine" / "mc_run").exists(), "nothing published"
    report = project / "work/marine/mc_run/2023-01-13/parsed/report.json"
    assert f"report: {report}" in out and report.is_file()
    failed = [r for r in _runs() if r.tags.get("dagster/partition") == "2023-01-13"]
    assert failed and f"run: {failed[0].run_id}" in out
    assert "[1/2] marine/mc_run 2023-01-12 · ok" in out, "the good day still ran"


def test_release_ready_publishes_the_good_day_and_names_the_held_back_one(project: Path) -> None:
    data = project / "data"
    (data / "AIS_2023_01_13.csv").write_bytes(bytes(range(256)) * 16)  # no CSV header at all
    result = CliRunner().invoke(
        app,
        ["run", "marine/mc_run", "--from", "2023-01-12", "--to", "2023-01-13", "--release-ready"],
    )
    out = " ".join(result.output.split())
    assert result.exit_code == 1, "a failed day still fails the command"
    assert "released without 2023-01-13" in out, out
    manifest = json.loads(
        next((project / "releases" / "marine" / "mc_run").glob("*/manifest.json")).read_text()
    )
    assert manifest["partitions"] == ["2023-01-12"]
    (held,) = manifest["held_back"]
    assert held.startswith("2023-01-13: parsed ") and "header line is unreadable" in held, held
    release = next((project / "releases" / "marine" / "mc_run").glob("*/manifest.json")).parent
    assert "held back: 2023-01-13" in (release / "DATACARD.md").read_text(encoding="utf-8")
    shown = CliRunner().invoke(app, ["show", "marine/mc_run@1.0.0"])
    assert "held back 2023-01-13" in " ".join(shown.output.split()), shown.output


def test_release_ready_never_drops_a_day_the_latest_version_holds(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A released day whose file comes back broken: --release-ready refuses to publish a new
    latest without it (missing_partitions); with that refusal overridden it publishes, the
    manifest naming the day held back and the override."""
    runner = CliRunner()
    days = ["--from", "2023-01-11", "--to", "2023-01-12"]
    first = runner.invoke(app, ["run", "marine/mc_run", *days])
    assert first.exit_code == 0, first.output
    (project / "data" / "AIS_2023_01_12.csv").write_bytes(b"")  # the day emptied
    again = runner.invoke(app, ["run", "marine/mc_run", *days, "--release-ready"])
    out = " ".join(again.output.split())
    assert again.exit_code == 1, out
    assert "1 partition(s) of 1.0.0 would be left out (2023-01-12)" in out, out
    store = ReleaseStore(project / "releases")
    assert store.versions("marine/mc_run") == ["1.0.0"], "the good release stays latest"
    monkeypatch.setenv("BOHAI_RELEASE_ALLOW", "missing_partitions")
    monkeypatch.setenv("BOHAI_RELEASE_OVERRIDE_REASON", "day 12 re-sent empty; vendor asked")
    forced = runner.invoke(app, ["run", "marine/mc_run", *days, "--release-ready"])
    assert forced.exit_code == 1, forced.output  # a failed day still fails the command
    (newer,) = [v for v in store.versions("marine/mc_run") if v != "1.0.0"]
    manifest = store.manifest(DatasetRef("marine/mc_run", newer))
    assert manifest["partitions"] == ["2023-01-11"]
    assert [h.split(":")[0] for h in manifest["held_back"]] == ["2023-01-12"]
    assert manifest["override"]["reason"] == "day 12 re-sent empty; vendor asked"


def test_a_raising_stage_prints_the_innermost_error(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch, shared_file: Callable[[str], Path]
) -> None:
    """A Synthea export that is not a zip at all: the cause is zipfile's message, not Dagster's."""
    home = bohai_env / "home"
    shutil.copy(REPO / "dagster.yaml", home / "dagster.yaml")
    shared_file("medical/synthea/patients.csv")  # skip cleanly without the shared data
    bad = bohai_env / "export.zip"
    bad.write_bytes(b"PK\x03\x04 truncated, not a zip archive" * 10)
    specs = bohai_env / "datasets" / "medical"
    specs.mkdir(parents=True)
    text = (REPO / "datasets/medical/synthea_ehr.yaml").read_text(encoding="utf-8")
    text = text.replace("sample://medical/synthea/synthea_csv.zip", str(bad))
    (specs / "synthea_ehr.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("BOHAI_DATASETS", str(bohai_env / "datasets"))
    result = CliRunner().invoke(app, ["run", "medical/synthea_ehr", "--no-release"])
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "partition all, stage parsed" in out
    assert "zip" in out.lower() and "DagsterExecutionStepExecutionError" not in out
    assert "work/medical/synthea_ehr/all/parsed/" in out


def test_partition_options_are_checked(project: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["run", "marine/mc_run"])
    assert result.exit_code == 2 and "--partition DAY" in result.output
    result = runner.invoke(app, ["run", "marine/mc_run", "--partition", "2024-05-01"])
    assert result.exit_code == 2 and "not a partition of marine/mc_run" in result.output
    result = runner.invoke(app, ["run", "marine/nope", "--all"])
    assert result.exit_code == 2 and "no dataset 'marine/nope'" in result.output


def test_a_day_whose_work_folder_vanished_is_not_dropped_silently(project: Path) -> None:
    """A released day deleted from the work folder makes the next release refuse, naming it."""
    runner = CliRunner()
    days = ["--from", "2023-01-11", "--to", "2023-01-12"]
    first = runner.invoke(app, ["run", "marine/mc_run", *days])
    assert first.exit_code == 0, first.output
    shutil.rmtree(project / "work/marine/mc_run/2023-01-11")
    again = runner.invoke(app, ["run", "marine/mc_run", "--partition", "2023-01-12"])
    out = " ".join(again.output.split())
    assert again.exit_code != 0, out
    assert "1 partition(s) of 1.0.0 would be left out (2023-01-11)" in out
    assert ReleaseStore(project / "releases").versions("marine/mc_run") == ["1.0.0"]
