"""OpenLineage RunEvents for every stage asset, written with the file transport (no server).

Each stage writes `openlineage.jsonl` into its work folder; the release gathers them, adds its
own event (output version = release id) and ships them as the release's `lineage.jsonl`.
Jobs are Dagster assets (`sector/name/stage`), runs are Dagster run ids, raw inputs are named by
their sha256, intermediate tables are versioned by their file's sha256.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    column_lineage_dataset,
    data_quality_assertions_dataset,
    data_quality_metrics_dataset,
    dataset_version_dataset,
    job_type_job,
    schema_dataset,
)
from openlineage.client.transport.file import FileConfig, FileTransport

from pipelines.file_versions import work_file_sha256
from pipelines.fused import decision_path
from pipelines.stage_report import STAGES, read_report
from schemas.spec import DatasetSpec

JOB_NAMESPACE = "bohai"
SOURCE_NAMESPACE = "bohai-source"
RAW_NAMESPACE = "bohai-raw"
WORK_NAMESPACE = "bohai-work"
RELEASE_NAMESPACE = "bohai-release"
EVENTS_FILE = "openlineage.jsonl"
Field = column_lineage_dataset.Fields
InputField = column_lineage_dataset.InputField
Transformation = column_lineage_dataset.Transformation


def _run_id(run_id: str | None, *salt: str) -> str:
    try:
        return str(uuid.UUID(str(run_id)))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(("bohai", str(run_id), *salt))))


def _job(spec: DatasetSpec, stage: str) -> Job:
    facet = job_type_job.JobTypeJobFacet(
        processingType="BATCH", integration="DAGSTER", jobType="ASSET"
    )
    return Job(namespace=JOB_NAMESPACE, name=f"{spec.id}/{stage}", facets={"jobType": facet})


def _raw_name(sha: str) -> str:
    return f"sha256:{sha}"


def _work_name(spec: DatasetSpec, stage: str, partition: str, table: str) -> str:
    return f"{spec.id}/{stage}/{partition}/{table}"


def _stage_table(pdir: Path, stage: str, table: str, report: dict[str, Any]) -> Path | None:
    if stage == "parsed":
        info = report.get("tables", {}).get(table)
        path = pdir / info["path"] if info else None
    else:
        path = pdir / stage / f"{table}.parquet"
    return path if path is not None and path.is_file() else None


def _decided(pdir: Path, table: str) -> tuple[Path, Path] | None:
    """The fused path's validated table: the parsed file and the rules' decision over it."""
    decision = decision_path(pdir / "validated", table)
    if not decision.is_file():
        return None
    parsed = _stage_table(pdir, "parsed", table, read_report(pdir / "parsed"))
    return (parsed, decision) if parsed is not None else None


def _table_version(pdir: Path, stage: str, table: str, report: dict[str, Any]) -> str | None:
    """A stage table's version: its file's sha256, or in the fused path parsed + decision."""
    path = _stage_table(pdir, stage, table, report)
    if path is not None:
        return work_file_sha256(path)
    pair = _decided(pdir, table) if stage == "validated" else None
    return f"{work_file_sha256(pair[0])}+decision:{work_file_sha256(pair[1])}" if pair else None


def _output_facets(
    pdir: Path, stage: str, table: str, report: dict[str, Any]
) -> dict[str, Any] | None:
    """Schema, metrics and version of a stage's table; a fused validated table has no file."""
    path = _stage_table(pdir, stage, table, report)
    if path is not None:
        return _table_facets(path)
    pair = _decided(pdir, table) if stage == "validated" else None
    if pair is None:
        return None
    schema = pl.scan_parquet(pair[0]).collect_schema()
    rows = int(report["tables"][table]["rows_out"])
    return {
        "schema": _schema([(n, str(t), None) for n, t in schema.items()]),
        "dataQualityMetrics": _metrics(rows, pair[1].stat().st_size, 1, {}),
    } | _version(f"{work_file_sha256(pair[0])}+decision:{work_file_sha256(pair[1])}")


def _version(value: str) -> dict[str, Any]:
    return {"version": dataset_version_dataset.DatasetVersionDatasetFacet(datasetVersion=value)}


def _schema(fields: list[tuple[str, str, str | None]]) -> Any:
    return schema_dataset.SchemaDatasetFacet(
        fields=[
            schema_dataset.SchemaDatasetFacetFields(name=n, type=t, description=d or None)
            for n, t, d in fields
        ]
    )


