"""Builds each dataset's assets, in-step checks and jobs from its spec: no per-dataset code."""

import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from pipelines import check_names as cn
from pipelines.check_metadata import check_description, check_numbers
from pipelines.lineage import emit_stage_event
from pipelines.release_config import ReleaseOverrideConfig
from pipelines.release_stage import build_release
from pipelines.resources import PseudonymKey, ReleaseStoreResource, Workspace
from pipelines.stages import run_parse, run_raw, run_scrub, run_validate
from pipelines.version import code_version
from releases.layout import QUALITY_REPORT
from releases.verify import verify_release
from schemas.registry import get_schema
from schemas.spec import DatasetSpec

UNPARTITIONED = "all"
CHECKS_BY_STAGE: dict[str, tuple[str, ...]] = {
    "parsed": (cn.HAS_DATA, cn.INGEST_LEDGER_RECONCILES, cn.CONTRACT_HOLDS),
    "validated": (
        cn.QUALITY_ROWS_RECONCILE,
        cn.ERROR_EXPECTATIONS_PASS,
        cn.WARN_EXPECTATIONS_PASS,
        cn.QUARANTINE_SHARE_WITHIN_LIMIT,
    ),
    "scrubbed": (
        cn.NO_RAW_IDENTIFIERS_REMAIN,
        cn.CONDITIONAL_DROPS_APPLIED,
        cn.PRIVACY_ROWS_RECONCILE,
        cn.K_ANONYMITY_HOLDS,
        cn.LEAK_AUDIT_PASSES,
        cn.NO_REPLACEMENT_CHARACTERS,
    ),
}
NON_BLOCKING = {cn.WARN_EXPECTATIONS_PASS, cn.QUARANTINE_SHARE_WITHIN_LIMIT}
DESCRIPTIONS = {
    "raw": "Raw input of one partition kept byte-for-byte, with sha256, license and provenance.",
    "parsed": "Raw files decoded into the table contracts; unreadable input quarantined.",
    "validated": "Rows passing the row rules and expectations; the rest quarantined with reasons.",
    "scrubbed": "Column privacy policies applied; only this stage's output may be released.",
    "release": "Immutable, versioned Parquet release with manifest and per-file sha256.",
}


def asset_description(spec: DatasetSpec, stage: str) -> str:
    """What a stage asset of this dataset holds: the stage's role, then the spec's own words."""
    source = f"Source: {spec.source.format} from `{spec.source.uri}` ({spec.source.license})."
    tables = ", ".join(f"{n} ({t.table_schema})" for n, t in spec.tables.items())
    return f"{DESCRIPTIONS[stage]}\n\n**{spec.title.en}** — {spec.description.en}\n\n" + (
        f"{source} Tables: {tables}."
    )


def partitions_def(spec: DatasetSpec) -> dg.PartitionsDefinition | None:
    """Daily partitions for daily datasets, none otherwise."""
    part = spec.partitioning
    if part.kind != "daily":
        return None
    end = (part.end + timedelta(days=1)).isoformat() if part.end else None
    return dg.DailyPartitionsDefinition(start_date=part.start.isoformat(), end_date=end)


def asset_key(spec: DatasetSpec, stage: str) -> dg.AssetKey:
    """Asset key `[sector, name, stage]`."""
    return dg.AssetKey([spec.sector, spec.name, stage])


def _column_schema(spec: DatasetSpec, table: str, path: Path) -> dg.TableSchema:
    contract = get_schema(spec.tables[table].table_schema)
    cols = []
    for name, dtype in pl.scan_parquet(path).collect_schema().items():
        desc = contract.column(name).description if name in contract.names else ""
        cols.append(dg.TableColumn(name, str(dtype), description=desc))
    return dg.TableSchema(columns=cols)


def _schemas(spec: DatasetSpec, folder: Path, pattern: str = "{}.parquet") -> dict[str, Any]:
    """Column schema metadata: Dagster's standard key for one table, one entry per table else."""
    paths = {t: folder / pattern.format(t) for t in spec.tables}
    if len(paths) == 1:
        ((table, path),) = paths.items()
        return {"dagster/column_schema": _column_schema(spec, table, path)}
    return {f"schema/{t}": _column_schema(spec, t, p) for t, p in paths.items()}


def _link(location: str) -> dg.MetadataValue:
    """A clickable link: a URL for a remote release store, a path for a local one."""
    if "://" in location and not location.startswith("file://"):
        return dg.MetadataValue.url(location)
    return dg.MetadataValue.path(location)


