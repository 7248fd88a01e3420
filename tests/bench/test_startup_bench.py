"""The start-up benchmark runs one partition to a release and splits what it measures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

import startup_bench  # noqa: E402


def test_one_partition_to_release_with_parts_that_add_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = startup_bench.run([REPO], 1, tmp_path)
    (run,) = results[str(REPO)]
    assert run["ok"]
    for i in (0, 1):  # wall, cpu
        assert run["graph"][i] == pytest.approx(run["ingest"][i] + run["release"][i])
        assert run["total"][i] == pytest.approx(run["setup"][i] + run["graph"][i])
        assert run["ingest"][i] > 0 and run["release"][i] > 0
    assert not set(run["loaded_after_ingest"]) & {"spacy", "presidio_analyzer", "duckdb"}
    startup_bench.print_table(results)
    assert "loaded after ingest: none" in capsys.readouterr().out
