"""The two halves of the annotation loop as plain functions: push a sample, pull the labels."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from annotation.agreement import AgreementReport, measure
from annotation.client import LabelStudioClient, PushResult
from annotation.config import AnnotationSpec
from annotation.export import Snapshot, labels_table, store_snapshot
from annotation.guard import Detector, guard_tasks
from annotation.merge import LabelsRelease, release_files, write_pending_release
from annotation.sampling import sample
from annotation.tasks import build_tasks, records


class ProjectMissing(LookupError):
    """The dataset's Label Studio project does not exist yet (push first)."""


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """The project a sample went to, how many records were sampled, and what the push did."""

    title: str
    project_id: int
    sampled: int
    result: PushResult


@dataclass(frozen=True, slots=True)
class PullOutcome:
    """The stored export, the labels table on disk, agreement, and files for the next release."""

    project: dict[str, object]
    snapshot: Snapshot
    labels_path: Path
    labels: pl.DataFrame
    report: AgreementReport
    release: LabelsRelease


def push_sample(
    spec: AnnotationSpec,
    dataset_id: str,
    table: pl.DataFrame,
    client: LabelStudioClient,
    batch_size: int = 100,
    on_batch: Callable[[PushResult], None] | None = None,
    detector: Detector | None = None,
) -> PushOutcome:
    """Sample the table, refuse residual personal data, and push the tasks idempotently."""
    chosen = sample(records(table, spec), spec.sample, spec.key_column)
    tasks = build_tasks(chosen, spec, dataset_id)
    if not spec.allow_raw:  # raw data is sent only under the spec's explicit authorization
        guard_tasks(tasks, detector)
    project_id = client.ensure_project(spec, dataset_id)
    result = client.push(project_id, tasks, batch_size=batch_size, on_batch=on_batch)
    return PushOutcome(spec.project_title(dataset_id), project_id, len(tasks), result)


def pull_labels(
    spec: AnnotationSpec,
    dataset_id: str,
    client: LabelStudioClient,
    out_dir: Path,
    key: bytes | None = None,
) -> PullOutcome:
    """Store the raw export, convert it, measure agreement and prepare the release files."""
    title = spec.project_title(dataset_id)
    project_id = client.find_project(title)
    if project_id is None:
        raise ProjectMissing(f"{dataset_id}: no Label Studio project {title!r} at {client.url}")
    export = client.export(project_id)
    snapshot = store_snapshot(export, out_dir / "snapshots")
    labels = labels_table(export, spec, client.annotators())
    labels_path = out_dir / "labels.parquet"
    labels.write_parquet(labels_path, compression="zstd")
    report = measure(labels, spec)
    report.tasks.write_parquet(out_dir / "task_agreement.parquet")
    (out_dir / "agreement.json").write_text(
        json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    project = {"title": title, "id": project_id, "dataset": dataset_id}
    release = release_files(spec, project, labels, report, snapshot, out_dir / "release", key)
    write_pending_release(release, out_dir / "release")
    return PullOutcome(project, snapshot, labels_path, labels, report, release)
