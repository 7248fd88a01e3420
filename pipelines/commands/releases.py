"""Release commands: list, show, diff, verify, pull, catalog, sql and the exchange listing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.home import configure_environment, release_store_dir, state_dir

console = Console()
err = Console(stderr=True)
catalog_app = typer.Typer(help="The DuckDB catalog of every release.", no_args_is_help=True)

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Release store: a folder or an fsspec URI (file://, memory://…)."),
]
VersionArg = Annotated[
    str | None,
    typer.Argument(help="VERSION or latest, when not written after @.", show_default=False),
]
KeyOpt = Annotated[
    Path | None, typer.Option("--key", help="Trusted Ed25519 public key (PEM) to pin the signer.")
]
CatalogOpt = Annotated[
    Path | None, typer.Option("--catalog", help="Catalog file (default: <store>/_catalog/).")
]


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(str(message))}")
    raise typer.Exit(code)


def _store(store: str | None) -> Any:
    from releases.store import ReleaseStore

    configure_environment()
    return ReleaseStore(store or release_store_dir())


def _ref(text: str, version: str | None = None) -> Any:
    """DATASET@VERSION, also typed with a space (`marine/ais latest`, `marine/ais 1.0.0`)."""
    from releases.refs import DatasetRef, RefError

    if version is not None:
        if "@" in text:
            _fail(f"two versions given ({text} and {version}): write DATASET@VERSION once")
        text = f"{text}@{version}"
    try:
        return DatasetRef.parse(text)
    except RefError as exc:
        _fail(str(exc))


def _signing_key(key_file: Path | None) -> Any:
    """The publisher's key: --key-file, else the environment, else this project's dev key."""
    from releases.signing import load_signing_key

    return load_signing_key(key_file, dev_dir=state_dir() / "secrets")


def _trusted(key: Path | None) -> dict[str, bytes] | None:
    if key is None:
        return None
    from releases.signing import SigningKeyError, key_id, load_public_key_file

    try:
        raw = load_public_key_file(key)
    except (SigningKeyError, ValueError, OSError) as exc:
        _fail(f"{key}: {exc}")
    return {key_id(raw): raw}


def releases(
    dataset: Annotated[str, typer.Argument(help="Dataset id.")],
    store: StoreOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print every field of each version.")
    ] = False,
) -> None:
    """List the published versions of a dataset."""
    from pipelines.commands.release_list import version_row, versions_table
    from releases.refs import DatasetRef, RefError

    rs = _store(store)
    try:
        versions = rs.versions(dataset)
    except RefError as exc:
        _fail(str(exc))
    if not versions:
        _fail(f"no release of {dataset} in {rs.location}")
    from releases.withdrawal import withdrawal

    rows = [version_row(v, rs.manifest(DatasetRef(dataset, v))) for v in versions]
    for row in rows:  # a withdrawn version stays listed, marked, with its reason
        notice = withdrawal(rs, dataset, row["version"])
        if notice is not None:
            row["withdrawn"] = {"at": notice.at, "by": notice.by, "reason": notice.reason}
            row["change"]["summary"] = f"WITHDRAWN: {notice.reason} | {row['change']['summary']}"
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    console.print(versions_table(f"{dataset} releases in {rs.location}", rows, console.width))


def show(
    ref: Annotated[str, typer.Argument(help="DATASET@VERSION or DATASET@latest.")],
    version: VersionArg = None,
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the manifest.")] = False,
    verify: Annotated[bool, typer.Option(help="Also verify hashes and signature.")] = False,
) -> None:
    """Show one release: tables, columns, grade, privacy, change and artifacts."""
    from pipelines.source_check import gone
    from releases.layout import MANIFEST
    from releases.store import ReleaseNotFound
    from releases.tables import tables_of

    rs = _store(store)
    try:
        location = rs.locate(_ref(ref, version))
    except ReleaseNotFound as exc:
        _fail(str(exc))
    manifest = json.loads(location.child(MANIFEST).read_text())
    if as_json:
        console.print_json(json.dumps(manifest, ensure_ascii=False, default=str))
        return
    grade = manifest.get("data_grade", {})
    change = manifest.get("change", {})
    console.print(
        f"[bold]{manifest['dataset']}@{manifest['version']}[/] — {manifest['title']['en']} / "
        f"{manifest['title']['zh']}\n  at {location}\n  release id {manifest['release_id']}\n"
        f"  created {manifest['created_at']}, previous {manifest.get('previous_version')}, "
        f"change {change.get('kind', '')}: {change.get('summary', '')}\n"
        f"  grade {grade.get('grade')} ({grade.get('standard')}), {grade.get('category')}; "
        f"license {manifest.get('license')}; signer {manifest.get('signing_key_id')}\n"
        f"  privacy checks passed: {manifest.get('privacy', {}).get('passed')}"
    )
    for held in manifest.get("held_back") or []:
        console.print(f"  [yellow]held back[/] {held}", highlight=False, soft_wrap=True)
    from releases.withdrawal import withdrawal

    notice = withdrawal(rs, manifest["dataset"], manifest["version"])
    if notice is not None:
        console.print(f"  [bold red]WITHDRAWN[/] {notice.sentence()}", highlight=False)
    for warning in gone(manifest.get("sources") or []):  # checked now, not at release time
        console.print(f"  [yellow]warning[/] {warning}", highlight=False, soft_wrap=True)
    for table_name, info in tables_of(manifest).items():
        table = Table(title=f"table {table_name}: {info['rows']:,} rows")
        for col in ("column", "type", "nulls", "grade", "privacy", "treatment", "description"):
            table.add_column(col)
        stats = info.get("statistics", {})
        for c in info["schema"]:
            s = stats.get(c["name"], {})
            table.add_row(  # escaped: '[m³/h]' in a description is a unit, not rich markup
                *(
                    escape(v)
                    for v in (
                        c["name"],
                        c["type"],
                        f"{s.get('null_share', 0):.2%}",
                        str(c.get("grade", "")),
                        str(c.get("privacy_category", "")),
                        str(c.get("privacy_treatment", "")),
                        c.get("description") or "",
                    )
                )
            )
        console.print(table)
    annotation = manifest.get("annotation")
    if annotation:
        console.print(annotation_summary(annotation))
    names = [a["path"] for a in manifest.get("artifacts", [])]
    console.print(f"  files: {len(manifest['files'])} data, artifacts: {', '.join(names)}")
    if verify:
        _print_verify(location.target(), None)


def annotation_summary(annotation: dict[str, Any]) -> str:
    """The labels' provenance and agreement for `bohai show` (or the plan when none were pulled)."""
    if "planned" in annotation:
        plan = annotation["planned"]
        return (
            f"  annotation planned: {plan.get('kind')}, guideline {plan.get('guideline_version')}"
        )
    agreement = annotation.get("agreement", {})
    overall = agreement.get("overall")
    figure = "n/a" if overall is None else f"{overall:.3f}"
    project = annotation.get("project", {})
    return (
        f"  annotation: {annotation.get('kind')} under guideline "
        f"{annotation.get('guideline_version')}, {project.get('mode', 'shared')} overlap "
        f"{annotation.get('overlap')}; {annotation.get('annotations')} annotations by "
        f"{annotation.get('annotator_count')} annotators on {annotation.get('records_annotated')} "
        f"records; agreement {agreement.get('method')} {figure} (threshold "
        f"{agreement.get('threshold')}), {agreement.get('flagged_for_adjudication')} flagged; "
        f"gold {agreement.get('gold_by_source')}; pre-annotations "
        f"{(annotation.get('pre_annotations') or {}).get('model_version', 'none')}; export "
        f"{str(annotation.get('export_snapshot_sha256'))[:12]}"
    )


