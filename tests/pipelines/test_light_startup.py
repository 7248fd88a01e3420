"""A run imports only what its dataset needs: the heavy NLP, GX and Label Studio stacks stay out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "presidio_analyzer", "great_expectations", "label_studio_sdk")
# Needed only when a release is compared with its predecessor or read back, never to load.
RELEASE_ONLY = ("pandas", "duckdb", "pyarrow.dataset")

_REPORT = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _heavy_after(body: str, tmp_path: Path, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """Run `body` in a fresh interpreter and list the heavy packages it left in sys.modules."""
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "bench")]),
        "BOHAI_HOME": str(tmp_path / "home"),
        "DAGSTER_HOME": str(tmp_path),
        "BOHAI_PSEUDONYM_KEY": "light-startup-key-0123456789",
    }
    code = _REPORT.format(body=body, heavy=heavy)
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_definitions_import_without_heavy_packages(tmp_path: Path) -> None:
    assert _heavy_after("import pipelines.definitions", tmp_path) == []


def test_definitions_import_without_release_only_packages(tmp_path: Path) -> None:
    assert _heavy_after("import pipelines.definitions", tmp_path, RELEASE_ONLY) == []


def test_one_ais_partition_runs_without_heavy_packages(tmp_path: Path) -> None:
    body = f"""
from pathlib import Path
import ais_bench
from samples.marinecadastre import write_marinecadastre_csv
out = Path({str(tmp_path)!r})
csv = out / "AIS_2026_11_01.csv"
write_marinecadastre_csv(csv, 500, ais_bench.DAY)
result = ais_bench.variant_bohai(csv, out / "run")
assert result["rows"] + result["quarantined"] == 500, result
assert result["checks_failed"] == [], result
"""
    assert _heavy_after(body, tmp_path) == []


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    """The check can fail: importing Great Expectations shows up in the list."""
    assert _heavy_after("import great_expectations", tmp_path) == ["great_expectations"]
