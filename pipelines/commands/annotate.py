"""`bohai annotate push|pull|status`: the annotation loop by command, no shell exports needed."""

from __future__ import annotations

import os
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.home import configure_environment, release_store_dir, work_dir

app = typer.Typer(
    help="Send samples to Label Studio, pull labels back, see progress and agreement.",
    no_args_is_help=True,
)
console = Console()
err = Console(stderr=True)
DatasetArg = Annotated[str, typer.Argument(help="Dataset id, e.g. medical/clinical_notes.")]


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(message))}")
    raise typer.Exit(code)


def _spec(dataset: str) -> tuple[Any, Any]:
    from annotation.config import annotation_of
    from pipelines.spec_loading import spec_for
    from schemas.spec import SpecError

    try:
        spec, _ = spec_for(dataset)
    except SpecError as exc:
        _fail(str(exc))
    ann = annotation_of(spec)
    if ann is None:
        _fail(f"{dataset} has no annotation section")
    return spec, ann


def _connect(ann: Any, shared: bool) -> tuple[Any, Any]:
    """A client from the project's own Label Studio state, and the team (None when shared)."""
    from annotation.client import LabelStudioClient, LabelStudioUnavailable
    from pipelines.labelstudio_state import connection

    try:
        conn = connection()
    except LabelStudioUnavailable as exc:
        _fail(str(exc))
    if shared:
        return LabelStudioClient(conn.url, conn.token), None
    if ann.overlap > 1 and len(conn.team) < ann.overlap:
        _fail(
            f"blind overlap {ann.overlap} needs {ann.overlap} annotators, the team has "
            f"{len(conn.team)}: `bohai labelstudio user add NAME` (or --shared for one project "
            "where annotators see each other's work)"
        )
    return LabelStudioClient(conn.url, conn.token), conn.team or None


SharedOpt = Annotated[
    bool, typer.Option("--shared", help="One project for all (annotators see each other's work).")
]


@app.command()
def push(
    dataset: DatasetArg,
    partition: Annotated[
        str | None, typer.Option(help="Partition to sample (default: the latest scrubbed one).")
    ] = None,
    shared: SharedOpt = False,
) -> None:
    """Sample scrubbed records, refuse residual personal data, push tasks to each annotator."""
    import polars as pl

    from annotation.guard import PushRefused
    from annotation.loop import push_sample
    from pipelines.annotation_assets import authorized_source, source_table
    from pipelines.release_stage import ready_partitions
    from quality.gate import drop_lineage

    configure_environment()
    spec, ann = _spec(dataset)
    dataset_dir = work_dir() / spec.id
    part = partition or next(iter(ready_partitions(dataset_dir)[::-1]), None)
    if part is None:
        _fail(f"{dataset}: no scrubbed partition in {dataset_dir}; run the pipeline first")
    passed, detail, stage_dir = authorized_source(ann, dataset_dir / part)
    if not passed:
        _fail(f"{dataset}@{part}: nothing sent: {detail}")
    table = drop_lineage(pl.scan_parquet(source_table(spec, ann, stage_dir))).collect()
    client, team = _connect(ann, shared)
    try:
        outcome = push_sample(ann, spec.id, table, client, team=team)
    except PushRefused as exc:
        _fail(str(exc), code=2)
    console.print(f"[bold]{outcome.title}[/]: {outcome.sampled} records sampled from {part}")
    for who, result in outcome.results.items():
        console.print(
            f"  {who}: project {result.project_id}, {result.created} new, "
            f"{result.already_present} already there, {result.predictions} pre-annotations"
        )
        if result.changed:
            shown = ", ".join(result.changed[:3]) + (" …" if len(result.changed) > 3 else "")
            console.print(
                f"  [bold yellow]warning:[/] {who}: {len(result.changed)} record(s) already there "
                f"read otherwise now ({shown}): their tasks keep the text they were annotated on, "
                "so those labels' offsets point into it, not into the released text",
                highlight=False,
            )


