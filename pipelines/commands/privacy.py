"""`bohai scan`: detect personal data in JSONL / CSV / Parquet files (thin wrapper over privacy)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err = Console(stderr=True)

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PLAIN_SUFFIXES = (".txt", ".text", ".log", ".md")
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq")


def scan(
    input: Annotated[
        Path, typer.Argument(help="JSONL, plain text (a text per line), CSV or Parquet file.")
    ],
    text_field: Annotated[str, typer.Option(help="JSONL field holding the text.")] = "text",
    lang: Annotated[
        str, typer.Option(help="zh, en or auto (English NER only where needed).")
    ] = "auto",
    output: Annotated[
        Path | None,
        typer.Option(help="JSONL output (one line per input line); default <input>.spans.jsonl."),
    ] = None,
    id_field: Annotated[str, typer.Option(help="JSONL field holding the record id.")] = "id",
    column: Annotated[
        list[str] | None,
        typer.Option("--column", help="CSV/Parquet column to scan (repeatable; default all)."),
    ] = None,
    spacy_model: Annotated[
        str, typer.Option(help="spaCy English pipeline for names ('' to skip).")
    ] = "en_core_web_sm",
) -> None:
    """Detect PII spans; JSONL and text get span records per line, tables a per-column summary."""
    from privacy.detect.scan_io import scan_jsonl, scan_table
    from privacy.detect.scanner import Scanner

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if lang not in ("zh", "en", "auto"):
        _fail(f"--lang must be zh, en or auto, not {lang!r}")
    if not input.is_file():
        _fail(f"{input}: no such file")
    suffix = input.suffix.lower()
    scanner = Scanner(spacy_model=spacy_model or None)
    if not scanner.capabilities.english_ner:
        err.print("[yellow]English person names are NOT detected (no spaCy English model).[/]")
    if suffix in TABLE_SUFFIXES:
        try:
            summaries = scan_table(input, column or [], scanner, lang)
        except ValueError as exc:
            _fail(str(exc))
        table = Table(title=f"PII in {input.name}")
        for name in ("column", "rows", "nulls", "rows with PII", "entity counts", "bad UTF-8 rows"):
            table.add_column(name)
        for s in summaries:
            counts = ", ".join(f"{k} {v}" for k, v in sorted(s.entities.items())) or "-"
            bad = ", ".join(map(str, s.undecodable_rows[:10])) or "-"
            table.add_row(s.column, str(s.rows), str(s.nulls), str(s.rows_with_pii), counts, bad)
        console.print(table)
        return
    if suffix not in JSONL_SUFFIXES + PLAIN_SUFFIXES:
        _fail(f"{input}: unsupported input {suffix!r} (JSONL, plain text, CSV or Parquet)")
    out = output or input.with_suffix(".spans.jsonl")
    report = scan_jsonl(
        input, out, scanner, text_field=text_field, id_field=id_field, lang=lang,
        plain=suffix in PLAIN_SUFFIXES,
    )  # fmt: skip
    table = Table(title=f"PII in {input.name} -> {out}")
    table.add_column("entity type")
    table.add_column("spans", justify="right")
    for entity, count in sorted(report.entities.items()):
        table.add_row(entity, str(count))
    console.print(table)
    console.print(
        f"{report.lines} lines, {report.spans} spans, {report.errors} line(s) with errors"
    )


def _fail(message: str, code: int = 2) -> None:
    """Print an error and exit non-zero."""
    err.print(f"[bold red]error:[/] {escape(str(message))}")
    raise typer.Exit(code)
