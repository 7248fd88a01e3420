"""A stage stopped by an unexpected error says in one sentence where: file, line, field, cause."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from connectors.base import SourceFormatError
from pipelines.stage_errors import StageFailed, describe, innermost
from pipelines.stages import UpstreamBlocked, run_parse, run_raw, run_validate
from schemas.spec import DatasetSpec

REPO = Path(__file__).resolve().parents[2]


def test_describe_names_dataset_partition_stage_file_line_and_innermost_cause() -> None:
    try:
        try:
            raise csv.Error("field larger than field limit (131072)")
        except csv.Error as inner:
            raise SourceFormatError(Path("/x/raw/files/notes.csv"), "unreadable", 12) from inner
    except SourceFormatError as exc:
        text = describe(exc, "medical/notes", "all", "parsed", ["notes.csv"])
        assert isinstance(innermost(exc), csv.Error)
    assert text == (
        "medical/notes partition all: stage parsed failed in notes.csv, line 12: "
        "Error: field larger than field limit (131072)"
    )


def test_parse_failure_names_the_file(bohai_env: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("note_id,text\n1,hello\n", encoding="utf-8")
    raw = yaml.safe_load((REPO / "datasets/medical/clinical_notes.yaml").read_text())
    raw["source"] |= {"uri": str(notes), "options": {"fields": {"note_number": "id"}}}
    spec = DatasetSpec.model_validate(raw)
    pdir = tmp_path / "work" / "all"
    run_raw(spec, pdir, "all")
    with pytest.raises(StageFailed) as failed:
        run_parse(spec, pdir, "all")
    message = str(failed.value)
    assert message.startswith(
        "medical/clinical_notes partition all: stage parsed failed in notes.csv"
    )
    assert "unknown ['note_number']" in message and "\n" not in message


def test_missing_upstream_is_named_and_a_blocked_one_passes_through(tmp_path: Path) -> None:
    spec = DatasetSpec.model_validate(
        yaml.safe_load((REPO / "datasets/medical/clinical_notes.yaml").read_text())
    )
    with pytest.raises(StageFailed, match=r"partition none: stage validated failed: "
                       r"FileNotFoundError: .*stage has not run"):  # fmt: skip
        run_validate(spec, tmp_path / "none")
    parsed = tmp_path / "blocked" / "parsed"
    parsed.mkdir(parents=True)
    (parsed / "report.json").write_text(
        json.dumps({"checks": {"has_data": {"passed": False, "blocking": True}}})
    )
    with pytest.raises(UpstreamBlocked, match=r"^/.*parsed: blocking checks failed: has_data$"):
        run_validate(spec, tmp_path / "blocked")


def test_describe_takes_the_field_from_the_message() -> None:
    from privacy.deid.operators import OperatorError

    error = OperatorError(
        "column note_date: 2 values are not dates for date_shift (first at row 7)"
    )
    text = describe(error, "medical/notes", "all", "scrubbed", [])
    assert text == (
        "medical/notes partition all: stage scrubbed failed field note_date: OperatorError: "
        "column note_date: 2 values are not dates for date_shift (first at row 7)"
    )
