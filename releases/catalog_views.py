"""SQL views over the catalog tables, and per-dataset data views across versions (local stores)."""

from __future__ import annotations

import re

import duckdb

from releases.store import ReleaseStore

VIEWS: dict[str, str] = {
    # a withdrawn version (releases/withdrawal.py) is never the latest and has no data view rows
    "latest_releases": """SELECT * FROM releases
        WHERE (dataset, version) NOT IN (SELECT dataset, version FROM withdrawals)
        QUALIFY row_number() OVER (
        PARTITION BY dataset ORDER BY major DESC, minor DESC, patch DESC) = 1""",
    "datasets": """SELECT l.dataset, l.sector, l.title_en, l.title_zh, l.grade, l.category,
        l.owner, l.license, l.version AS latest_version, l.rows AS latest_rows,
        (SELECT count(*) FROM releases r WHERE r.dataset = l.dataset) AS versions
        FROM latest_releases l ORDER BY l.dataset""",
    "version_history": """SELECT dataset, version, previous_version, change_kind, change_summary,
        rows, created_at, release_id FROM releases ORDER BY dataset, major, minor, patch""",
    "column_history": """SELECT c.dataset, c.table_name, c.name, c.version, c.type, c.null_share,
        c.distinct_approx, c.grade, c.privacy_category, c.privacy_treatment, r.created_at
        FROM columns c JOIN releases r USING (dataset, version)
        ORDER BY c.dataset, c.table_name, c.name, r.major, r.minor, r.patch""",
    "personal_columns": """SELECT dataset, version, table_name, name, privacy_category,
        privacy_treatment,
        grade FROM columns
        WHERE privacy_category IN ('identifier', 'personal', 'sensitive', 'quasi_identifier')""",
    "quality_summary": """SELECT dataset, version, count(*) AS expectations,
        count(*) FILTER (WHERE success) AS passed,
        count(*) FILTER (WHERE NOT success) AS failed FROM quality_metrics GROUP BY ALL""",
    "lineage": """SELECT dataset, version, job, run_id, input_namespace, input_name,
        input_version, output_namespace, output_name, output_version FROM lineage_edges""",
}
SAFE = re.compile(r"[^a-z0-9_]")


def data_view_name(dataset: str, table: str) -> str:
    """`data_<sector>__<name>__<table>`: every version's rows, with a `_version` column."""
    return "data_" + SAFE.sub("_", f"{dataset}/{table}".replace("/", "__"))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def create_views(con: duckdb.DuckDBPyConnection, store: ReleaseStore) -> None:
    """(Re)create the metadata views, and data views when the store is on the local disk."""
    for name, body in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")
    existing = {
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE view_name LIKE 'data\\_%' ESCAPE '\\'"
        ).fetchall()
    }
    wanted = set()
    if store.local:
        rows = con.execute(
            "SELECT dataset, table_name, version, list(location ORDER BY path) FROM files "
            "WHERE kind = 'data' AND (dataset, version) NOT IN "
            "(SELECT dataset, version FROM withdrawals) "
            "GROUP BY ALL ORDER BY dataset, table_name, version"
        ).fetchall()
        by_table: dict[tuple[str, str], list[str]] = {}
        for dataset, table, version, paths in rows:
            files = ", ".join(_sql_text(p) for p in paths)
            by_table.setdefault((dataset, table), []).append(
                f"SELECT *, {_sql_text(version)} AS _version "
                f"FROM read_parquet([{files}], hive_partitioning = false)"
            )
        for (dataset, table), selects in by_table.items():
            name = data_view_name(dataset, table)
            wanted.add(name)
            con.execute(f"CREATE OR REPLACE VIEW {name} AS " + " UNION ALL BY NAME ".join(selects))
    for stale in existing - wanted:
        con.execute(f"DROP VIEW IF EXISTS {stale}")