def _check_results(
    spec: DatasetSpec, stage: str, report: dict[str, Any]
) -> list[dg.AssetCheckResult]:
    out = []
    for name in CHECKS_BY_STAGE[stage]:
        check = report["checks"][name]
        severity = (
            dg.AssetCheckSeverity.WARN if name in NON_BLOCKING else dg.AssetCheckSeverity.ERROR
        )
        out.append(
            dg.AssetCheckResult(
                asset_key=asset_key(spec, stage),
                check_name=name,
                passed=check["passed"],
                severity=severity,
                description=check["detail"],
                metadata={"detail": check["detail"]}
                | dict(check_numbers(name, report))
                | {k: dg.MetadataValue.json(v) for k, v in check["metadata"].items()},
            )
        )
    return out


def _specs(spec: DatasetSpec, stage: str) -> list[dg.AssetCheckSpec]:
    # A partitioned check records each evaluation under its partition (the UI lists and plots
    # them per day). Preview in Dagster 1.13; dagster is pinned exactly in pyproject.toml.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        return [
            dg.AssetCheckSpec(
                name,
                asset=asset_key(spec, stage),
                blocking=name not in NON_BLOCKING,
                description=check_description(spec, name),
                partitions_def=partitions_def(spec),
            )
            for name in CHECKS_BY_STAGE[stage]
        ]


