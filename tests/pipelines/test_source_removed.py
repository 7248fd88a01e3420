"""A source file removed after its day was released is named by the next run, release and show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.source_check import gone, local_source

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def test_only_local_files_that_are_gone_are_named(tmp_path: Path) -> None:
    """Samples, downloads and withheld names are not checked; a present file is not named."""
    here = tmp_path / "here.csv"
    here.write_text("x\n")
    sources = [
        {"partition": "2023-01-11", "uri": str(here), "sha256": "a" * 64},
        {"partition": "2023-01-12", "uri": str(tmp_path / "gone.csv"), "sha256": "b" * 64},
        {"partition": "2023-01-13", "uri": f"file://{tmp_path / 'gone2.csv'}", "sha256": "c"},
        {"partition": "2023-01-14", "uri": "sample://marine/x.csv", "sha256": "d"},
        {"partition": "2023-01-15", "uri": "https://example.org/x.csv", "sha256": "e"},
        {"partition": "2023-01-16", "uri": "withheld: the spec treats ...", "sha256": "f"},
    ]
    warnings = gone(sources)
    assert [w.split(":")[0] for w in warnings] == ["2023-01-12", "2023-01-13"]
    assert f"source file {tmp_path / 'gone.csv'} was removed" in warnings[0]
    assert "nothing was deleted" in warnings[0]
    assert local_source("relative/x.csv") is None


def test_next_run_release_and_show_name_the_removed_file(project: Path) -> None:
    """Day 11 released; its file removed; running day 12 warns, the release keeps day 11 and
    records the warning, `bohai show` names the file; nothing is deleted."""
    runner = CliRunner()
    first = runner.invoke(app, ["run", "marine/mc_run", "--partition", "2023-01-11"])
    assert first.exit_code == 0, first.output
    assert "removed after" not in first.output
    removed = project / "data" / "AIS_2023_01_11.csv"
    removed.unlink()
    work_day = project / "work/marine/mc_run/2023-01-11"
    kept = sorted(p.relative_to(work_day) for p in work_day.rglob("*"))

    second = runner.invoke(app, ["run", "marine/mc_run", "--partition", "2023-01-12"])
    assert second.exit_code == 0, second.output
    out = " ".join(second.output.split())
    assert f"2023-01-11: source file {removed} was removed after the day was read" in out, out
    assert sorted(p.relative_to(work_day) for p in work_day.rglob("*")) == kept, "nothing deleted"

    manifests = sorted((project / "releases/marine/mc_run").glob("*/manifest.json"))
    latest = max((json.loads(m.read_text()) for m in manifests), key=lambda m: m["created_at"])
    assert latest["partitions"] == ["2023-01-11", "2023-01-12"], "the released day stays"
    assert [w.split(":")[0] for w in latest["source_warnings"]] == ["2023-01-11"]

    shown = runner.invoke(app, ["show", "marine/mc_run@latest"])
    assert shown.exit_code == 0, shown.output
    assert f"source file {removed} was removed" in " ".join(shown.output.split())