def _metrics(rows: int, size: int, files: int, columns: dict[str, dict[str, Any]]) -> Any:
    def number(v: Any) -> float | None:
        return v if isinstance(v, int | float) and not isinstance(v, bool) else None

    return data_quality_metrics_dataset.DataQualityMetricsDatasetFacet(
        rowCount=rows,
        bytes=size,
        fileCount=files,
        columnMetrics={
            n: data_quality_metrics_dataset.ColumnMetrics(
                nullCount=s.get("null_count"),
                distinctCount=s.get("distinct_approx"),
                min=number(s.get("min")),
                max=number(s.get("max")),
            )
            for n, s in columns.items()
        },
    )


def parquet_nulls(table: Path) -> tuple[int, dict[str, int]]:
    """Rows and null counts per top-level column from the footer, scanning only without stats."""
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(table).metadata
    nulls: dict[str, int] = {}
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            column = group.column(c)
            stats = column.statistics
            if "." in column.path_in_schema or stats is None or not stats.has_null_count:
                lf = pl.scan_parquet(table)
                counted = lf.select(pl.all().null_count()).collect().row(0, named=True)
                return meta.num_rows, {n: int(v) for n, v in counted.items()}
            nulls[column.path_in_schema] = nulls.get(column.path_in_schema, 0) + stats.null_count
    return meta.num_rows, nulls


def _table_facets(table: Path) -> dict[str, Any]:
    schema = pl.scan_parquet(table).collect_schema()
    rows, nulls = parquet_nulls(table)
    return {
        "schema": _schema([(n, str(t), None) for n, t in schema.items()]),
        "dataQualityMetrics": _metrics(
            rows, table.stat().st_size, 1, {n: {"null_count": nulls.get(n, 0)} for n in schema}
        ),
    } | _version(work_file_sha256(table))


def _step(kind: str, subtype: str, description: str | None = None, masking: bool = False) -> Any:
    return Transformation(type=kind, subtype=subtype, description=description, masking=masking)


def _lineage(sources: list[tuple[str, str]], mapping: dict[str, tuple[str, Any]]) -> Any:
    """Column lineage: each output column comes from (input column, step) of every source."""
    return column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            out: Field(
                inputFields=[
                    InputField(namespace=ns, name=name, field=src, transformations=[step])
                    for ns, name in sources
                ]
            )
            for out, (src, step) in mapping.items()
        }
    )


def _scrub_mapping(columns: list[str], treatments: list[dict]) -> dict[str, tuple[str, Any]]:
    by_output = {t["output_column"]: t for t in treatments if t.get("output_column")}
    mapping = {}
    for col in columns:
        t = by_output.get(col) or {"column": col, "operator": "keep"}
        masked = t["operator"] != "keep"
        mapping[col] = (
            t["column"],
            _step("DIRECT", "TRANSFORMATION" if masked else "IDENTITY", t["operator"], masked),
        )
    return mapping


def _assertions(report: dict[str, Any]) -> Any:
    return data_quality_assertions_dataset.DataQualityAssertionsDatasetFacet(
        assertions=[
            data_quality_assertions_dataset.Assertion(
                assertion=e["expect"],
                success=bool(e["success"]),
                column=e.get("column"),
                severity=e.get("severity"),
            )
            for e in report.get("expectations", [])
        ]
    )


def _stage_io(
    spec: DatasetSpec, stage: str, pdir: Path, partition: str
) -> tuple[list[InputDataset], list[OutputDataset]]:
    report = read_report(pdir / stage)
    if stage == "raw":
        files = report["files"]
        private = spec.file_names_private  # the release names such files by content only
        inputs = [
            InputDataset(
                namespace=SOURCE_NAMESPACE, name=_raw_name(f["sha256"]) if private else f["uri"]
            )
            for f in files
        ]
        outputs = [
            OutputDataset(
                namespace=RAW_NAMESPACE, name=_raw_name(f["sha256"]), facets=_version(f["sha256"])
            )
            for f in files
        ]
        return inputs, outputs
    inputs: list[InputDataset] = []
    outputs: list[OutputDataset] = []
    if stage == "parsed":
        inputs = [
            InputDataset(
                namespace=RAW_NAMESPACE, name=_raw_name(f["sha256"]), facets=_version(f["sha256"])
            )
            for f in report["raw_files"]
        ]
    previous = STAGES[STAGES.index(stage) - 1]
    upstream_report = read_report(pdir / previous) if stage != "parsed" else {}
    for table in spec.tables:
        facets = _output_facets(pdir, stage, table, report)
        if facets is None:  # the stage produced no such table (its checks say why)
            continue
        columns = [f.name for f in facets["schema"].fields]
        if stage != "parsed":
            upstream = (WORK_NAMESPACE, _work_name(spec, previous, partition, table))
            prev_version = _table_version(pdir, previous, table, upstream_report)
            version = _version(prev_version) if prev_version else {}
            inputs.append(InputDataset(namespace=upstream[0], name=upstream[1], facets=version))
            info = report["tables"][table]
            if stage == "validated":
                same = {c: (c, _step("INDIRECT", "FILTER")) for c in columns}
                facets["columnLineage"] = _lineage([upstream], same)
                facets["dataQualityAssertions"] = _assertions(info)
            else:
                mapping = _scrub_mapping(columns, info["treatments"])
                facets["columnLineage"] = _lineage([upstream], mapping)
        name = _work_name(spec, stage, partition, table)
        outputs.append(OutputDataset(namespace=WORK_NAMESPACE, name=name, facets=facets))
    return inputs, outputs


