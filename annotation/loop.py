"""The two halves of the annotation loop as plain functions: push a sample, pull the labels."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from annotation.agreement import AgreementReport, measure
from annotation.client import LabelStudioClient, PushResult
from annotation.config import TITLE_MAX, AnnotationSpec
from annotation.export import Snapshot, author_id, labels_table, store_snapshot
from annotation.gold import ADJUDICATOR
from annotation.guard import Detector, guard_tasks
from annotation.label_configs import KEY_FIELD, SERIES
from annotation.merge import LabelsRelease, release_files, write_pending_release
from annotation.sampling import sample
from annotation.tasks import build_tasks, records, task_key
from annotation.team import Member, assignment

log = logging.getLogger(__name__)

ADJUDICATION_SUFFIX = " adjudication"
RESULT_KEYS = ("id", "from_name", "to_name", "type", "value")


class ProjectMissing(LookupError):
    """The dataset's Label Studio project does not exist yet (push first)."""


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """Where a sample went (one project, or one per annotator), its size, what each push did."""

    title: str
    sampled: int
    results: dict[str, PushResult]  # "shared" or annotator name -> that project's push

    @property
    def project_id(self) -> int:
        """The shared project's id (the first annotator's project in blind mode)."""
        return next(iter(self.results.values())).project_id

    @property
    def result(self) -> PushResult:
        """The pushes summed over every project."""
        total = PushResult(self.project_id)
        for r in self.results.values():
            total.requested += r.requested
            total.created += r.created
            total.already_present += r.already_present
            total.predictions += r.predictions
            total.duplicates |= r.duplicates
            total.changed = sorted({*total.changed, *r.changed})
        return total


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
    team: list[Member] | None = None,
) -> PushOutcome:
    """Sample the table, refuse residual personal data, and push the tasks idempotently.

    With a team, each annotator gets the tasks assigned to them in their own project (in their
    own organization), so nobody sees another's annotations; without one, all share a project.
    """
    chosen = sample(records(table, spec), spec.sample, spec.key_column)
    tasks = build_tasks(chosen, spec, dataset_id)
    if not spec.allow_raw:  # raw data is sent only under the spec's explicit authorization
        guard_tasks(tasks, detector)
    title = spec.project_title(dataset_id)
    if team is None:
        project_id = _ensure(client, spec, dataset_id, spec.overlap)
        result = client.push(project_id, tasks, batch_size=batch_size, on_batch=on_batch)
        return PushOutcome(title, len(tasks), {"shared": result})
    assigned = assignment([task_key(t) for t in tasks], team, spec.overlap)
    results = {}
    for member in team:
        mine = [t for t in tasks if member.name in assigned[task_key(t)]]
        own = client.as_user(member.token)
        project_id = _ensure(own, spec, dataset_id, 1)
        results[member.name] = own.push(project_id, mine, batch_size=batch_size, on_batch=on_batch)
    return PushOutcome(title, len(tasks), results)


def _ensure(client: LabelStudioClient, spec: AnnotationSpec, dataset_id: str, overlap: int) -> int:
    """The project with its config; a time-series task list hides the raw series."""
    project_id = client.ensure_project(spec, dataset_id, overlap)
    if spec.kind == "timeseries":
        client.hide_task_columns(project_id, [SERIES])
    return project_id


