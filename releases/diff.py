"""What changed between two releases, and which semantic version bump that calls for.

Croissant 1.1 rules: a removed or renamed column, a changed type or changed existing values is
MAJOR; added columns or rows are MINOR; the same data in new packaging or with new metadata is
PATCH; identical data and metadata is no release at all. Rows that differ only in their
lineage (`source_file`, `source_line`: a day's file re-sent in another order or under another
name) are the same rows: that alone is PATCH, not MAJOR.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from releases.refs import parse_version
from releases.tables import tables_of

if TYPE_CHECKING:
    import pyarrow.dataset as pads

ChangeKind = Literal["INITIAL", "NONE", "PATCH", "MINOR", "MAJOR"]
# Where a row came from, which every connector adds (schemas.declared.LINEAGE): not its data.
LINEAGE_COLUMNS = ("source_file", "source_line")


@dataclass(slots=True)
class Change:
    """The classified difference between a previous release and a new one."""

    kind: ChangeKind
    summary: str
    method: str = "none"
    removed_columns: list[str] = field(default_factory=list)
    added_columns: list[str] = field(default_factory=list)
    retyped_columns: dict[str, list[str]] = field(default_factory=dict)
    rows_before: int | None = None
    rows_after: int | None = None
    rows_added: int | None = None
    rows_removed_or_changed: int | None = None
    metadata_changed: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for the manifest."""
        return asdict(self)


def _types(schema: list[dict[str, Any]]) -> dict[str, str]:
    return {c["name"]: c["type"] for c in schema}


def schema_changes(
    old: dict[str, list[dict[str, Any]]], new: dict[str, list[dict[str, Any]]]
) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """Removed, added and retyped `table.column`s (a rename is one removed plus one added).

    A removed table counts as all its columns removed; an added table as all its columns added.
    """
    a = {f"{t}.{n}": ty for t, cols in old.items() for n, ty in _types(cols).items()}
    b = {f"{t}.{n}": ty for t, cols in new.items() for n, ty in _types(cols).items()}
    removed = sorted(set(a) - set(b))
    added = sorted(set(b) - set(a))
    retyped = {n: [a[n], b[n]] for n in sorted(set(a) & set(b)) if a[n] != b[n]}
    return removed, added, retyped


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_changes(old: pads.Dataset, new: pads.Dataset, columns: list[str]) -> tuple[int, int]:
    """Rows of `old` missing from `new` and rows of `new` not in `old`, as multisets on columns."""
    import duckdb  # lazy: a first release has nothing to compare, and ingest runs never do

    cols = ", ".join(_quote(c) for c in columns)
    con = duckdb.connect()
    try:
        con.register("old_rows", old)
        con.register("new_rows", new)
        gone = con.execute(
            f"SELECT count(*) FROM (SELECT {cols} FROM old_rows EXCEPT ALL "
            f"SELECT {cols} FROM new_rows)"
        ).fetchone()
        extra = con.execute(
            f"SELECT count(*) FROM (SELECT {cols} FROM new_rows EXCEPT ALL "
            f"SELECT {cols} FROM old_rows)"
        ).fetchone()
    finally:
        con.close()
    return int(gone[0]) if gone else 0, int(extra[0]) if extra else 0


