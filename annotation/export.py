"""Pulled annotations: the raw export kept immutably, then flattened into a labels table."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from annotation.config import AnnotationSpec
from annotation.label_configs import CONTROL, KEY_FIELD, RESULT_TYPE

VALUE_KEY = {"labels": "labels", "choices": "choices", "timeserieslabels": "timeserieslabels"}


class ExportError(ValueError):
    """An export does not fit the project's spec; the message names task, annotation and field."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One stored export: content-addressed, read-only, never rewritten."""

    path: Path
    sha256: str
    tasks: int
    annotations: int


def canonical_bytes(export: list[dict[str, Any]]) -> bytes:
    """The export as canonical JSON, so equal content always has the same hash."""
    text = json.dumps(export, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def store_snapshot(export: list[dict[str, Any]], folder: Path) -> Snapshot:
    """Write the export once as export-<sha256>.json (mode 0444); an equal export reuses it."""
    data = canonical_bytes(export)
    digest = hashlib.sha256(data).hexdigest()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"export-{digest[:20]}.json"
    annotations = sum(len(t.get("annotations") or []) for t in export)
    if path.exists():
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise ExportError(f"{path}: stored snapshot does not match its name; it was altered")
        return Snapshot(path, digest, len(export), annotations)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o444)
    os.replace(tmp, path)
    return Snapshot(path, digest, len(export), annotations)


def load_snapshot(path: Path) -> list[dict[str, Any]]:
    """Read a stored export, refusing one whose content no longer matches its name."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.name.startswith("export-") and not digest.startswith(path.stem.removeprefix("export-")):
        raise ExportError(f"{path}: content hash {digest[:20]} does not match the file name")
    return json.loads(data)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _span(value: dict[str, Any], label: str, spec: AnnotationSpec, where: str) -> dict[str, Any]:
    try:
        if spec.kind == "ner":
            start, end = int(value["start"]), int(value["end"])
        else:
            start, end = float(value["start"]), float(value["end"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ExportError(f"{where}: region without numeric start/end: {value}") from exc
    return {"start": start, "end": end, "label": label, "text": value.get("text")}


def parse_result(
    result: list[dict[str, Any]], spec: AnnotationSpec, where: str
) -> tuple[list[str], list[dict[str, Any]]]:
    """Labels (choices, or the distinct span labels) and spans of one annotation's result."""
    expected = RESULT_TYPE[spec.kind]
    labels: list[str] = []
    spans: list[dict[str, Any]] = []
    for item in result:
        if item.get("from_name") != CONTROL or item.get("type") != expected:
            raise ExportError(
                f"{where}: result {item.get('from_name')!r}/{item.get('type')!r} is not "
                f"{CONTROL!r}/{expected!r} of the {spec.kind} labeling config"
            )
        values = item.get("value", {}).get(VALUE_KEY[expected], [])
        unknown = [v for v in values if v not in spec.labels]
        if unknown:
            raise ExportError(f"{where}: labels {unknown} not in the label set {spec.labels}")
        if spec.kind == "classification":
            labels.extend(values)
            continue
        spans.extend(_span(item["value"], v, spec, where) for v in values)
    if spans:
        labels = sorted({s["label"] for s in spans})
        spans.sort(key=lambda s: (s["start"], s["end"], s["label"]))
    return sorted(set(labels)), spans


def labels_schema(spec: AnnotationSpec) -> dict[str, pl.DataType]:
    """Column types of the labels table (span offsets are characters for text, time for series)."""
    offset = pl.Int64 if spec.kind in ("ner", "classification") else pl.Float64
    span = pl.Struct({"start": offset, "end": offset, "label": pl.String, "text": pl.String})
    return {
        "project_id": pl.Int64,
        "task_id": pl.Int64,
        "annotation_id": pl.Int64,
        "record_key": pl.String,
        "annotator_id": pl.Int64,
        "annotator": pl.String,
        "labels": pl.List(pl.String),
        "spans": pl.List(span),
        "lead_time_s": pl.Float64,
        "created_at": pl.Datetime("us", "UTC"),
        "updated_at": pl.Datetime("us", "UTC"),
        "was_cancelled": pl.Boolean,
        "ground_truth": pl.Boolean,
    }


def author_id(ann: dict[str, Any]) -> int | None:
    """The user id of an annotation's author (Label Studio gives an id or a user object)."""
    user = ann.get("completed_by")
    return int(user["id"] if isinstance(user, dict) else user) if user else None


def labels_table(
    export: list[dict[str, Any]], spec: AnnotationSpec, annotators: dict[int, str] | None = None
) -> pl.DataFrame:
    """One row per annotation: record key, annotator, labels/spans, lead time, times, cancelled."""
    names = annotators or {}
    rows = []
    for task in export:
        key = (task.get("data") or {}).get(KEY_FIELD)
        if key is None:
            raise ExportError(f"task {task.get('id')}: no {KEY_FIELD} in its data (not from Bohai)")
        for ann in task.get("annotations") or []:
            where = f"task {task['id']} (record {key}) annotation {ann.get('id')}"
            labels, spans = parse_result(ann.get("result") or [], spec, where)
            user_id = author_id(ann)
            rows.append(
                {
                    "project_id": task.get("project"),
                    "task_id": task["id"],
                    "annotation_id": ann.get("id"),
                    "record_key": str(key),
                    "annotator_id": user_id,
                    "annotator": names.get(user_id or -1, f"user:{user_id}"),
                    "labels": labels,
                    "spans": spans,
                    "lead_time_s": ann.get("lead_time"),
                    "created_at": _time(ann.get("created_at")),
                    "updated_at": _time(ann.get("updated_at")),
                    "was_cancelled": bool(ann.get("was_cancelled")),
                    "ground_truth": bool(ann.get("ground_truth")),
                }
            )
    return pl.DataFrame(rows, schema=labels_schema(spec))
