"""`bohai diff`: two published releases compared by schema, rows, files and column statistics."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pyarrow.dataset as pads

from releases.consume import arrow_dataset
from releases.diff import Change, classify, schema_changes, stat_deltas
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from releases.tables import tables_of


def _qualified_stats(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{table}.{name}": stats
        for table, info in tables_of(manifest).items()
        for name, stats in info.get("statistics", {}).items()
    }


def compare_releases(
    store: ReleaseStore, a: DatasetRef, b: DatasetRef, rows: bool = False
) -> dict[str, Any]:
    """What changed from release a to release b; `rows` adds a row-level comparison."""
    loc_a, loc_b = store.locate(a), store.locate(b)
    ma, mb = store.manifest(a), store.manifest(b)

    def load(table: str) -> tuple[pads.Dataset, pads.Dataset]:
        return arrow_dataset(loc_a, ma, table), arrow_dataset(loc_b, mb, table)

    ta, tb = tables_of(ma), tables_of(mb)
    shas_a = Counter(f["sha256"] for f in ma["files"])
    shas_b = Counter(f["sha256"] for f in mb["files"])
    try:
        change = classify(ma, mb, load if rows else None)
        change_dict = change.as_dict()
    except ValueError:
        published = mb.get("change")
        if mb.get("previous_version") == ma["version"] and isinstance(published, dict):
            # b was classified against a when it was published, rows included: say that
            change_dict = published | {"summary": f"{published['summary']} (at publication)"}
        else:
            change_dict = classify_schema_only(ma, mb)
    return {
        "a": f"{ma['dataset']}@{ma['version']}",
        "b": f"{mb['dataset']}@{mb['version']}",
        "change": change_dict,
        "rows": {"a": ma["rows"], "b": mb["rows"]},
        "tables": {
            t: {"a": ta.get(t, {}).get("rows"), "b": tb.get(t, {}).get("rows")}
            for t in sorted(set(ta) | set(tb))
        },
        "files": {
            "unchanged": sum((shas_a & shas_b).values()),
            "added": sum((shas_b - shas_a).values()),
            "removed": sum((shas_a - shas_b).values()),
        },
        "statistics": stat_deltas(_qualified_stats(ma), _qualified_stats(mb)),
    }


def classify_schema_only(ma: dict[str, Any], mb: dict[str, Any]) -> dict[str, Any]:
    """Without reading rows: schema changes only, and 'rows not compared' as the summary (the
    kind is UNKNOWN, not PATCH, when the schema alone says nothing)."""
    schemas_a = {t: i["schema"] for t, i in tables_of(ma).items()}
    schemas_b = {t: i["schema"] for t, i in tables_of(mb).items()}
    removed, added, retyped = schema_changes(schemas_a, schemas_b)
    kind = "MAJOR" if removed or retyped else "MINOR" if added else "UNKNOWN"
    summary = "data files differ; rows not compared (use --rows)"
    change = Change(kind, summary, "schema", removed, added, retyped, ma["rows"], mb["rows"])
    return change.as_dict()
