"""The fused path releases the same rows, quarantine, reports and checks as the staged path."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from pipelines.demo import demo_partitions
from pipelines.fused import MATERIALISE_ENV, staged_reason
from pipelines.release_stage import build_release
from pipelines.stage_report import read_report
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from releases.store import ReleaseStore
from schemas.spec import DatasetSpec, load_specs

REPO = Path(__file__).resolve().parents[2]
SPECS = load_specs(REPO / "datasets")
KEY = b"test-key-0123456789abcdef"
MC = "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv"
# Manifest fields that name the run or the moment, not the data.
VOLATILE = {"created_at", "dagster_run_id", "code_version", "release_id", "files", "artifacts"}


def _stages(spec: DatasetSpec, pdir: Path) -> dict[str, Any]:
    """Run validated and scrubbed; the reports, or the blocking error a stage raised."""
    out: dict[str, Any] = {}
    try:
        out["validated"] = run_validate(spec, pdir)
        out["scrubbed"] = run_scrub(spec, pdir, KEY)
    except Exception as exc:  # a blocked stage must block the same way in both paths
        out["error"] = f"{type(exc).__name__}: {exc}".replace(str(pdir), "PDIR")
    return out


def _release(spec: DatasetSpec, pdir: Path, store: Path) -> dict[str, Any]:
    """The release manifest without its run-specific fields, and its rows per table."""
    result = build_release(spec, pdir.parent, ReleaseStore(store), "run")
    manifest = {k: v for k, v in result.manifest.items() if k not in VOLATILE}
    data = {t: pl.read_parquet(result.path / "data" / t / "*.parquet") for t in spec.tables}
    return {"manifest": manifest, "data": data}


@pytest.mark.parametrize("spec", SPECS, ids=[s.id for s in SPECS])
def test_fused_and_staged_paths_agree(
    spec: DatasetSpec, bohai_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    got = _compare_paths(spec, demo_partitions(spec, 1)[0], bohai_env, monkeypatch)
    # The generated samples write each day's records into that day (in the source's zone).
    assert "outside_partition_day" not in got["validated"]["quarantined_by_reason"]


def _mutated_marinecadastre(source: Path, target: Path) -> None:
    """The real file plus receptions of one fix, position spikes and invalid MMSIs."""
    with source.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    col = {name: i for i, name in enumerate(header)}
    extra = []
    for row in rows[:40:4]:  # the same fix from another receiver: only SOG differs
        copy = list(row)
        copy[col["SOG"]] = str(float(copy[col["SOG"]] or 0) + 0.1)
        extra.append(copy)
    for row in rows[500:505]:  # two later fixes of the vessel, the first 3 degrees north
        when = datetime.fromisoformat(row[col["BaseDateTime"]])
        for minutes, north in ((10, 3.0), (20, 0.0)):
            fix = list(row)
            fix[col["BaseDateTime"]] = (when + timedelta(minutes=minutes)).isoformat()
            fix[col["LAT"]] = f"{float(row[col['LAT']]) + north:.5f}"
            extra.append(fix)
    for row in rows[100:400:50]:
        row[col["MMSI"]] = "12345"
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows, *extra])


def test_fused_and_staged_paths_agree_on_real_mutated_file(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch, shared_file: Callable[[str], Path]
) -> None:
    data = bohai_env / "data"
    data.mkdir()
    _mutated_marinecadastre(shared_file(MC), data / "AIS_2023_01_11.csv")
    raw = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    raw["source"]["uri"] = str(data / "AIS_{date:%Y_%m_%d}.csv")
    raw["partitioning"] = {"kind": "daily", "start": "2023-01-01"}
    # Two real vessel names equal another vessel's call sign: drop the column (see conftest).
    raw["privacy"]["columns"]["vessel_name"] = {"category": "personal", "policy": "drop"}
    spec = DatasetSpec.model_validate(raw)
    reports = _compare_paths(spec, "2023-01-11", bohai_env, monkeypatch)
    quarantined = reports["validated"]["quarantined_by_reason"]
    assert {"mmsi_valid", "duplicate_fix", "implied_speed"} <= set(quarantined), quarantined


def _dated(source: Path, target: Path, stamps: list[str]) -> None:
    """The real file with copies of its first rows re-dated (1970, 2099, the next day...)."""
    with source.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    at = header.index("BaseDateTime")
    extra = []
    for row, stamp in zip(rows, stamps, strict=False):
        copy = list(row)
        copy[at] = stamp
        copy[header.index("LAT")] = f"{float(row[header.index('LAT')]) + 0.01:.5f}"
        extra.append(copy)
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows, *extra])


def test_rows_outside_the_partition_day_are_quarantined_alike_in_both_paths(
    bohai_env: Path, monkeypatch: pytest.MonkeyPatch, shared_file: Callable[[str], Path]
) -> None:
    """1970, 2099 and next-day rows in a real day file leave the release with their reason;
    rows within the day's tolerance (23:30 the evening before) stay."""
    data = bohai_env / "data"
    data.mkdir()
    stamps = ["1970-01-01T00:00:00", "2099-06-01T12:00:00", "2023-01-12T06:00:00",
              "2023-01-10T23:30:00"]  # fmt: skip
    _dated(shared_file(MC), data / "AIS_2023_01_11.csv", stamps)
    raw = yaml.safe_load((REPO / "datasets/marine/ais_marinecadastre.yaml").read_text())
    raw["source"]["uri"] = str(data / "AIS_{date:%Y_%m_%d}.csv")
    raw["partitioning"] = {"kind": "daily", "start": "2023-01-01"}
    raw["privacy"]["columns"]["vessel_name"] = {"category": "personal", "policy": "drop"}
    spec = DatasetSpec.model_validate(raw)
    reports = _compare_paths(spec, "2023-01-11", bohai_env, monkeypatch)
    assert reports["validated"]["quarantined_by_reason"].get("outside_partition_day") == 3
    pdir = bohai_env / "fused" / spec.id / "2023-01-11"
    table = next(iter(spec.tables))
    quarantine = pl.read_parquet(pdir / "validated" / f"{table}.quarantine.parquet")
    out = quarantine.filter(pl.col("reason") == "outside_partition_day")
    assert out["source_line"].to_list() == [1002, 1003, 1004]  # header + 1000 rows, then ours
    assert "2099-06-01T12:00:00Z is outside partition 2023-01-11" in out["detail"][1]


