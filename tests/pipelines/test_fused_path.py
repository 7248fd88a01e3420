"""The fused path releases the same rows, quarantine, reports and checks as the staged path."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest

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
    partition = demo_partitions(spec, 1)[0]
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
        return
    assert read_report(fused / "scrubbed")["checks"] == read_report(staged / "scrubbed")["checks"]
    released = _release(spec, fused, bohai_env / "rel_fused")
    expected = _release(spec, staged, bohai_env / "rel_staged")
    assert released["manifest"] == expected["manifest"]
    assert sum(frame.height for frame in expected["data"].values()) > 0
    for table, frame in expected["data"].items():
        assert_frame_equal(released["data"][table], frame)


def assert_frame_equal(left: pl.DataFrame, right: pl.DataFrame) -> None:
    """Same columns, types and rows in the same order."""
    from polars.testing import assert_frame_equal as same

    same(left, right)
