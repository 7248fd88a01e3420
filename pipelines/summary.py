"""Closing summary of a run or the demo: stages, releases and each failure's cause."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.failures import Failure
from pipelines.runner import DatasetRun, PartitionRun


def _stage_cells(reports: dict[str, dict[str, Any]]) -> list[str]:
    parsed = reports.get("parsed", {})
    validated = reports.get("validated", {})
    scrubbed = reports.get("scrubbed", {})
    unit = parsed.get("unit", "")
    return [
        f"{parsed['input_units']:,} {unit}s" if "input_units" in parsed else "-",
        f"{parsed['rows_out']:,}" if "rows_out" in parsed else "-",
        str(parsed.get("rows_quarantined", "-")),
        str(validated.get("rows_quarantined", "-")),
        f"{scrubbed['rows_out']:,}" if "rows_out" in scrubbed else "-",
    ]


def _manifest(release: dict[str, Any]) -> dict[str, Any] | None:
    """The published release's manifest, when its store is a local folder."""
    path = release.get("path")
    if not path:
        return None
    try:
        return dict(json.loads((Path(str(path)) / "manifest.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None  # a remote store: the days of this run are what is at hand


def _held_back(run: DatasetRun) -> list[str]:
    """Days the release left out: this run's, and those of earlier runs its manifest names."""
    manifest = _manifest(run.release) or {}
    named = {str(h).partition(":")[0]: str(h) for h in manifest.get("held_back") or []}
    return [*(d for d in run.held_back if d not in named), *named.values()]


def _released_reasons(release: dict[str, Any]) -> dict[str, int] | None:
    """Quarantine counts by reason over every day of the release (its manifest), when local."""
    manifest = _manifest(release)
    if manifest is None:
        return None
    reasons: dict[str, int] = {}
    for key, n in (manifest.get("quarantine", {}).get("by_reason") or {}).items():
        reason = str(key).rpartition("/")[2]  # `ingest/duplicate_record`
        reasons[reason] = reasons.get(reason, 0) + int(n)
    return reasons


def _reasons(run: DatasetRun) -> str:
    """Quarantine reasons of the release (all its days, not only the ones this run read)."""
    reasons = _released_reasons(run.release)
    if reasons is None:
        reasons = {}
        for part in run.partitions:
            for stage in ("parsed", "validated"):
                found = part.reports.get(stage, {}).get("quarantined_by_reason", {})
                for reason, n in found.items():
                    reasons[reason] = reasons.get(reason, 0) + n
    return ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) or "none"


def _status(part: PartitionRun) -> str:
    """`ok`, or `failed` with the stage(s) that failed, so the row says where without scrolling."""
    if part.success:
        return "[green]ok[/]"
    stages = list(dict.fromkeys(f.stage for f in part.failures))
    return "[red]failed[/]" + (f" ({', '.join(stages)})" if stages else "")


def print_summary(console: Console, runs: list[DatasetRun], title: str = "Bohai demo") -> bool:
    """Print one stage table over all datasets and one release table; True when all passed."""
    all_ok = True
    releasing = any(r.release_requested for r in runs)
    stages = Table(title=f"{title}: rows per stage and checks", show_lines=False)
    for col in ("dataset", "partition", "input", "parsed", "quar. ingest", "quar. quality",
                "released" if releasing else "scrubbed", "checks", "run"):  # fmt: skip
        stages.add_column(col, overflow="fold")
    for run in runs:
        for part in run.partitions:
            failed = [f"{stage}.{name}" for stage, name, ok in part.checks if not ok]
            passed = sum(1 for *_, ok in part.checks if ok)
            checks = f"{passed}/{len(part.checks)}" + (f" ✗ {', '.join(failed)}" if failed else "")
            cells = _stage_cells(part.reports)
            stages.add_row(run.spec.id, part.partition, *cells, checks, _status(part))
            all_ok &= part.success
    console.print(stages)
    if not releasing:
        console.print("--no-release: nothing published; run again without it to release.")
        return all_ok and not any(r.store_error for r in runs)
    releases = Table(title="Releases (quarantine reasons stay in .bohai/work, never released)")
    for col in ("dataset", "version", "release id", "rows", "quarantined by reason"):
        releases.add_column(col, overflow="fold")
    for run in runs:
        if run.release_error:  # the whole sentence, wrapped in its cell: it says what to do
            releases.add_row(run.spec.id, "[red]failed[/]", run.release_error, "-", "-")
            all_ok = False
            continue
        release = run.release
        version = str(release.get("version", "-"))
        if release and not release.get("created"):
            version += " (unchanged)"
        releases.add_row(
            run.spec.id,
            version,
            str(release.get("release_id", ""))[:16],
            f"{release.get('dagster/row_count', 0):,}",
            _reasons(run),
        )
    console.print(releases)
    for (
        run
    ) in runs:  # a refused release says why in full: what shrank, by how much, how to override
        if run.release_error and "release refused" in run.release_error:
            console.print(f"[red]{run.spec.id}[/]: {run.release_error}")
    for run in runs:
        if run.release and (held := _held_back(run)):
            console.print(
                f"[yellow]{run.spec.id}[/]: released without {', '.join(held)} "
                "(failed; named in the manifest's held_back)",
                highlight=False,
            )
    for run in runs:
        for warning in run.source_warnings:
            console.print(
                f"[yellow]warning {run.spec.id}[/]: {escape(str(warning))}", highlight=False
            )
    store = next((r.release.get("path") for r in runs if r.release.get("path")), None)
    if store:
        console.print(f"Release store: {str(store).rsplit('/', 3)[0]}")
        first = next(r for r in runs if r.release.get("version"))
        ref = f"{first.spec.id}@{first.release['version']}"
        console.print(
            f"Pull one: [bold]bohai pull {ref} --to ./pulled[/]"
            "   ·   browse: [bold]bohai releases DATASET[/], [bold]bohai ui[/]"
        )
    return all_ok


def print_failures(console: Console, failures: list[Failure]) -> None:
    """Per failure: partition, stage, root cause, where in the data and code, report and run id."""
    console.print(f"[bold red]{len(failures)} failure(s)[/]")
    for f in failures:
        console.print(f"[bold red]✗ partition {f.partition}, stage {f.stage}[/]", highlight=False)
        console.print(
            f"  cause:  {f.error_type}: {escape(f.cause)}", highlight=False, soft_wrap=True
        )
        if f.data_location:
            console.print(f"  where:  {escape(f.data_location)}", highlight=False, soft_wrap=True)
        if f.code_location:
            console.print(f"  raised: {escape(f.code_location)}", highlight=False, soft_wrap=True)
        if f.report:
            console.print(f"  report: {escape(str(f.report))}", highlight=False, soft_wrap=True)
        console.print(f"  run:    {f.run_id}  (bohai ui → Runs)", highlight=False)
