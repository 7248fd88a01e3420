"""TE and Synthea benchmark variants run and measure what they claim (no timing asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import dataset_bench  # noqa: E402


@pytest.mark.parametrize(("dataset", "size"), [("te", 1_000), ("synthea", 20)])
def test_polars_and_bohai_read_the_same_input(dataset: str, size: int, tmp_path: Path) -> None:
    found = dataset_bench.run(dataset, size, tmp_path, ["polars", "bohai"])
    polars, bohai = found["polars"], found["bohai"]
    assert polars["cpu_s"] > 0 and bohai["cpu_s"] > 0
    assert bohai["checks_failed"] == []
    assert bohai["quarantined"] > 0  # the generators plant bad records
    # Bare polars keeps every readable record, Bohai releases some and quarantines the rest.
    assert bohai["rows"] <= polars["rows"] + bohai["rows_in"]
    assert polars["rows"] >= 0.95 * bohai["rows"]


def test_te_input_size_is_in_samples(tmp_path: Path) -> None:
    assert dataset_bench.write_te(tmp_path / "te.zip", 1_500) == 52 * 1_500


def test_te_last_run_keeps_samples_after_the_fault_onset(tmp_path: Path) -> None:
    assert dataset_bench.write_te(tmp_path / "te.zip", 1_000) == 52 * (960 + 200)


def test_profile_times_every_stage_of_a_small_te_input(tmp_path: Path) -> None:
    import dataset_profile

    results = dataset_profile.profile("te", 1_000, tmp_path, None)
    names = [r[0] for r in results]
    assert names == ["import dagster", "raw", "parsed", "validated", "scrubbed", "release"]
    assert all(wall >= 0 and cpu >= 0 and peak > 0 for _, wall, cpu, peak, _ in results)
    assert (tmp_path / "rel").is_dir()  # the release stage really published