def diff(
    a: Annotated[str, typer.Argument(help="DATASET@A")],
    b: Annotated[str, typer.Argument(help="DATASET@B")],
    store: StoreOpt = None,
    rows: Annotated[bool, typer.Option(help="Also compare rows (reads both releases).")] = False,
) -> None:
    """Compare two releases: schema, row counts, files and column statistics."""
    from releases.release_diff import compare_releases
    from releases.store import ReleaseNotFound

    rs = _store(store)
    try:
        result = compare_releases(rs, _ref(a), _ref(b), rows=rows)
    except (ReleaseNotFound, ValueError) as exc:
        _fail(str(exc))
    console.print(
        f"[bold]{result['a']} → {result['b']}[/]: {result['change']['kind']} — "
        f"{result['change']['summary']}"
    )
    console.print(
        f"  rows {result['rows']['a']:,} → {result['rows']['b']:,}; files unchanged "
        f"{result['files']['unchanged']}, added {result['files']['added']}, removed "
        f"{result['files']['removed']}"
    )
    for kind in ("removed_columns", "added_columns"):
        if result["change"][kind]:
            console.print(f"  {kind.replace('_', ' ')}: {', '.join(result['change'][kind])}")
    for name, (ta, tb) in result["change"]["retyped_columns"].items():
        console.print(f"  retyped {name}: {ta} → {tb}")
    if result["statistics"]:
        table = Table(title="column statistics that differ")
        for col in ("column", "statistic", "a", "b"):
            table.add_column(col)
        for d in result["statistics"]:
            table.add_row(d["column"], d["statistic"], str(d["a"]), str(d["b"]))
        console.print(table)


