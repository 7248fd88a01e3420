"""`bohai scrub`: apply a privacy policy file to a CSV, Parquet or JSONL file, with a report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err = Console(stderr=True)


def _read(path: Path) -> pl.LazyFrame:
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        return pl.scan_parquet(path)
    if suffix in {".jsonl", ".ndjson"}:
        return pl.scan_ndjson(path)
    if suffix in {".csv", ".tsv"}:
        return pl.scan_csv(path, separator="\t" if suffix == ".tsv" else ",")
    raise typer.BadParameter(f"{path}: unsupported file type {suffix!r} (csv, tsv, parquet, jsonl)")


def _write(lf: pl.LazyFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in {".parquet", ".pq"}:
        lf.sink_parquet(path, compression="zstd")
    elif suffix in {".jsonl", ".ndjson"}:
        lf.sink_ndjson(path)
    elif suffix == ".csv":
        lf.sink_csv(path)
    else:
        raise typer.BadParameter(f"{path}: unsupported output type {suffix!r}")


def _policy(path: Path) -> Any:
    from schemas.spec import PrivacySpec

    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return PrivacySpec.model_validate(raw.get("privacy", raw))
    except (yaml.YAMLError, ValidationError) as exc:
        err.print(
            f"[bold red]error:[/] {escape(str(path))}: invalid policy file\n{escape(str(exc))}"
        )
        raise typer.Exit(2) from None


def scrub(
    input: Annotated[Path, typer.Argument(help="CSV, TSV, Parquet or JSONL file to de-identify.")],
    policy: Annotated[
        Path, typer.Option(help="YAML with `columns:` (and optional risk/audit), as in a spec.")
    ],
    output: Annotated[Path, typer.Option(help="Output file (.parquet, .csv or .jsonl).")],
    report: Annotated[
        Path | None, typer.Option(help="JSON report; default <output>.report.json.")
    ] = None,
) -> None:
    """Apply column policies (free text through the detection engine), enforce k, audit, report."""
    from privacy.audit.leaks import audit_table
    from privacy.deid.policy import apply_policies
    from privacy.risk.measures import enforce_config

    if not input.is_file():
        err.print(f"[bold red]error:[/] {escape(str(input))}: no such file")
        raise typer.Exit(2)
    spec = _policy(policy)
    source = _read(input)
    names = source.collect_schema().names()
    unknown = [c for c in spec.columns if c not in names]
    if unknown:
        err.print(
            f"[bold red]error:[/] {escape(str(policy))}: columns {escape(str(unknown))} "
            f"are not in {escape(str(input))}"
        )
        raise typer.Exit(2)
    scrubbed, treatments = apply_policies(source, dict(spec.columns), None)
    risk = None
    if spec.risk is not None:
        scrubbed, risk = enforce_config(scrubbed.collect().lazy(), spec.risk)
    _write(scrubbed, output)
    result = _read(output)
    audit = audit_table(result, spec.audit)
    rows_in = source.select(pl.len()).collect().item()
    rows_out = result.select(pl.len()).collect().item()
    summary = {
        "input": str(input),
        "output": str(output),
        "rows_in": rows_in,
        "rows_out": rows_out,
        "treatments": [t.as_dict() for t in treatments],
        "unclassified_columns": [c for c in names if c not in spec.columns],
        "risk": risk,
        "leak_audit": audit.as_dict(),
    }
    report = report or output.with_name(output.name + ".report.json")
    report.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str), "utf-8")
    table = Table(title=f"{input.name} -> {output.name} ({rows_in:,} rows in, {rows_out:,} out)")
    for col in ("column", "operator", "outcome (PIPL art. 73)", "detail"):
        table.add_column(col, overflow="fold")
    for t in treatments:
        d = t.as_dict()
        table.add_row(
            d["column"],
            d["operator"],
            f"{d['outcome']} {d.get('pipl_art73', '')}",
            json.dumps(d.get("detail") or {}, ensure_ascii=False)[:60],
        )
    console.print(table)
    console.print(f"report: {report}")
    if not audit.passed:
        err.print(f"[bold red]leak audit failed:[/] {audit.hits}; see {report}")
        raise typer.Exit(1)
    console.print("[green]leak audit passed[/]: no forbidden entity found in the output")
