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

from pipelines.stage_report import STAGES, read_report
from releases.hashing import sha256_file
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


def _stage_table(pdir: Path, stage: str, table: str, report: dict[str, Any]) -> Path:
    if stage == "parsed":
        return pdir / report["tables"][table]["path"]
    return pdir / stage / f"{table}.parquet"


def _version(value: str) -> dict[str, Any]:
    return {"version": dataset_version_dataset.DatasetVersionDatasetFacet(datasetVersion=value)}


def _table_facets(table: Path) -> dict[str, Any]:
    lf = pl.scan_parquet(table)
    schema = lf.collect_schema()
    nulls = lf.select(pl.all().null_count()).collect().row(0, named=True)
    rows = lf.select(pl.len()).collect().item()
    return {
        "schema": schema_dataset.SchemaDatasetFacet(
            fields=[
                schema_dataset.SchemaDatasetFacetFields(name=n, type=str(t))
                for n, t in schema.items()
            ]
        ),
        "dataQualityMetrics": data_quality_metrics_dataset.DataQualityMetricsDatasetFacet(
            rowCount=rows,
            bytes=table.stat().st_size,
            fileCount=1,
            columnMetrics={
                n: data_quality_metrics_dataset.ColumnMetrics(nullCount=int(v))
                for n, v in nulls.items()
            },
        ),
    } | _version(sha256_file(table))


def _identity(inputs: tuple[str, str], columns: list[str], kind: str, sub: str) -> Any:
    ns, name = inputs
    return column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            c: Field(
                inputFields=[
                    InputField(
                        namespace=ns,
                        name=name,
                        field=c,
                        transformations=[Transformation(type=kind, subtype=sub, masking=False)],
                    )
                ]
            )
            for c in columns
        }
    )


def _scrub_lineage(inputs: tuple[str, str], columns: list[str], treatments: list[dict]) -> Any:
    ns, name = inputs
    by_output = {t["output_column"]: t for t in treatments if t.get("output_column")}
    fields = {}
    for col in columns:
        t = by_output.get(col)
        source = t["column"] if t else col
        op = t["operator"] if t else "keep"
        masked = op not in {"keep"}
        steps = [
            Transformation(
                type="DIRECT",
                subtype="IDENTITY" if not masked else "TRANSFORMATION",
                description=op,
                masking=masked,
            )
        ]
        fields[col] = Field(
            inputFields=[InputField(namespace=ns, name=name, field=source, transformations=steps)]
        )
    return column_lineage_dataset.ColumnLineageDatasetFacet(fields=fields)


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
        inputs = [InputDataset(namespace=SOURCE_NAMESPACE, name=f["uri"]) for f in files]
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
        facets = _table_facets(_stage_table(pdir, stage, table, report))
        columns = [f.name for f in facets["schema"].fields]
        if stage != "parsed":
            upstream = (WORK_NAMESPACE, _work_name(spec, previous, partition, table))
            prev_table = _stage_table(pdir, previous, table, upstream_report)
            inputs.append(
                InputDataset(
                    namespace=upstream[0],
                    name=upstream[1],
                    facets=_version(sha256_file(prev_table)),
                )
            )
            info = report["tables"][table]
            if stage == "validated":
                facets["columnLineage"] = _identity(upstream, columns, "INDIRECT", "FILTER")
                facets["dataQualityAssertions"] = _assertions(info)
            else:
                facets["columnLineage"] = _scrub_lineage(upstream, columns, info["treatments"])
        outputs.append(
            OutputDataset(
                namespace=WORK_NAMESPACE,
                facets=facets,
                name=_work_name(spec, stage, partition, table),
            )
        )
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
    stats = info.get("statistics", {})
    files = [f for f in manifest["files"] if f["table"] == table]
    metrics = data_quality_metrics_dataset.DataQualityMetricsDatasetFacet(
        rowCount=info["rows"],
        bytes=sum(f["bytes"] for f in files),
        fileCount=len(files),
        columnMetrics={
            n: data_quality_metrics_dataset.ColumnMetrics(
                nullCount=s.get("null_count"),
                distinctCount=s.get("distinct_approx"),
                min=s.get("min") if isinstance(s.get("min"), int | float) else None,
                max=s.get("max") if isinstance(s.get("max"), int | float) else None,
            )
            for n, s in stats.items()
        },
    )
    mine = [i for i in inputs if i.name.endswith(f"/{table}")]
    lineage = column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            c["name"]: Field(
                inputFields=[
                    InputField(
                        namespace=i.namespace,
                        name=i.name,
                        field=c["name"],
                        transformations=[
                            Transformation(type="DIRECT", subtype="IDENTITY", masking=False)
                        ],
                    )
                    for i in mine
                ]
            )
            for c in info["schema"]
        }
    )
    return OutputDataset(
        namespace=RELEASE_NAMESPACE,
        name=f"{spec.id}/{table}",
        facets={
            "schema": schema_dataset.SchemaDatasetFacet(
                fields=[
                    schema_dataset.SchemaDatasetFacetFields(
                        name=c["name"], type=c["type"], description=c.get("description") or None
                    )
                    for c in info["schema"]
                ]
            ),
            "dataQualityMetrics": metrics,
            "columnLineage": lineage,
        }
        | _version(manifest["release_id"]),
    )


def release_lineage(
    spec: DatasetSpec, dataset_dir: Path, partitions: list[str], run_id: str | None
) -> Callable[[dict[str, Any]], dict[str, bytes]]:
    """Renderer for the release's `lineage.jsonl`: every stage event plus the release's own."""

    def render(manifest: dict[str, Any]) -> dict[str, bytes]:
        chunks: list[bytes] = []
        inputs = []
        for part in partitions:
            for stage in STAGES:
                events = dataset_dir / part / stage / EVENTS_FILE
                if events.is_file():
                    chunks.append(events.read_bytes())
            for table in spec.tables:
                path = dataset_dir / part / "scrubbed" / f"{table}.parquet"
                inputs.append(
                    InputDataset(
                        namespace=WORK_NAMESPACE,
                        name=_work_name(spec, "scrubbed", part, table),
                        facets=_version(sha256_file(path)),
                    )
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