def _write(event: RunEvent, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    FileTransport(FileConfig(log_file_path=str(path), append=True)).emit(event)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def emit_stage_event(
    spec: DatasetSpec, stage: str, partition_dir: Path, partition: str, run_id: str | None
) -> Path:
    """Write the COMPLETE RunEvent of one stage run into `<partition>/<stage>/openlineage.jsonl`."""
    inputs, outputs = _stage_io(spec, stage, partition_dir, partition)
    event = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime=_now(),
        run=Run(runId=_run_id(run_id, spec.id, stage, partition)),
        job=_job(spec, stage),
        inputs=inputs,
        outputs=outputs,
    )
    path = partition_dir / stage / EVENTS_FILE
    _write(event, path)
    return path


def _release_output(
    spec: DatasetSpec, manifest: dict[str, Any], table: str, inputs: list[InputDataset]
) -> OutputDataset:
    info = manifest["tables"][table]
    files = [f for f in manifest["files"] if f["table"] == table]
    sources = [(i.namespace, i.name) for i in inputs if i.name.endswith(f"/{table}")]
    same = {c["name"]: (c["name"], _step("DIRECT", "IDENTITY")) for c in info["schema"]}
    facets = {
        "schema": _schema([(c["name"], c["type"], c.get("description")) for c in info["schema"]]),
        "dataQualityMetrics": _metrics(
            info["rows"], sum(f["bytes"] for f in files), len(files), info.get("statistics", {})
        ),
        "columnLineage": _lineage(sources, same),
    }
    return OutputDataset(
        namespace=RELEASE_NAMESPACE,
        name=f"{spec.id}/{table}",
        facets=facets | _version(manifest["release_id"]),
    )


def release_lineage(
    spec: DatasetSpec,
    dataset_dir: Path,
    partitions: list[str],
    run_id: str | None,
    files: dict[str, Path] | None = None,
) -> Callable[[dict[str, Any]], dict[str, bytes]]:
    """Renderer for the release's `lineage.jsonl`: every stage event plus the release's own.

    `files` (release path -> scrubbed file) lets a scrubbed table's version come from the
    manifest, which hashed the same bytes while copying them.
    """
    released = {Path(source): rel for rel, source in (files or {}).items()}

    def render(manifest: dict[str, Any]) -> dict[str, bytes]:
        chunks: list[bytes] = []
        inputs = []
        copied = {f["path"]: f["sha256"] for f in manifest.get("files", [])}
        for part in partitions:
            for stage in STAGES:
                events = dataset_dir / part / stage / EVENTS_FILE
                if events.is_file():
                    chunks.append(events.read_bytes())
            for table in spec.tables:
                path = dataset_dir / part / "scrubbed" / f"{table}.parquet"
                name = _work_name(spec, "scrubbed", part, table)
                version = copied.get(released.get(path, "")) or work_file_sha256(path)
                inputs.append(
                    InputDataset(namespace=WORK_NAMESPACE, name=name, facets=_version(version))
                )
        event = RunEvent(
            eventType=RunState.COMPLETE,
            eventTime=_now(),
            run=Run(runId=_run_id(run_id, spec.id, "release")),
            job=_job(spec, "release"),
            inputs=inputs,
            outputs=[_release_output(spec, manifest, t, inputs) for t in spec.tables],
        )
        with tempfile.TemporaryDirectory(prefix="bohai-lineage-") as tmp:
            path = Path(tmp) / EVENTS_FILE
            _write(event, path)
            chunks.append(path.read_bytes())
        return {"lineage.jsonl": b"".join(c if c.endswith(b"\n") else c + b"\n" for c in chunks)}

    return render