def _pseudonym_key() -> bytes:
    from pipelines.devkey import ENV, ensure_dev_key

    ensure_dev_key()
    return os.environ[ENV].encode()


def _latest_snapshot(store: Any, dataset: str) -> str | None:
    """The export snapshot hash the latest release's labels came from, if any."""
    from releases.refs import DatasetRef

    versions = store.versions(dataset)
    if not versions:
        return None
    annotation = store.manifest(DatasetRef(dataset, versions[-1])).get("annotation") or {}
    return annotation.get("export_snapshot_sha256")


@app.command()
def pull(
    dataset: DatasetArg,
    publish: Annotated[
        bool, typer.Option(help="Publish the MINOR release when the pull brings new labels.")
    ] = True,
    shared: SharedOpt = False,
) -> None:
    """Pull every annotator's labels, merge them, measure agreement, release when it holds."""
    configure_environment()
    spec, ann = _spec(dataset)
    client, team = _connect(ann, shared)
    outcome = pull_and_release(spec, ann, client, team, publish)
    if outcome is not None:
        raise typer.Exit(outcome)


def _changed_since_sent(spec: Any, ann: Any, export: list[dict[str, Any]]) -> list[str]:
    """Annotated records whose text in the ready partitions differs from their task's."""
    import polars as pl

    from annotation.stale import changed_records
    from pipelines.annotation_assets import authorized_source, source_table
    from pipelines.release_stage import ready_partitions

    if ann.text_column is None:
        return []
    dataset_dir = work_dir() / spec.id
    frames = []
    for part in ready_partitions(dataset_dir):
        passed, _, stage_dir = authorized_source(ann, dataset_dir / part)
        if passed:
            columns = [ann.key_column, ann.text_column]
            frames.append(pl.read_parquet(source_table(spec, ann, stage_dir), columns=columns))
    if not frames:
        return []
    return changed_records(export, pl.concat(frames), ann)


def pull_summary(pulled: Any, ann: Any) -> str:
    """Annotations and adjudications apart, records with a gold label among those annotated."""
    from annotation.gold import ADJUDICATOR

    report, labels = pulled.report, pulled.labels
    decided = labels.filter(labels["annotator"] == ADJUDICATOR).height if labels.height else 0
    records = labels.get_column("record_key").n_unique() if labels.height else 0
    figure = "n/a" if report.overall is None else f"{report.overall:.3f}"
    adjudications = f" and {decided} adjudication(s)" if decided else ""
    return (
        f"{labels.height - decided} annotations by {report.annotators} annotator(s){adjudications} "
        f"on {records} records, {report.gold.height} with a gold label; {report.method} {figure} "
        f"(threshold {ann.agreement_threshold}); {len(report.flagged())} flagged for adjudication"
    )


def pull_and_release(spec: Any, ann: Any, client: Any, team: Any, publish: bool) -> int | None:
    """Pull, report agreement, and publish a release with the new labels if allowed."""
    from annotation.loop import ProjectMissing, pull_labels
    from annotation.merge import LowAgreement, agreement_gate
    from pipelines.release_stage import build_release
    from releases.store import ReleaseStore

    try:
        pulled = pull_labels(
            ann, spec.id, client, work_dir() / spec.id / "annotation", _pseudonym_key(), team,
            stale=lambda export: _changed_since_sent(spec, ann, export),
        )  # fmt: skip
    except ProjectMissing as exc:
        _fail(str(exc))
    console.print(f"[bold]{spec.id}[/]: {pull_summary(pulled, ann)}")
    changed = pulled.left_out
    if changed:
        shown = ", ".join(changed[:3]) + (" …" if len(changed) > 3 else "")
        console.print(
            f"  [bold yellow]warning:[/] {len(changed)} labeled record(s) read otherwise in the "
            f"data now ({shown}): their labels mark characters of the text they were annotated "
            "on, so they are left out of agreement and the release (kept in the stored export); "
            "have them annotated again",
            highlight=False,
        )
    allowed, why = agreement_gate(pulled.release)
    console.print(f"  release gate: {why}")
    if not publish:
        return None
    store = ReleaseStore(release_store_dir())
    if pulled.labels.height == 0 or _latest_snapshot(store, spec.id) == pulled.snapshot.sha256:
        console.print("  no new labels since the latest release: nothing published")
        return None
    if not allowed:
        err.print(f"[bold red]release blocked:[/] {why}")
        return 1
    try:
        result = build_release(spec, work_dir() / spec.id, store, run_id=None)
    except LowAgreement as exc:
        err.print(f"[bold red]release blocked:[/] {exc}")
        return 1
    console.print(f"  [green]published[/] {spec.id}@{result.version} ({result.change.kind})")
    return None


