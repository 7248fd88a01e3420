"""A drafted table of local times runs and publishes them as UTC instants of Shanghai's day."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from pipelines.cli import app

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e]


def test_local_times_run_and_release_in_shanghais_day(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(REPO / "dagster.yaml", bohai_env / "home" / "dagster.yaml")
    (bohai_env / "datasets").mkdir()
    monkeypatch.setenv("BOHAI_DATASETS", str(bohai_env / "datasets"))
    source = bohai_env / "incoming" / "wards_2026-12-01.csv"
    source.parent.mkdir()
    rows = [f"R{i:03d},W{i % 4},2026-12-01 {i % 24:02d}:{i % 60:02d}:00,{36 + i % 9 / 10}"
            for i in range(96)]  # fmt: skip
    rows[0] = "R000,W0,2026-12-01 00:10:00,36.5"  # 16:10 UTC the day before: in Shanghai's day
    rows[1] = "R001,W1,2026-12-02 01:30:00,36.6"  # past Shanghai midnight + 60 min
    source.write_text("Reading,Ward,Seen At,Temp\n" + "\n".join(rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    args = ["init", "--from", str(source), "--id", "petrochemical/wards"]
    drafted = runner.invoke(app, [*args, "--license", "CC0-1.0", "--owner", "ops"])
    assert drafted.exit_code == 0, drafted.output
    assert "times without a zone read as Asia/Shanghai" in drafted.output
    spec = bohai_env / "datasets" / "petrochemical" / "wards.yaml"
    assert yaml.safe_load(spec.read_text())["source"]["options"]["timezone"] == "Asia/Shanghai"

    ran = runner.invoke(app, ["run", "petrochemical/wards", "--partition", "2026-12-01"])
    assert ran.exit_code == 0, ran.output
    release = bohai_env / "releases" / "petrochemical" / "wards" / "1.0.0"
    files = [p for p in release.rglob("*.parquet") if "quarantine" not in p.name]
    released = pl.concat([pl.read_parquet(p) for p in files])
    assert released.height == 95, "only the row past Shanghai's day is left out"
    seen = dict(zip(released["reading"], released["seen_at"], strict=True))
    assert released.schema["seen_at"] == pl.Datetime("us", "UTC")
    assert seen["R000"] == datetime(2026, 11, 30, 16, 10, tzinfo=UTC)
    assert seen["R002"] == datetime(2026, 11, 30, 18, 2, tzinfo=UTC)  # 02:02 in Shanghai
    assert "R001" not in seen
