"""The closing summary: no release column or table with --no-release; refusals wrapped, whole."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from pipelines.failures import Failure
from pipelines.runner import DatasetRun, PartitionRun, release_after
from pipelines.summary import print_failures, print_summary
from schemas.spec import DatasetSpec, load_spec_set

REPO = Path(__file__).resolve().parents[2]


def _spec() -> DatasetSpec:
    return load_spec_set(REPO / "datasets").specs[0]


def _failed(partition: str) -> PartitionRun:
    cause = Failure(partition, "parsed", "bad header", "SourceFormatError", None, None, None, "r1")
    return PartitionRun(partition, False, "r1", failures=[cause])


def _render(runs: list[DatasetRun], width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    print_summary(console, runs, title="t")
    return console.export_text()


def test_no_release_has_no_release_column_or_table() -> None:
    runs = [PartitionRun("2023-01-11", True, "r0"), _failed("2023-01-12")]
    outcome = release_after(None, _spec(), None, runs, release=False)  # type: ignore[arg-type]
    text = _render([outcome], width=160)
    assert "released" not in text and "Releases" not in text
    assert "scrubbed" in text and "--no-release: nothing published" in text
    assert "failed (parsed)" in text, "the row names the stage that failed"


def test_a_long_release_refusal_is_wrapped_not_cut() -> None:
    runs = [_failed(f"2023-01-{d:02d}") for d in (11, 12)] + [PartitionRun("2023-01-13", True, "r")]
    outcome = release_after(None, _spec(), None, runs)  # type: ignore[arg-type]
    assert outcome.release_error and len(outcome.release_error) > 200
    text = _render([outcome], width=90)
    cells = "".join(
        line.split("│")[3] for line in text.splitlines() if line.count("│") == 6
    )  # the third column of the Releases table, joined across its wrapped lines
    assert " ".join(cells.split()).endswith("(the manifest then names the held-back days)")


def test_release_reasons_cover_every_day_not_only_the_ones_run(tmp_path: Path) -> None:
    import json

    # trial11: day 2 of an outpatient feed sent twice; a later run of day 1 alone released all
    # five days but showed "none", the duplicates of day 2 being in the release all the same.
    (tmp_path / "manifest.json").write_text(
        json.dumps({"quarantine": {"by_reason": {"ingest/duplicate_record": 179}}})
    )
    day1 = PartitionRun("2026-12-01", True, "r1", reports={"parsed": {"quarantined_by_reason": {}}})
    release = {"path": str(tmp_path), "version": "6.0.1", "release_id": "8956d9ef", "created": True}
    text = _render([DatasetRun(_spec(), [day1], release)], width=160)
    assert "duplicate_record 179" in text and "none" not in text


def test_a_day_held_back_since_an_earlier_run_is_said(tmp_path: Path) -> None:
    import json

    # trial11: `bohai run --partition 2026-12-06` (no file that day) failed; every later run of
    # another day released without it (manifest held_back) and the console said nothing.
    held = ["2026-12-06: parsed did not finish: no report"]
    (tmp_path / "manifest.json").write_text(json.dumps({"held_back": held}))
    day = PartitionRun("2026-12-04", True, "r4")
    release = {"path": str(tmp_path), "version": "6.0.2", "release_id": "8956d9ef", "created": True}
    text = _render([DatasetRun(_spec(), [day], release)], width=200)
    assert "released without 2026-12-06: parsed did not finish: no report" in text


def test_a_failed_run_is_not_told_to_use_the_flag_it_was_given() -> None:
    # trial11 (session 11): `--release-ready` on a day whose file became empty answered "or
    # release the days that passed with --release-ready"; an unpartitioned export spoke of days
    ready = release_after(None, _spec(), None, [_failed("2023-01-15")], release_ready=True)  # type: ignore[arg-type]
    assert ready.release_error == (
        "not released: 1 partition(s) failed (2023-01-15): none passed, so --release-ready had "
        "no day to release; fix them, run again"
    )
    whole = release_after(None, _spec(), None, [_failed("all")])  # type: ignore[arg-type]
    assert whole.release_error == (
        "not released: 1 partition(s) failed (all): fix its input (see below) and run again"
    )
    plain = release_after(None, _spec(), None, [_failed("2023-01-15")])  # type: ignore[arg-type]
    assert plain.release_error and "release the days that passed with --release-ready" in (
        plain.release_error
    )


def test_a_cause_with_brackets_is_printed_whole_not_read_as_markup() -> None:
    # trial12: 'aliases: [xmeas_9_reaktortemp]' came out as 'aliases: }' (rich ate the brackets)
    cause = "missing ['xmeas_9']; list it under aliases (e.g. xmeas_9: {aliases: [xmeas_9_new]})"
    where = "/data/te/[plant 2]/te.csv, line 2"
    failure = Failure("2026-10-25", "parsed", cause, "SourceFormatError", where, None, None, "r1")
    console = Console(width=300, record=True, file=io.StringIO())
    print_failures(console, [failure])
    text = console.export_text()
    assert "aliases: [xmeas_9_new]})" in text and "[plant 2]/te.csv" in text
