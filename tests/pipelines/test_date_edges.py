"""A note dated 0001-01-01 whose patient shifts backwards publishes (date nulled and counted).

Before, date_shift moved it to year 0 and the release failed on `year 0 is out of range`. A
connector may also quarantine such a date as implausible; either way the release publishes.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from pipelines.release_stage import build_release
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from privacy.deid.operators.date_shift import shift_days
from releases.store import ReleaseStore
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]
KEY = b"date-edges-key-0123456789abcdef"


def test_shift_before_year_one_publishes_with_the_date_nulled(bohai_env: Path) -> None:
    back = next(f"P{i}" for i in range(100) if shift_days(KEY, f"P{i}", 365) < 0)
    notes = bohai_env / "notes.csv"
    notes.write_text(
        "note_id,patient_id,note_date,language,note_type,text\n"
        f"n1,{back},0001-01-01,en,progress,Stable overnight.\n"
        f"n2,{back},2024-03-02,en,progress,Discharged home.\n",
        encoding="utf-8",
    )
    raw = yaml.safe_load((REPO / "datasets/medical/clinical_notes.yaml").read_text())
    raw["source"]["uri"], raw["partitioning"] = str(notes), {"kind": "none"}
    spec = DatasetSpec.model_validate(raw)
    pdir = bohai_env / "work" / spec.id / "all"
    run_raw(spec, pdir, "all")
    parsed = run_parse(spec, pdir, "all")
    run_validate(spec, pdir)
    report = run_scrub(spec, pdir, KEY)
    assert all(c["passed"] for c in report["checks"].values() if c["blocking"])
    treatment = next(
        t for t in report["tables"]["clinical_notes"]["treatments"] if t["column"] == "note_date"
    )
    implausible = parsed["quarantined_by_reason"].get("implausible_date", 0)
    assert treatment["detail"]["out_of_range"] + implausible == 1
    result = build_release(
        spec, bohai_env / "work" / spec.id, ReleaseStore(bohai_env / "rel"), None
    )
    assert result.version == "1.0.0" and result.manifest["rows"] == 2 - implausible
    notes = pl.read_parquet(Path(result.path) / "data" / "clinical_notes" / "*.parquet")
    dates = dict(zip(notes["note_id"], notes["note_date"], strict=True))
    assert dates["n2"] is not None and dates.get("n1") is None
