"""The tables of a release: `data/<table>/<file>.parquet`, each with its schema and statistics."""

from __future__ import annotations

import re
from typing import Any

from releases.layout import DATA_DIR
from releases.refs import check_member_path

TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def table_of_path(rel: str) -> str:
    """The table a data file belongs to; refuses paths not shaped `data/<table>/<file>.parquet`."""
    check_member_path(rel)
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != DATA_DIR or not parts[2].endswith(".parquet"):
        raise ValueError(f"release file path {rel!r} must be data/<table>/<file>.parquet")
    if not TABLE_NAME.match(parts[1]):
        raise ValueError(f"table name {parts[1]!r} in {rel!r} must be lowercase a-z, 0-9, _")
    return parts[1]


def tables_of(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per-table schema, rows and statistics (older single-schema manifests become one table)."""
    if "tables" in manifest:
        return manifest["tables"]
    name = manifest["dataset"].rpartition("/")[2]
    return {
        name: {
            "schema": manifest.get("schema", []),
            "rows": manifest.get("rows", 0),
            "statistics": manifest.get("statistics", {}),
        }
    }


def table_files(manifest: dict[str, Any], table: str) -> list[dict[str, Any]]:
    """The data file entries of one table, in manifest order."""
    return [f for f in manifest["files"] if f.get("table", _legacy(manifest)) == table]


def _legacy(manifest: dict[str, Any]) -> str:
    return manifest["dataset"].rpartition("/")[2]


def only_table(manifest: dict[str, Any], table: str | None) -> str:
    """The requested table, or the single table when none is named."""
    names = list(tables_of(manifest))
    if table is None:
        if len(names) != 1:
            raise ValueError(f"{manifest['dataset']} has tables {names}: name one")
        return names[0]
    if table not in names:
        raise ValueError(f"{manifest['dataset']} has no table {table!r} (tables: {names})")
    return table


def treatments_of(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Every column treatment of every table, each with its table name."""
    privacy = manifest.get("privacy", {})
    by_table = privacy.get("tables")
    if by_table is None:
        return list(privacy.get("treatments", []))
    return [t | {"table": name} for name, rows in by_table.items() for t in rows]


def expectations_of(manifest: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(partition, table, expectation result) for every evaluated expectation."""
    default = manifest["dataset"].rpartition("/")[2]
    out = []
    for part, q in sorted(manifest.get("quality", {}).items()):
        per_table = q.get("tables") or {default: {"expectations": q.get("expectations", [])}}
        for table, info in per_table.items():
            out.extend((part, table, e) for e in info.get("expectations", []))
    return out