def build_dataset_assets(spec: DatasetSpec) -> list[dg.AssetsDefinition]:
    """The five stage assets of one dataset: raw, parsed, validated, scrubbed, release."""
    parts = partitions_def(spec)
    common: dict[str, Any] = {
        "partitions_def": parts,
        "group_name": spec.sector,
        "owners": [],
        "kinds": {"polars", "parquet"},
        "tags": {"sector": spec.sector, "grade": spec.release.grade},
        "code_version": code_version(),
    }

    def partition_dir(context: dg.AssetExecutionContext, workspace: Workspace) -> tuple[Path, str]:
        key = context.partition_key if parts is not None else UNPARTITIONED
        return Path(workspace.root) / spec.id / key, key

    @dg.asset(key=asset_key(spec, "raw"), description=asset_description(spec, "raw"), **common)
    def raw(context: dg.AssetExecutionContext, workspace: Workspace) -> dg.MaterializeResult:
        pdir, key = partition_dir(context, workspace)
        report = run_raw(spec, pdir, key)
        emit_stage_event(spec, "raw", pdir, key, context.run_id)
        return dg.MaterializeResult(
            metadata={
                "files": dg.MetadataValue.json(report["files"]),
                "bytes": report["bytes"],
                "license": report["license"],
            }
        )

    @dg.asset(
        key=asset_key(spec, "parsed"),
        deps=[raw],
        description=asset_description(spec, "parsed"),
        check_specs=_specs(spec, "parsed"),
        **common,
    )
    def parsed(context: dg.AssetExecutionContext, workspace: Workspace) -> dg.MaterializeResult:
        pdir, key = partition_dir(context, workspace)
        report = run_parse(spec, pdir, key)
        emit_stage_event(spec, "parsed", pdir, key, context.run_id)
        schemas = {}
        if report["checks"][cn.CONTRACT_HOLDS]["passed"]:
            paths = {t: pdir / info["path"] for t, info in report["tables"].items()}
            schemas = {
                ("dagster/column_schema" if len(paths) == 1 else f"schema/{t}"): _column_schema(
                    spec, t, p
                )
                for t, p in paths.items()
            }
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": report["rows_out"],
                **schemas,
                "input_units": report["input_units"],
                "quarantined": report["rows_quarantined"],
                "ledger": dg.MetadataValue.json(report["ledger"]),
                "quarantined_by_reason": dg.MetadataValue.json(report["quarantined_by_reason"]),
            },
            check_results=_check_results(spec, "parsed", report),
        )

    @dg.asset(
        key=asset_key(spec, "validated"),
        deps=[parsed],
        description=asset_description(spec, "validated"),
        check_specs=_specs(spec, "validated"),
        **common,
    )
    def validated(context: dg.AssetExecutionContext, workspace: Workspace) -> dg.MaterializeResult:
        pdir, key = partition_dir(context, workspace)
        report = run_validate(spec, pdir)
        emit_stage_event(spec, "validated", pdir, key, context.run_id)
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": report["rows_out"],
                "quarantined": report["rows_quarantined"],
                "quarantined_by_reason": dg.MetadataValue.json(report["quarantined_by_reason"]),
                "flagged_by_rule": dg.MetadataValue.json(report["flagged_by_rule"]),
                "quarantine_share": float(report["quarantine_share"]),
                "expectations": dg.MetadataValue.json(report["expectations"]),
            },
            check_results=_check_results(spec, "validated", report),
        )

    @dg.asset(
        key=asset_key(spec, "scrubbed"),
        deps=[validated],
        description=asset_description(spec, "scrubbed"),
        check_specs=_specs(spec, "scrubbed"),
        **common,
    )
    def scrubbed(
        context: dg.AssetExecutionContext, workspace: Workspace, pseudonym_key: PseudonymKey
    ) -> dg.MaterializeResult:
        pdir, key = partition_dir(context, workspace)
        report = run_scrub(spec, pdir, pseudonym_key.key_bytes())
        emit_stage_event(spec, "scrubbed", pdir, key, context.run_id)
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": report["rows_out"],
                **_schemas(spec, pdir / "scrubbed"),
                "tables": dg.MetadataValue.json(report["tables"]),
            },
            check_results=_check_results(spec, "scrubbed", report),
        )

    @dg.asset(
        key=asset_key(spec, "release"),
        deps=[scrubbed],
        description=asset_description(spec, "release"),
        group_name=spec.sector,
        kinds={"parquet"},
        tags=common["tags"],
        code_version=common["code_version"],
        check_specs=[
            dg.AssetCheckSpec(
                cn.RELEASE_VERIFIES,
                asset=asset_key(spec, "release"),
                blocking=True,
                description=check_description(spec, cn.RELEASE_VERIFIES),
            )
        ],
    )
    def release(
        context: dg.AssetExecutionContext,
        config: ReleaseOverrideConfig,
        workspace: Workspace,
        release_store: ReleaseStoreResource,
    ) -> dg.MaterializeResult:
        result = build_release(
            spec,
            Path(workspace.root) / spec.id,
            release_store.store(),
            context.run_id,
            override=config.override(),
        )
        verified = verify_release(result.path)
        context.log.info(
            f"{spec.id}@{result.version} {'published' if result.created else 'unchanged'} "
            f"at {result.path}"
        )
        tables = result.manifest.get("tables", {})
        schemas = {
            ("dagster/column_schema" if len(tables) == 1 else f"schema/{t}"): dg.TableSchema(
                columns=[
                    dg.TableColumn(c["name"], c["type"], description=c.get("description") or "")
                    for c in info["schema"]
                ]
            )
            for t, info in tables.items()
        }
        return dg.MaterializeResult(
            metadata={
                "version": result.version,
                "release_id": result.release_id,
                "path": dg.MetadataValue.path(str(result.path)),
                "quality_report": _link(f"{result.path}/{QUALITY_REPORT}"),
                "created": result.created,
                "change": result.change.kind if result.change else "",
                "dagster/row_count": result.manifest.get("rows", 0),
                **schemas,
                "code_version": str(result.manifest.get("code_version", "")),
                "signed_by": str(result.manifest.get("signing_key_id", "")),
                "pull": f"bohai pull {spec.id}@{result.version} --to DIR",
            },
            data_version=dg.DataVersion(result.release_id),
            check_results=[
                dg.AssetCheckResult(
                    check_name=cn.RELEASE_VERIFIES,
                    passed=verified.ok,
                    description="; ".join(verified.problems)
                    or f"{verified.files_checked} files match their sha256",
                    metadata={
                        "files_checked": verified.files_checked,
                        "problems": len(verified.problems),
                    },
                )
            ],
        )

    return [raw, parsed, validated, scrubbed, release]


def ingest_job_name(spec: DatasetSpec) -> str:
    """Name of the partitioned job that runs raw -> scrubbed."""
    return f"{spec.sector}__{spec.name}__ingest"


def release_job_name(spec: DatasetSpec) -> str:
    """Name of the job that publishes a release."""
    return f"{spec.sector}__{spec.name}__publish"


def build_dataset_jobs(spec: DatasetSpec) -> list[Any]:
    """Ingest job (partitioned stages with their checks) and release job."""
    stages = [asset_key(spec, s) for s in ("raw", "parsed", "validated", "scrubbed")]
    return [
        dg.define_asset_job(
            ingest_job_name(spec),
            selection=dg.AssetSelection.assets(*stages),
            partitions_def=partitions_def(spec),
            description=f"Ingest, check and scrub {spec.id} for one partition.",
        ),
        dg.define_asset_job(
            release_job_name(spec),
            selection=dg.AssetSelection.assets(asset_key(spec, "release")),
            description=f"Publish a versioned release of {spec.id}.",
        ),
    ]
