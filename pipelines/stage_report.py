"""Per-stage JSON reports in the work area: what each stage counted, for checks and the release."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

STAGES = ("raw", "parsed", "validated", "scrubbed")
REPORT = "report.json"


def reset_stage(partition_dir: Path, stage: str) -> Path:
    """Empty a stage's folder and every later stage's, so no stale output outlives a failed run."""
    for later in STAGES[STAGES.index(stage) :]:
        shutil.rmtree(partition_dir / later, ignore_errors=True)
    folder = partition_dir / stage
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_report(stage_dir: Path, report: dict[str, Any]) -> None:
    """Write a stage's report next to its outputs."""
    (stage_dir / REPORT).write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


def read_report(stage_dir: Path) -> dict[str, Any]:
    """Read a stage's report; a missing report means the stage has not run for this partition."""
    path = stage_dir / REPORT
    if not path.is_file():
        raise FileNotFoundError(f"{path}: stage has not run (materialize the upstream asset first)")
    return json.loads(path.read_text(encoding="utf-8"))
