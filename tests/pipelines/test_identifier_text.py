"""The identifier check on real files: legitimate equals pass, identifiers inside text are masked.

The unmodified MarineCadastre extract has a vessel whose call sign equals its name ("SEAHAWK"):
it must publish. A Synthea condition whose description carries a patient id and an SSN (what a
runaway quote did to conditions.csv) must publish with both masked, never raw.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from pipelines import check_names as cn
from pipelines.release_stage import build_release
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from releases.store import ReleaseStore
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]
KEY = b"identifier-text-key-0123456789ab"

pytestmark = pytest.mark.integration


def _spec(base: str, uri: Path, dataset: str) -> DatasetSpec:
    raw = yaml.safe_load((REPO / f"datasets/{base}.yaml").read_text())
    raw["id"], raw["partitioning"] = dataset, {"kind": "none"}
    raw["source"]["uri"] = str(uri)
    return DatasetSpec.model_validate(raw)


def _scrub(spec: DatasetSpec, work: Path) -> tuple[Path, dict[str, Any]]:
    pdir = work / spec.id / "all"
    run_raw(spec, pdir, "all")
    run_parse(spec, pdir, "all")
    run_validate(spec, pdir)
    return pdir, run_scrub(spec, pdir, KEY)


def test_call_sign_equal_to_vessel_name_publishes(
    bohai_env: Path, shared_file: Callable[[str], Path]
) -> None:
    real = shared_file("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv")
    spec = _spec("marine/ais_marinecadastre", real, "marine/mc_real")
    pdir, report = _scrub(spec, bohai_env / "work")
    check = report["checks"][cn.NO_RAW_IDENTIFIERS_REMAIN]
    assert check["passed"], check["detail"]
    released = pl.read_parquet(pdir / "scrubbed" / "mc_real.parquet")
    assert "SEAHAWK" in released["vessel_name"].to_list()  # the name stays, it is no leak
    assert "SEAHAWK" not in released["call_sign"].to_list()
    result = build_release(
        spec, bohai_env / "work" / spec.id, ReleaseStore(bohai_env / "rel"), None
    )
    assert result.version == "1.0.0" and result.manifest["rows"] == released.height


def test_identifiers_inside_a_description_are_masked_before_release(
    bohai_env: Path, shared_data: Path
) -> None:
    folder = bohai_env / "synthea"
    shutil.copytree(shared_data / "medical" / "synthea", folder)
    patient, ssn = "9d188916-8390-282b-3ec2-73fce6e08649", "999-17-5017"
    conditions = folder / "conditions.csv"
    lines = conditions.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1].rstrip().endswith("Acute viral pharyngitis (disorder)")
    lines[1] = lines[1].rstrip() + f" - see {patient}; SSN {ssn}\n"
    conditions.write_text("".join(lines), encoding="utf-8")
    spec = _spec("medical/synthea_ehr", folder / "*.csv", "medical/synthea_planted")
    pdir, report = _scrub(spec, bohai_env / "work")
    check = report["checks"][cn.NO_RAW_IDENTIFIERS_REMAIN]
    assert check["passed"], check["detail"]
    assert report["tables"]["conditions"]["identifiers_masked_in_text"] == {"description": 1}
    released = pl.read_parquet(pdir / "scrubbed" / "conditions.parquet")["description"]
    planted = [d for d in released.to_list() if d and "- see" in d]
    assert planted == ["Acute viral pharyngitis (disorder) - see <PATIENT_ID>; SSN <SSN>"]
    text = "\n".join(
        v
        for table in spec.tables
        for column in pl.read_parquet(pdir / "scrubbed" / f"{table}.parquet")
        .select(pl.col(pl.String))
        .iter_columns()
        for v in column.drop_nulls().to_list()
    )
    assert patient not in text and ssn not in text