def _rounded(value: Any) -> Any:
    """`value` with every float rounded to 12 significant digits, recursively."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _compare_paths(
    spec: DatasetSpec, partition: str, bohai_env: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    """Run one partition both ways, assert they agree, and return the fused path's reports."""
    fused = bohai_env / "fused" / spec.id / partition
    staged = bohai_env / "staged" / spec.id / partition
    run_raw(spec, fused, partition)
    run_parse(spec, fused, partition)
    shutil.copytree(fused, staged)

    assert staged_reason(spec) is None, staged_reason(spec)
    got = _stages(spec, fused)
    monkeypatch.setenv(MATERIALISE_ENV, "1")
    assert staged_reason(spec) is not None
    want = _stages(spec, staged)
    monkeypatch.delenv(MATERIALISE_ENV)

    assert got == want
    for table in spec.tables:
        # The fused path writes no validated copy of the table; the staged path does.
        assert not (fused / "validated" / f"{table}.parquet").exists()
        assert (staged / "validated" / f"{table}.parquet").exists() == ("validated" in want)
        quarantine = f"validated/{table}.quarantine.parquet"
        if (staged / quarantine).exists():
            expected = pl.read_parquet(staged / quarantine)
            assert_frame_equal(pl.read_parquet(fused / quarantine), expected)
        if "scrubbed" in want:
            scrubbed = f"scrubbed/{table}.parquet"
            assert_frame_equal(
                pl.read_parquet(fused / scrubbed), pl.read_parquet(staged / scrubbed)
            )
    if "scrubbed" not in want:
        return got
    assert read_report(fused / "scrubbed")["checks"] == read_report(staged / "scrubbed")["checks"]
    released = _release(spec, fused, bohai_env / "rel_fused")
    expected = _release(spec, staged, bohai_env / "rel_staged")
    # Statistics are summed in the order the streaming writer chunked the rows: a mean may
    # differ in its last bit, nothing more.
    assert _rounded(released["manifest"]) == _rounded(expected["manifest"])
    assert sum(frame.height for frame in expected["data"].values()) > 0
    for table, frame in expected["data"].items():
        assert_frame_equal(released["data"][table], frame)
    return got


def assert_frame_equal(left: pl.DataFrame, right: pl.DataFrame) -> None:
    """Same columns, types and rows in the same order."""
    from polars.testing import assert_frame_equal as same

    same(left, right)
