"""The demo's closing summary: rows per stage, check results, and where the release is."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pipelines.demo import DatasetRun


def _stage_cells(reports: dict[str, dict]) -> list[str]:
    parsed = reports.get("parsed", {})
    validated = reports.get("validated", {})
    scrubbed = reports.get("scrubbed", {})
    return [
        f"{parsed.get('input_units', '-')} {parsed.get('unit', '')}s".strip(),
        str(parsed.get("rows_out", "-")),
        str(parsed.get("rows_quarantined", "-")),
        str(validated.get("rows_quarantined", "-")),
        str(scrubbed.get("rows_out", "-")),
    ]


def print_summary(console: Console, runs: list[DatasetRun]) -> bool:
    """Print one table per dataset and the release lines; True when everything passed."""
    all_ok = True
    for run in runs:
        table = Table(title=f"{run.spec.id} — {run.spec.title.zh}", show_lines=False)
        for col in (
            "partition",
            "input",
            "parsed",
            "quarantined@ingest",
            "quarantined@quality",
            "released rows",
            "checks",
            "run",
        ):
            table.add_column(col)
        for part in run.partitions:
            failed = [f"{stage}.{name}" for stage, name, ok in part.checks if not ok]
            passed = sum(1 for *_, ok in part.checks if ok)
            checks = f"{passed}/{len(part.checks)} passed" + (
                f" ✗ {', '.join(failed)}" if failed else ""
            )
            status = "[green]ok[/]" if part.success else "[red]failed[/]"
            table.add_row(part.partition, *_stage_cells(part.reports), checks, status)
            all_ok &= part.success
        console.print(table)
        reasons: dict[str, int] = {}
        for part in run.partitions:
            for stage in ("parsed", "validated"):
                for reason, n in (
                    part.reports.get(stage, {}).get("quarantined_by_reason", {}).items()
                ):
                    reasons[reason] = reasons.get(reason, 0) + n
        if reasons:
            console.print(
                "  quarantine by reason: "
                + ", ".join(f"{k}={v}" for k, v in sorted(reasons.items()))
            )
        if run.release_error:
            console.print(f"  [red]release failed:[/] {run.release_error}")
            all_ok = False
        elif run.release:
            verb = "published" if run.release.get("created") else "unchanged (same content as)"
            console.print(
                f"  [green]{verb}[/] {run.spec.id}@{run.release['version']} "
                f"(release id {str(run.release['release_id'])[:16]}…) at {run.release['path']}"
            )
            console.print(
                f"  pull it: [bold]bohai pull {run.spec.id}@{run.release['version']}"
                " --to ./pulled[/]"
            )
    return all_ok
