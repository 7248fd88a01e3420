"""Dagster adapters for the annotation loop: push samples to Label Studio, pull labels back."""

import os
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl

from annotation.client import LabelStudioClient, LabelStudioUnavailable
from annotation.config import AnnotationSpec, annotation_of
from annotation.guard import PushRefused
from annotation.loop import ProjectMissing, pull_labels, push_sample
from annotation.team import Member, load_team
from pipelines.dataset_assets import UNPARTITIONED, asset_key, partitions_def
from pipelines.labelstudio_state import connection, managed_server
from pipelines.resources import PseudonymKey, Workspace
from pipelines.stage_report import read_report
from pipelines.stages import UpstreamBlocked, require_upstream
from quality.gate import drop_lineage
from schemas.spec import DatasetSpec

SENDS_ONLY_AUTHORIZED_DATA = "annotation_sends_only_authorized_data"
AGREEMENT_MEETS_THRESHOLD = "annotation_agreement_meets_threshold"
POLL_SECONDS = 60


class LabelStudioResource(dg.ConfigurableResource):
    """A Label Studio server; the API key is a secret from the environment, never logged."""

    url: str
    api_key: str
    timeout: float = 30.0
    retries: int = 5
    backoff: float = 1.0

    def client(self, retries: int | None = None) -> LabelStudioClient:
        """A retrying client (fewer retries for sensor ticks); unset, the project's own server."""
        url, key = self.url, self.api_key
        if not url or not key:
            conn = connection()  # what `bohai labelstudio start` wrote; raises with advice
            url, key = conn.url, conn.token
        tries = self.retries if retries is None else retries
        return LabelStudioClient(url, key, self.timeout, tries, self.backoff)

    def team(self) -> list[Member] | None:
        """The annotators of the project's server (blind overlap), None for one shared project."""
        return load_team(managed_server().layout.data) or None


def label_studio_resource() -> LabelStudioResource:
    """The resource as configured by LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY.

    Without both variables the resource reads the project's own server state at run time
    (`bohai labelstudio start`), so no exports are needed in the shell that runs `bohai ui`.
    """
    if os.environ.get("LABEL_STUDIO_URL") and os.environ.get("LABEL_STUDIO_API_KEY"):
        return LabelStudioResource(
            url=dg.EnvVar("LABEL_STUDIO_URL"), api_key=dg.EnvVar("LABEL_STUDIO_API_KEY")
        )
    return LabelStudioResource(url="", api_key="")


def project_fingerprint(
    ann: AnnotationSpec, dataset_id: str, client: LabelStudioClient, team: list[Member] | None
) -> str:
    """Changes when any annotator's copy of the project gets, edits or loses an annotation."""
    title = ann.project_title(dataset_id)
    users = [(client, "shared")]
    if team is not None:
        users = [(client.as_user(m.token), m.name) for m in team]
    parts = []
    for user, name in users:
        project_id = user.find_project(title)
        if project_id is not None:
            parts.append(f"{name}={user.fingerprint(project_id)}")
    if not parts:
        raise ProjectMissing(title)
    return "|".join(parts)


def authorized_source(ann: AnnotationSpec, partition_dir: Path) -> tuple[bool, str, Path]:
    """Which table may be sent: scrubbed output that passed its checks, or authorized raw data."""
    stage_dir = partition_dir / ann.source_stage
    if ann.source_stage != "scrubbed":
        reason = (ann.allow_raw_reason or "").strip()
        if not (ann.allow_raw and reason):
            return False, f"{ann.source_stage} data is not authorized by the spec", stage_dir
        return True, f"{ann.source_stage} data authorized: {reason}", stage_dir
    try:
        require_upstream(stage_dir)
    except (FileNotFoundError, UpstreamBlocked) as exc:
        return False, f"scrubbed data not usable: {exc}", stage_dir
    return True, "only scrubbed data that passed its privacy checks is sent", stage_dir


def source_table(spec: DatasetSpec, ann: AnnotationSpec, stage_dir: Path) -> Path:
    """The Parquet file of the annotated table in a stage folder (parsed files keep their names)."""
    name = ann.table or next(iter(spec.tables))
    if stage_dir.name == "parsed":
        report = read_report(stage_dir)
        return stage_dir.parent / report["tables"][name]["path"]
    return stage_dir / f"{name}.parquet"