@app.command()
def status(
    dataset: Annotated[str | None, typer.Argument(help="One dataset (default: all).")] = None,
    shared: SharedOpt = False,
) -> None:
    """Tasks, annotations per annotator and agreement so far, per annotated dataset."""
    from annotation.agreement import measure
    from annotation.config import annotation_of
    from annotation.loop import ProjectMissing, collect
    from pipelines.spec_loading import usable_specs

    configure_environment()
    specs = [s for s in usable_specs().specs if annotation_of(s) is not None]
    specs = [s for s in specs if dataset in (None, s.id)]
    rows: list[tuple[str, ...]] = []
    for spec in specs:
        ann = annotation_of(spec)
        client, team = _connect(ann, shared)
        try:
            _, labels, projects = collect(ann, spec.id, client, team)
        except ProjectMissing:
            rows.append((spec.id, "not pushed", "-", "-", "-"))
            continue
        tasks = len(_task_keys(client, team, projects))
        done = labels.filter(~labels["was_cancelled"]).group_by("annotator").len().sort("annotator")
        per = ", ".join(f"{a.split('@')[0]} {n}" for a, n in done.iter_rows()) or "none yet"
        report = measure(labels, ann)
        figure = "n/a" if report.overall is None else f"{report.method} {report.overall:.2f}"
        rows.append((spec.id, str(tasks), per, figure, str(len(report.flagged()))))
    console.print(status_table(rows))


def status_table(rows: list[tuple[str, ...]]) -> Table:
    """The status rows; on a narrow terminal the names wrap, the figures are never cut."""
    table = Table(title="annotation status")
    table.add_column("dataset", overflow="fold")
    table.add_column("tasks", no_wrap=True)
    table.add_column("annotations per annotator", overflow="fold", ratio=1)
    table.add_column("agreement", no_wrap=True, min_width=12)
    table.add_column("flagged", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def _task_keys(client: Any, team: Any, projects: dict[str, int]) -> set[str]:
    """Distinct record keys over every annotator's copy of the project."""
    if team is None:
        return set(client.existing_keys(projects["shared"]))
    keys: set[str] = set()
    for member in team:
        if member.name in projects:
            keys |= set(client.as_user(member.token).existing_keys(projects[member.name]))
    return keys


@app.command()
def adjudicate(dataset: DatasetArg) -> None:
    """Send the flagged records to the admin with every annotator's work shown side by side."""
    from annotation.loop import ProjectMissing, push_adjudication

    configure_environment()
    spec, ann = _spec(dataset)
    client, team = _connect(ann, shared=False)
    if team is None:
        _fail("adjudication projects are for blind overlap; in a shared project mark ground truth")
    try:
        outcome = push_adjudication(ann, spec.id, client, team)
    except ProjectMissing as exc:
        _fail(str(exc))
    result = outcome.result
    console.print(
        f"[bold]{outcome.title}[/]: {outcome.sampled} flagged records, {result.created} new "
        f"(project {result.project_id}); submit one annotation each, then `bohai annotate pull`"
    )