def _print_verify(path: Path | str, trusted: dict[str, bytes] | None) -> None:
    from releases.verify import verify_release

    report = verify_release(path, trusted)
    if not report.ok:
        _fail(f"{path} failed verification:\n  " + "\n  ".join(report.problems))
    trust = {
        True: "trusted key",
        None: "key not pinned (not among this machine's store keys; pass --key)",
        False: "UNTRUSTED key",
    }[report.signer_trusted]
    console.print(
        f"[green]ok[/] {path}: {report.files_checked} files match the manifest; "
        f"signed by {report.signer} ({trust})"
    )


def verify(
    path: Annotated[str, typer.Argument(help="A release folder (path or fsspec URI).")],
    key: KeyOpt = None,
) -> None:
    """Check a release folder: sizes, sha256, release id and the manifest signature.

    The signer must be a key pinned with --key or one of this machine's release store: keys kept
    beside the folder being checked prove nothing (whoever edited it could have put them there).
    """
    from releases.signing import trusted_keys

    target: Path | str = path if "://" in path else Path(path)
    pinned = _trusted(key)
    if pinned is None:
        pinned = trusted_keys(_store(None).keys_location())
    _print_verify(target, pinned)


def pull(
    ref: Annotated[str, typer.Argument(help="DATASET@VERSION or DATASET@latest.")],
    to: Annotated[Path, typer.Option("--to", help="Destination folder.")],
    version: VersionArg = None,
    store: StoreOpt = None,
    key: KeyOpt = None,
) -> None:
    """Copy a release to a folder, verifying every file and the signature; refuse on mismatch."""
    from releases.pull import pull as do_pull
    from releases.refs import DatasetRef
    from releases.store import ReleaseNotFound
    from releases.verify import VerificationError
    from releases.withdrawal import ReleaseWithdrawn, withdrawal, withdrawn_copies

    try:
        target, report = do_pull(_store(store), _ref(ref, version), to, _trusted(key))
    except (ReleaseNotFound, ReleaseWithdrawn, VerificationError) as exc:
        _fail(str(exc))
    console.print(
        f"[green]pulled[/] {_ref(ref, version)} -> {target} ({report.files_checked} files "
        f"verified, signed by {report.signer})"
    )
    rs, dataset = _store(store), _ref(ref, version).dataset
    for gone, paths in withdrawn_copies(rs, DatasetRef(dataset, target.name)).items():
        notice = withdrawal(rs, dataset, gone)
        console.print(
            f"[bold yellow]warning:[/] {', '.join(paths)} of {dataset}@{target.name} is byte for "
            f"byte in {notice.sentence() if notice else gone}",
            highlight=False,
        )


@catalog_app.command("rebuild")
def catalog_rebuild(store: StoreOpt = None, catalog: CatalogOpt = None) -> None:
    """Rebuild the catalog from the release manifests alone."""
    from releases.catalog import CatalogError, default_catalog_path, rebuild_catalog

    rs = _store(store)
    try:
        path = catalog or default_catalog_path(rs)
        result = rebuild_catalog(rs, path)
    except CatalogError as exc:
        _fail(str(exc))
    console.print(f"[green]rebuilt[/] {path}: {len(result.added)} releases indexed")


EXPANDED_ROWS = 20  # records shown one by one when the columns do not fit, unless --limit


def _fits(columns: list[str], width: int) -> bool:
    """Whether every column's name fits the terminal side by side (3 characters of rule each)."""
    return sum(len(c) + 3 for c in columns) + 1 <= width


def _records(columns: list[str], rows: list[Any], shown: int) -> None:
    """Each row as its own two-column table (name, value): psql's expanded display."""
    for number, row in enumerate(rows[:shown], start=1):
        record = Table(title=f"row {number}", show_header=False, title_justify="left")
        record.add_column("column", style="bold")
        record.add_column("value", overflow="fold")
        for name, value in zip(columns, row, strict=True):
            record.add_row(name, "" if value is None else str(value))
        console.print(record)