def build_annotation_assets(spec: DatasetSpec) -> list[Any]:
    """Push asset, labels asset and polling sensor for a spec with an annotation section."""
    ann = annotation_of(spec)
    if ann is None:
        return []
    parts = partitions_def(spec)
    push_key = asset_key(spec, "annotation_tasks")
    labels_key = asset_key(spec, "annotation_labels")
    source_key = asset_key(spec, ann.source_stage)
    title = ann.project_title(spec.id)
    tags = {"sector": spec.sector, "grade": spec.release.grade}

    @dg.asset(
        key=push_key,
        deps=[source_key],
        partitions_def=parts,
        group_name=spec.sector,
        kinds={"labelstudio"},
        tags=tags,
        description=f"A {ann.sample.strategy} sample of {spec.id} sent to Label Studio as tasks.",
        check_specs=[dg.AssetCheckSpec(SENDS_ONLY_AUTHORIZED_DATA, asset=push_key, blocking=True)],
    )
    def annotation_tasks(
        context: dg.AssetExecutionContext, workspace: Workspace, label_studio: LabelStudioResource
    ) -> dg.MaterializeResult:
        part = context.partition_key if parts is not None else UNPARTITIONED
        passed, detail, stage_dir = authorized_source(ann, Path(workspace.root) / spec.id / part)
        check = dg.AssetCheckResult(
            check_name=SENDS_ONLY_AUTHORIZED_DATA, passed=passed, description=detail
        )
        if not passed:
            context.log.error(f"{spec.id}: nothing sent to Label Studio: {detail}")
            return dg.MaterializeResult(metadata={"sent": 0}, check_results=[check])
        table = drop_lineage(pl.scan_parquet(source_table(spec, ann, stage_dir))).collect()
        try:
            outcome = push_sample(
                ann, spec.id, table, label_studio.client(), team=label_studio.team()
            )
        except PushRefused as exc:
            context.log.error(f"{spec.id}: nothing sent to Label Studio: {exc}")
            refused = dg.AssetCheckResult(
                check_name=SENDS_ONLY_AUTHORIZED_DATA, passed=False, description=str(exc)[:2000]
            )
            return dg.MaterializeResult(
                metadata={"sent": 0, "refused_tasks": len({f.record_key for f in exc.findings})},
                check_results=[refused],
            )
        return dg.MaterializeResult(
            metadata={
                "project": outcome.title,
                "projects": dg.MetadataValue.json(
                    {who: r.project_id for who, r in outcome.results.items()}
                ),
                "sampled": outcome.sampled,
                "source_stage": ann.source_stage,
                "push": dg.MetadataValue.json(outcome.result.as_dict() | {"project_id": None}),
            },
            check_results=[check],
        )

    @dg.asset(
        key=labels_key,
        deps=[annotation_tasks],
        group_name=spec.sector,
        kinds={"labelstudio", "parquet"},
        tags=tags,
        description=f"Annotations of {spec.id} pulled from Label Studio, with agreement and gold.",
        check_specs=[dg.AssetCheckSpec(AGREEMENT_MEETS_THRESHOLD, asset=labels_key)],
    )
    def annotation_labels(
        context: dg.AssetExecutionContext,
        workspace: Workspace,
        label_studio: LabelStudioResource,
        pseudonym_key: PseudonymKey,
    ) -> dg.MaterializeResult:
        out = Path(workspace.root) / spec.id / "annotation"
        pulled = pull_labels(
            ann,
            spec.id,
            label_studio.client(),
            out,
            pseudonym_key.key_bytes(),
            team=label_studio.team(),
        )
        agreement = pulled.report.as_dict()
        overall = pulled.report.overall
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": pulled.labels.height,
                "snapshot": dg.MetadataValue.path(str(pulled.snapshot.path)),
                "snapshot_sha256": pulled.snapshot.sha256,
                "labels": dg.MetadataValue.path(str(pulled.labels_path)),
                "agreement": dg.MetadataValue.json(agreement),
                "provenance": dg.MetadataValue.json(pulled.release.manifest_fields["annotation"]),
            },
            check_results=[
                dg.AssetCheckResult(
                    check_name=AGREEMENT_MEETS_THRESHOLD,
                    passed=overall is None or overall >= ann.agreement_threshold,
                    severity=dg.AssetCheckSeverity.WARN,
                    description=f"{agreement['method']} {overall} (threshold "
                    f"{ann.agreement_threshold}); {agreement['flagged_for_adjudication']} "
                    "tasks flagged for adjudication",
                )
            ],
        )

    @dg.sensor(
        name=f"{spec.sector}__{spec.name}__annotations",
        asset_selection=[labels_key],
        minimum_interval_seconds=POLL_SECONDS,
        default_status=dg.DefaultSensorStatus.STOPPED,
        description=f"Pulls {title!r} from Label Studio when its annotations change.",
    )
    def annotations_sensor(
        context: dg.SensorEvaluationContext, label_studio: LabelStudioResource
    ) -> dg.SensorResult | dg.SkipReason:
        try:
            client = label_studio.client(retries=1)
            fingerprint = project_fingerprint(ann, spec.id, client, label_studio.team())
        except ProjectMissing:
            return dg.SkipReason(f"no Label Studio project {title!r} yet")
        except LabelStudioUnavailable as exc:
            return dg.SkipReason(str(exc))
        if all(p.split("=", 1)[1].startswith("0:0:") for p in fingerprint.split("|")) or (
            fingerprint == context.cursor
        ):
            return dg.SkipReason("no new annotations")
        return dg.SensorResult(
            run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint
        )

    return [annotation_tasks, annotation_labels, annotations_sensor]
