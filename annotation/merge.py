"""Labels ready for the dataset's next (minor) release, with where they came from."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from annotation.agreement import AgreementReport
from annotation.config import AnnotationSpec
from annotation.export import Snapshot
from privacy.deid.pseudonym import pseudonym

LABELS_TABLE = "annotation_labels"
GOLD_TABLE = "annotation_gold"
DESCRIPTIONS = {
    "record_key": "Stable key of the annotated record in the dataset",
    "annotator": "Annotator pseudonym (never the account name)",
    "labels": "Chosen labels, or the distinct labels of the spans",
    "spans": "Labeled spans: character offsets for text, time values for series",
    "lead_time_s": "Seconds the annotator spent on the task",
    "was_cancelled": "The annotator skipped the task",
    "ground_truth": "Marked as the adjudicated annotation",
    "source": "How the gold label was reached: adjudicated, majority, single or tie",
    "needs_adjudication": "Annotators tied: a person must settle the disputed labels or spans",
    "disputed_labels": "Labels exactly half of the annotators chose (ties)",
    "disputed_spans": "Spans exactly half of the annotators marked (ties)",
    "boundary_gap_h": "Largest onset/offset difference of overlapping segments, in hours",
    "score": "Mean pairwise agreement of the annotators on this record",
    "flagged": "Low agreement, a tie or boundaries apart beyond tolerance: to adjudicate",
}


@dataclass(frozen=True, slots=True)
class LabelsRelease:
    """Files to add to a release (release path -> local file), their schemas, manifest fields."""

    files: dict[str, Path]
    schemas: dict[str, list[dict[str, Any]]]
    manifest_fields: dict[str, Any]


def schema_entries(path: Path) -> list[dict[str, Any]]:
    """Column entries (name, type, description) of one written table, for the manifest."""
    return [
        {"name": name, "type": str(dtype), "description": DESCRIPTIONS.get(name, "")}
        for name, dtype in pl.read_parquet_schema(path).items()
    ]


def annotator_aliases(emails: list[str], key: bytes | None) -> dict[str, str]:
    """Annotators are people: keyed pseudonyms when a key is given, else stable ordinals."""
    distinct = sorted(set(emails))
    if key is not None:
        return {e: f"annotator_{pseudonym(key, 'annotator', e, 12)}" for e in distinct}
    return {e: f"annotator_{i + 1}" for i, e in enumerate(distinct)}


def label_distribution(gold: pl.DataFrame, spec: AnnotationSpec) -> dict[str, int]:
    """How often each label occurs in the gold labels (records for choices, spans otherwise)."""
    counts: Counter[str] = Counter({label: 0 for label in spec.labels})
    for row in gold.iter_rows(named=True):
        if spec.kind == "classification":
            counts.update(row["labels"])
        else:
            counts.update(s["label"] for s in row["spans"])
    return dict(counts)


def provenance(
    spec: AnnotationSpec,
    project: dict[str, Any],
    labels: pl.DataFrame,
    report: AgreementReport,
    snapshot: Snapshot,
) -> dict[str, Any]:
    """The `annotation` block of a release manifest."""
    active = labels.filter(~pl.col("was_cancelled"))
    agreement = report.as_dict()
    figure = "n/a" if report.overall is None else f"{report.overall:.3f}"
    protocol = (
        f"{spec.kind} labeling in Label Studio under guideline {spec.guideline_version}; "
        f"{spec.sample.strategy} sample of up to {spec.sample.size} records per push, "
        f"{spec.overlap} annotator(s) per task; agreement {agreement['method']} {figure}; "
        "gold label = adjudicated annotation, else the majority of annotators; ties are kept "
        "as disputed and flagged for adjudication"
    )
    return {
        "protocol": protocol,
        "project": project,
        "kind": spec.kind,
        "labels": list(spec.labels),
        "guideline_version": spec.guideline_version,
        "overlap": spec.overlap,
        "sampling": spec.sample.model_dump(),
        "pre_annotations": spec.pre_annotations.model_dump() if spec.pre_annotations else None,
        "annotator_count": active.get_column("annotator").n_unique(),
        "records_annotated": active.get_column("record_key").n_unique(),
        "annotations": active.height,
        "cancelled": labels.height - active.height,
        "agreement": agreement,
        "on_low_agreement": spec.on_low_agreement,
        "label_distribution": label_distribution(report.gold, spec),
        "export_snapshot_sha256": snapshot.sha256,
    }


def release_files(
    spec: AnnotationSpec,
    project: dict[str, Any],
    labels: pl.DataFrame,
    report: AgreementReport,
    snapshot: Snapshot,
    out_dir: Path,
    key: bytes | None = None,
) -> LabelsRelease:
    """Write the per-annotation labels and per-record gold tables for a release."""
    out_dir.mkdir(parents=True, exist_ok=True)
    aliases = annotator_aliases(labels.get_column("annotator").to_list(), key)
    published = labels.with_columns(
        pl.col("annotator").replace_strict(aliases, return_dtype=pl.String)
    ).drop("annotator_id")
    flags = report.tasks.select("record_key", "score", "boundary_gap_h", "flagged", "reason")
    gold = report.gold.join(flags, on="record_key", how="left")
    written = {LABELS_TABLE: published, GOLD_TABLE: gold}
    files, schemas = {}, {}
    for table, frame in written.items():
        path = out_dir / f"{table}.parquet"
        frame.write_parquet(path, compression="zstd")
        files[f"data/{table}/part-0.parquet"] = path
        schemas[table] = schema_entries(path)
    return LabelsRelease(
        files=files,
        schemas=schemas,
        manifest_fields={"annotation": provenance(spec, project, labels, report, snapshot)},
    )


PENDING = "pending_release.json"


class LowAgreement(RuntimeError):
    """Labels may not be released: agreement is below the spec's threshold (and it blocks)."""


def agreement_gate(release: LabelsRelease) -> tuple[bool, str]:
    """(may publish, why): blocked below the threshold unless the spec says warn."""
    annotation = release.manifest_fields.get("annotation", {})
    agreement = annotation.get("agreement", {})
    overall, threshold = agreement.get("overall"), agreement.get("threshold")
    if overall is None or threshold is None:
        return True, "agreement not measured (no task with two annotators yet)"
    figure = f"{agreement.get('method')} {overall:.3f} vs threshold {threshold}"
    if overall >= threshold:
        return True, f"agreement holds: {figure}"
    if annotation.get("on_low_agreement") == "warn":
        return True, f"agreement below threshold, released with a warning: {figure}"
    return False, (
        f"agreement below threshold: {figure}; adjudicate the "
        f"{agreement.get('flagged_for_adjudication')} flagged tasks or set "
        "annotation.on_low_agreement: warn"
    )


def write_pending_release(release: LabelsRelease, folder: Path) -> Path:
    """Record the labels waiting for the dataset's next release (read by the release stage)."""
    path = folder / PENDING
    payload = {
        "files": {rel: src.name for rel, src in release.files.items()},
        "schemas": release.schemas,
        "manifest_fields": release.manifest_fields,
    }
    path.write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    return path


def read_pending_release(folder: Path) -> LabelsRelease | None:
    """The labels recorded by the last pull, if any, with file paths resolved in `folder`."""
    path = folder / PENDING
    if not path.is_file():
        return None
    payload = json.loads(path.read_text(encoding="utf-8"))
    return LabelsRelease(
        files={rel: folder / name for rel, name in payload["files"].items()},
        schemas=payload["schemas"],
        manifest_fields=payload["manifest_fields"],
    )
