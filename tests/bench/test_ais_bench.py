"""The AIS benchmark's floor variants run and measure what they claim (no timing asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import ais_bench  # noqa: E402


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """One small run of bare polars, the fixed-cost graph and the raw keep."""
    workdir = tmp_path_factory.mktemp("ais-bench")
    found = ais_bench.run(3_000, workdir, ["polars", "fixed", "keep", "floor"])
    found["csv_bytes"] = {"bytes": (workdir / "AIS_2026_11_01.csv").stat().st_size}
    return found


def test_polars_reads_every_generated_row(results: dict[str, dict]) -> None:
    assert results["polars"]["rows"] == 3_000


def test_fixed_runs_the_whole_graph_on_the_tiny_file(results: dict[str, dict]) -> None:
    fixed = results["fixed"]
    assert fixed["rows"] + fixed["quarantined"] == ais_bench.FIXED_ROWS
    assert fixed["rows"] > 0.9 * ais_bench.FIXED_ROWS
    assert fixed["checks_failed"] == []


def test_keep_copies_and_hashes_the_whole_file(results: dict[str, dict]) -> None:
    assert results["keep"]["bytes"] == results["csv_bytes"]["bytes"]


def test_floor_line_adds_the_three_costs(capsys: pytest.CaptureFixture[str]) -> None:
    ais_bench._print_floor(10.0, 4.0, 1.0)
    assert "= 1.50x polars" in capsys.readouterr().out


def test_floor_releases_every_row_its_rules_do_not_flag(results: dict[str, dict]) -> None:
    """The floor parses every line, flags some (the generator plants bad positions) and
    releases the rest, timing each of its five passes."""
    floor = results["floor"]
    assert floor["rows"] + floor["flagged"] == 3_000
    assert floor["flagged"] > 0
    assert set(floor["steps"]) == {
        f"{step} {unit}"
        for step in ("keep", "parse", "rules", "release", "hash")
        for unit in ("wall_s", "cpu_s")
    }


def test_passes_line_adds_the_fixed_cost(
    results: dict[str, dict], capsys: pytest.CaptureFixture[str]
) -> None:
    base = {"wall_s": 10.0, "cpu_s": 20.0}
    fixed = {"wall_s": 3.0, "cpu_s": 4.0}
    floor = {"wall_s": 17.0, "cpu_s": 26.0, "steps": results["floor"]["steps"]}
    ais_bench._print_passes(base, fixed, floor, 4.0)
    out = capsys.readouterr().out
    assert "= 20.0 wall s: 2.00x polars (target 4.0x)" in out
    assert "= 30.0 cpu s: 1.50x polars (target 4.0x)" in out


def test_child_cpu_is_measured(results: dict[str, dict]) -> None:
    assert results["fixed"]["cpu_s"] > 0 and results["polars"]["cpu_s"] > 0


def test_alt_generator_runs_through_the_whole_graph(tmp_path: Path) -> None:
    found = ais_bench.run(2_000, tmp_path, ["polars", "fixed"], "alt")
    assert found["polars"]["rows"] == 2_000
    fixed = found["fixed"]
    assert fixed["rows"] + fixed["quarantined"] == ais_bench.FIXED_ROWS
    assert fixed["checks_failed"] == []


def test_target_is_issue_16s() -> None:
    assert ais_bench.target_ratio(5_000_000) == 4.0
    assert ais_bench.target_ratio(20_000_000) == 3.0