def sql(
    statement: Annotated[str, typer.Argument(help='e.g. "select * from datasets"')],
    store: StoreOpt = None,
    catalog: CatalogOpt = None,
    limit: Annotated[
        int | None,
        typer.Option(help="Rows to print at most (default 200, or 20 shown one by one)."),
    ] = None,
    as_csv: Annotated[
        bool, typer.Option("--csv", help="Every column and row as CSV on stdout, for a file.")
    ] = False,
) -> None:
    """Query the release catalog (tables, views and data_<sector>__<name>__<table> views)."""
    from releases.catalog import CatalogError, query

    try:
        columns, rows = query(_store(store), statement, catalog)
    except CatalogError as exc:
        _fail(str(exc))
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows[:limit] if limit is not None else rows)
        typer.echo(out.getvalue(), nl=False)
        return
    if not _fits(columns, console.width):
        shown = min(len(rows), limit if limit is not None else EXPANDED_ROWS)
        console.print(
            f"{len(rows)} row(s) of {len(columns)} columns, too many for {console.width} "
            f"characters: {shown} shown one record at a time (--limit N for more, --csv for "
            "every row and column, or select fewer columns)",
            highlight=False,
        )
        _records(columns, rows, shown)
        return
    table = Table(title=f"{len(rows)} row(s)")
    for col in columns:
        table.add_column(col)
    for row in rows[: limit if limit is not None else 200]:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)


def listing(
    ref: Annotated[str, typer.Argument(help="DATASET@VERSION or DATASET@latest.")],
    version: VersionArg = None,
    to: Annotated[
        Path | None,
        typer.Option("--to", help="Folder for the package (default: .bohai/listings)."),
    ] = None,
    store: StoreOpt = None,
    key_file: Annotated[Path | None, typer.Option(help="Ed25519 signing key (PEM).")] = None,
) -> None:
    """Build the Dalian data exchange listing package; refuse core, unapproved or unsafe data."""
    from releases.listing import ListingRefused, build_listing
    from releases.signing import SigningKeyError
    from releases.store import ReleaseNotFound
    from releases.verify import VerificationError
    from releases.withdrawal import ReleaseWithdrawn

    rs = _store(store)
    try:
        key = _signing_key(key_file)
        result = build_listing(rs, _ref(ref, version), to or state_dir() / "listings", key)
    except (
        ListingRefused,
        ReleaseNotFound,
        ReleaseWithdrawn,
        VerificationError,
        SigningKeyError,
        FileExistsError,
    ) as exc:
        _fail(str(exc))
    console.print(f"[green]listing package[/] {result.path} ({len(result.files)} files)")


def withdraw(
    ref: Annotated[str, typer.Argument(help="DATASET@VERSION (an exact version).")],
    reason: Annotated[str, typer.Option("--reason", help="Why; shown to everyone who asks.")],
    store: StoreOpt = None,
    key_file: Annotated[Path | None, typer.Option(help="Ed25519 signing key (PEM).")] = None,
    table: Annotated[
        list[str] | None,
        typer.Option(
            "--table",
            help="A table that leaks (repeat; default: all): later releases may carry the "
            "others unchanged.",
        ),
    ] = None,
) -> None:
    """Withdraw a published version (a leak found later): pull, latest and listing skip it."""
    from releases.signing import SigningKeyError
    from releases.store import ReleaseNotFound
    from releases.withdrawal import carried_forward
    from releases.withdrawal import withdraw as do_withdraw

    rs = _store(store)
    try:
        key = _signing_key(key_file)
        notice = do_withdraw(rs, _ref(ref), reason, key, tables=tuple(table or ()))
    except (ReleaseNotFound, SigningKeyError, ValueError) as exc:
        _fail(str(exc))
    console.print(f"[bold red]withdrawn[/] {notice.sentence()}", highlight=False)
    console.print(
        "  the files stay for the record; copies already pulled are not recalled: tell the "
        "teams that pulled it, and publish a fixed version with `bohai run`"
    )
    for version, paths in carried_forward(rs, _ref(ref)).items():
        console.print(
            f"  [bold yellow]warning:[/] {notice.dataset}@{version} still carries "
            f"{', '.join(paths)} unchanged and is served as latest or by version: withdraw it "
            f"too (`bohai withdraw {notice.dataset}@{version} --reason ...`) unless those "
            "files hold nothing of the leak",
            highlight=False,
        )


COMMANDS = (releases, show, diff, verify, pull, sql, listing, withdraw)


def register(app: typer.Typer) -> None:
    """Add every release command (and the `catalog` group) to the main CLI."""
    for command in COMMANDS:
        app.command()(command)
    app.add_typer(catalog_app, name="catalog")
