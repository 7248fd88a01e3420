"""`bohai init`: draft a dataset spec from a sample file, every proposal with its evidence."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

console = Console()
err = Console(stderr=True)


def init(
    source: Annotated[Path, typer.Option("--from", help="A sample file of the new source.")],
    dataset_id: Annotated[str, typer.Option("--id", help="SECTOR/NAME of the new dataset.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="Connector format (default: detected).")
    ] = None,
    license: Annotated[str | None, typer.Option(help="License of the source data.")] = None,
    owner: Annotated[str | None, typer.Option(help="Team answerable for the dataset.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Spec file to write (default: datasets/SECTOR/NAME.yaml).")
    ] = None,
    records: Annotated[int, typer.Option(help="Records to sample from the file.")] = 5000,
    force: Annotated[bool, typer.Option(help="Overwrite an existing spec file.")] = False,
) -> None:
    """Draft a spec for a new source: format, contract, privacy policies and expectations."""
    from pipelines.home import datasets_dir
    from schemas.draft import draft_spec
    from schemas.draft_source import DraftError

    target = out or datasets_dir() / f"{dataset_id}.yaml"
    if target.exists() and not force:
        err.print(f"[bold red]error:[/] {escape(str(target))} exists (use --force to overwrite)")
        raise typer.Exit(2)
    console.print(f"Reading a sample of {source} with every registered connector …")
    logging.getLogger("connectors").setLevel(logging.ERROR)  # connectors refusing it is expected
    try:
        draft = draft_spec(source, dataset_id, fmt, license, owner, records)
    except DraftError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(draft.text, encoding="utf-8")
    for table in draft.tables:
        personal = [p.column for p in table.policies if p.policy or p.undecided]
        console.print(
            f"  {table.name}: contract {table.contract or 'none matched'}, "
            f"{len(table.policies)} privacy proposal(s) ({', '.join(personal) or 'none'}), "
            f"{len(table.expectations)} expectation(s)",
            highlight=False,
        )
    for note in draft.notes:
        console.print(f"  {note}", highlight=False)
    console.print(f"[green]wrote[/] {target} (format {draft.format})", highlight=False)
    for warning in draft.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if draft.todos:
        console.print(
            f"[yellow]{len(draft.todos)} TODO(s) to fill in[/] (the spec will not load before): "
            + ", ".join(draft.todos),
            highlight=False,
        )
    console.print(f"Next: check every proposal, then `bohai specs` and `bohai run {dataset_id}`")