def pull_labels(
    spec: AnnotationSpec,
    dataset_id: str,
    client: LabelStudioClient,
    out_dir: Path,
    key: bytes | None = None,
    team: list[Member] | None = None,
) -> PullOutcome:
    """Store the raw export, convert it, measure agreement and prepare the release files."""
    title = spec.project_title(dataset_id)
    export, labels, projects = collect(spec, dataset_id, client, team)
    snapshot = store_snapshot(export, out_dir / "snapshots")
    labels_path = out_dir / "labels.parquet"
    labels.write_parquet(labels_path, compression="zstd")
    report = measure(labels, spec)
    report.tasks.write_parquet(out_dir / "task_agreement.parquet")
    (out_dir / "agreement.json").write_text(
        json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    project = {"title": title, "dataset": dataset_id, "mode": "blind" if team else "shared"}
    project["projects"] = sorted(projects.values())
    release = release_files(spec, project, labels, report, snapshot, out_dir / "release", key)
    write_pending_release(release, out_dir / "release")
    return PullOutcome(project, snapshot, labels_path, labels, report, release)


def collect(
    spec: AnnotationSpec,
    dataset_id: str,
    client: LabelStudioClient,
    team: list[Member] | None = None,
) -> tuple[list[dict[str, Any]], pl.DataFrame, dict[str, int]]:
    """The export(s), merged into one labels table by record key, and the projects read."""
    title = spec.project_title(dataset_id)
    if team is None:
        project_id = client.find_project(title)
        if project_id is None:
            raise ProjectMissing(f"{dataset_id}: no Label Studio project {title!r} at {client.url}")
        export = client.export(project_id)
        return export, labels_table(export, spec, client.annotators()), {"shared": project_id}
    exports: list[dict[str, Any]] = []
    tables = []
    projects = {}
    for member in team:
        own = client.as_user(member.token)
        project_id = own.find_project(title)
        if project_id is None:
            continue  # nothing assigned to this annotator yet
        export = _only(own.export(project_id), lambda user, m=member: user == m.user_id, title)
        exports.extend(export)
        tables.append(labels_table(export, spec, {member.user_id: member.email}))
        projects[member.name] = project_id
    if not projects:
        raise ProjectMissing(f"{dataset_id}: no annotator has a project {title!r} at {client.url}")
    adjudication = client.find_project(adjudication_title(spec, dataset_id))
    if adjudication is not None:  # the admin's decisions on flagged records are ground truth
        annotators = {m.user_id for m in team}  # the adjudicator's project holds no one else's
        export = _only(client.export(adjudication), lambda user: user not in annotators, title)
        exports.extend(export)
        decided = labels_table(export, spec).with_columns(
            annotator=pl.lit(ADJUDICATOR), ground_truth=pl.lit(True)
        )
        tables.append(decided)
        projects[ADJUDICATOR] = adjudication
    return exports, pl.concat(tables), projects


def _only(
    export: list[dict[str, Any]], allowed: Callable[[int | None], bool], title: str
) -> list[dict[str, Any]]:
    """The export with only the annotations its project's owner may make: Label Studio lets a
    user post to a task of another organisation's project, and blind annotation must not count
    that (it would join the labels as a third annotator and move the agreement)."""
    out, stray = [], 0
    for task in export:
        kept = [a for a in task.get("annotations") or [] if allowed(author_id(a))]
        stray += len(task.get("annotations") or []) - len(kept)
        out.append(task | {"annotations": kept})
    if stray:
        log.warning("%d annotation(s) by someone else left out of project %r", stray, title)
    return out


def adjudication_title(spec: AnnotationSpec, dataset_id: str) -> str:
    """The admin's project of flagged records (blind mode), beside the annotators' copies."""
    title = spec.project_title(dataset_id)
    return f"{title[: TITLE_MAX - len(ADJUDICATION_SUFFIX)]}{ADJUDICATION_SUFFIX}"


def push_adjudication(
    spec: AnnotationSpec, dataset_id: str, client: LabelStudioClient, team: list[Member]
) -> PushOutcome:
    """Send the flagged records to the admin, each annotator's work shown as a prediction.

    The annotators never see each other's work; the adjudicator sees all of it, named
    "annotator 1", "annotator 2" ..., and their submitted annotation becomes the gold label.
    """
    export, labels, projects = collect(spec, dataset_id, client, team)
    flagged = set(measure(labels, spec).flagged())
    earlier = projects.get(ADJUDICATOR)
    aliases = {m.user_id: f"annotator {i + 1}" for i, m in enumerate(team)}
    tasks: dict[str, dict[str, Any]] = {}
    for item in export:
        key = str(item["data"][KEY_FIELD])
        if key not in flagged or (earlier is not None and item.get("project") == earlier):
            continue
        task = tasks.setdefault(key, {"data": item["data"], "predictions": []})
        for ann in item.get("annotations") or []:
            if ann.get("was_cancelled"):
                continue
            who = ann.get("completed_by")
            who = who["id"] if isinstance(who, dict) else who
            result = [{k: r[k] for k in RESULT_KEYS if k in r} for r in ann.get("result") or []]
            task["predictions"].append(
                {"model_version": aliases.get(who, f"user {who}"), "result": result}
            )
    title = adjudication_title(spec, dataset_id)
    adjudication = spec.model_copy(update={"project": title, "pre_annotations": None})
    project_id = client.ensure_project(adjudication, dataset_id, 1)
    result = client.push(project_id, list(tasks.values()))
    return PushOutcome(title, len(tasks), {ADJUDICATOR: result})
