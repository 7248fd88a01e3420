"""The validated stage's quarantine share counts lost records, not exact copies of kept ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from pipelines.stages import run_parse, run_raw, run_validate
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]


def test_a_file_sent_twice_passes_the_share_check(
    bohai_env: Path, shared_file: Callable[[str], Path]
) -> None:
    """Every record of a real EPA RMP export twice: half the lines are duplicate_record, and
    the share of lost records stays that of the file sent once."""
    real = shared_file("petrochemical/epa_rmp_accident_detailed.csv")
    lines = real.read_bytes().splitlines(keepends=True)
    raw = yaml.safe_load((REPO / "datasets/petrochemical/epa_rmp_accidents.yaml").read_text())
    raw["partitioning"] = {"kind": "none"}
    shares = []
    for name, body in (("once", b"".join(lines)), ("twice", b"".join(lines + lines[1:]))):
        source = bohai_env / f"rmp_{name}.csv"
        source.write_bytes(body)
        raw["source"]["uri"] = str(source)
        spec = DatasetSpec.model_validate(raw)
        pdir = bohai_env / "work" / name
        run_raw(spec, pdir, "all")
        parsed = run_parse(spec, pdir, "all")
        report = run_validate(spec, pdir)
        shares.append(report["quarantine_share"])
        if name == "twice":
            assert parsed["quarantined_by_reason"].get("duplicate_record", 0) >= len(lines) - 1
            assert report["checks"]["quarantine_share_within_limit"]["passed"] is True
    assert shares[1] == pytest.approx(shares[0] / 2, abs=0.01), shares