def _schemas(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {t: info["schema"] for t, info in tables_of(manifest).items()}


def _file_shas(manifest: dict[str, Any]) -> Counter[str]:
    return Counter(f["sha256"] for f in manifest["files"])


DataLoader = Callable[[str], tuple["pads.Dataset", "pads.Dataset"]]


def classify(
    previous: dict[str, Any] | None,
    new: dict[str, Any],
    load_data: DataLoader | None = None,
) -> Change:
    """Classify `new` (a draft manifest) against the previous release's manifest and data.

    `load_data(table)` returns that table's (previous, new) pyarrow datasets; it is only called
    when the file hashes alone cannot tell whether existing rows survived.
    """
    if previous is None:
        return Change("INITIAL", "first release", rows_after=new["rows"])
    base = {"rows_before": previous["rows"], "rows_after": new["rows"]}
    meta_changed = previous.get("metadata_fingerprint") != new.get("metadata_fingerprint")
    if previous["release_id"] == new["release_id"]:
        if not meta_changed:
            return Change("NONE", "same data and metadata as the previous release", **base)
        return Change(
            "PATCH",
            "same data files; metadata changed",
            "identical",
            metadata_changed=True,
            **base,
        )
    old_schemas, new_schemas = _schemas(previous), _schemas(new)
    removed, added, retyped = schema_changes(old_schemas, new_schemas)
    cols = {"removed_columns": removed, "added_columns": added, "retyped_columns": retyped}
    if removed or retyped:
        what = []
        if removed:
            what.append(f"removed/renamed columns {removed}")
        if retyped:
            what.append(
                "changed types " + ", ".join(f"{n} {a}->{b}" for n, (a, b) in retyped.items())
            )
        return Change(
            "MAJOR", "; ".join(what), "schema", metadata_changed=meta_changed, **cols, **base
        )
    old_shas, new_shas = _file_shas(previous), _file_shas(new)
    if not added and not (old_shas - new_shas):
        extra_rows = new["rows"] - previous["rows"]
        if new_shas == old_shas:
            return Change(
                "PATCH",
                "same data files under new paths (repackaged)",
                "file-hashes",
                rows_added=0,
                rows_removed_or_changed=0,
                metadata_changed=meta_changed,
                **cols,
                **base,
            )
        return Change(
            "MINOR",
            f"{extra_rows} rows added in new files; existing files unchanged",
            "file-hashes",
            rows_added=extra_rows,
            rows_removed_or_changed=0,
            metadata_changed=meta_changed,
            **cols,
            **base,
        )
    if load_data is None:
        raise ValueError("data files changed: both datasets are needed for a row-level diff")
    gone = extra = moved = 0
    for table, schema in old_schemas.items():
        old_data, new_data = load_data(table)
        names = [c["name"] for c in schema]
        g, e = row_changes(old_data, new_data, names)
        data = [n for n in names if n not in LINEAGE_COLUMNS]
        if g and data != names:  # the same rows from other lines of the raw files?
            g_data, e_data = row_changes(old_data, new_data, data)
            moved += g - g_data
            g, e = g_data, e_data
        gone, extra = gone + g, extra + e
    extra += sum(info["rows"] for t, info in tables_of(new).items() if t not in old_schemas)
    rows = {"rows_added": extra, "rows_removed_or_changed": gone}
    lineage = (
        f"; {moved} rows now come from other source lines (a file re-sent in another order)"
        if moved
        else ""
    )
    if gone:
        return Change(
            "MAJOR",
            f"{gone} existing rows changed or removed",
            "row-diff",
            metadata_changed=meta_changed,
            **cols,
            **rows,
            **base,
        )
    if added or extra:
        parts = [f"added columns {added}"] if added else []
        if extra:
            parts.append(f"{extra} rows added")
        return Change(
            "MINOR",
            "; ".join(parts) + "; existing rows unchanged" + lineage,
            "row-diff",
            metadata_changed=meta_changed,
            **cols,
            **rows,
            **base,
        )
    return Change(
        "PATCH",
        "same rows in new packaging" + lineage,
        "row-diff",
        metadata_changed=meta_changed,
        **cols,
        **rows,
        **base,
    )


def next_version(previous: str | None, kind: ChangeKind) -> str:
    """The version a change calls for (INITIAL is 1.0.0)."""
    if previous is None or kind == "INITIAL":
        return "1.0.0"
    major, minor, patch = parse_version(previous)
    if kind == "MAJOR":
        return f"{major + 1}.0.0"
    if kind == "MINOR":
        return f"{major}.{minor + 1}.0"
    if kind == "PATCH":
        return f"{major}.{minor}.{patch + 1}"
    return previous


def stat_deltas(a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Per column and statistic, the value in each release where they differ.

    `a` and `b` map `table.column` (or a bare column) to its statistics.
    """
    out = []
    for name in sorted(set(a) | set(b)):
        sa, sb = a.get(name, {}), b.get(name, {})
        for stat in ("type", "rows", "null_count", "distinct_approx", "min", "max", "mean", "std"):
            va, vb = sa.get(stat), sb.get(stat)
            if va != vb:
                out.append({"column": name, "statistic": stat, "a": va, "b": vb})
    return out
