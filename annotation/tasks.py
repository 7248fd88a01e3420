"""Records as Label Studio tasks: the data, the record's stable key, and machine pre-annotations."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from annotation.config import AnnotationSpec
from annotation.label_configs import (
    CONTROL,
    KEY_FIELD,
    RESULT_TYPE,
    SERIES,
    SUMMARY_FIELD,
    TEXT,
    object_name,
)
from annotation.lexicon import lexicon_version, propose

DATASET_FIELD = "bohai_dataset"


class TaskError(ValueError):
    """A record cannot become a task; the message names the record key and the field."""


def records(table: pl.DataFrame, spec: AnnotationSpec) -> pl.DataFrame:
    """One row per record: text rows as they are, time series rows grouped by key into lists."""
    missing = [c for c in spec.columns() if c not in table.columns]
    if missing:
        raise TaskError(f"annotation columns {missing} not in the table ({table.columns})")
    key = spec.key_column
    nulls = table.with_row_index("__row").filter(pl.col(key).is_null())
    if nulls.height:
        rows = nulls.get_column("__row").head(5).to_list()
        raise TaskError(f"{key}: null record key at rows {rows}")
    if spec.kind != "timeseries":
        dupes = table.group_by(key).len().filter(pl.col("len") > 1)
        if dupes.height:
            first = dupes.get_column(key).head(5).to_list()
            raise TaskError(f"{key}: duplicate record keys {first}")
        return table
    assert spec.timeseries is not None
    series = [spec.timeseries.time_column, *spec.timeseries.channels]
    if spec.pre_annotations and spec.pre_annotations.column:
        series.append(spec.pre_annotations.column)
    firsts = [c for c in spec.columns() if c not in series and c != key]
    return (
        table.sort([key, spec.timeseries.time_column])
        .group_by(key, maintain_order=True)
        .agg([pl.col(c) for c in series] + [pl.col(c).first() for c in firsts])
    )


def _text_spans(value: Any, text: str, spec: AnnotationSpec, key: str) -> list[dict[str, Any]]:
    spans = json.loads(value) if isinstance(value, str) else value
    out = []
    for i, span in enumerate(spans or []):
        start, end, label = int(span["start"]), int(span["end"]), str(span["label"])
        if label not in spec.labels:
            raise TaskError(f"record {key}: pre-annotation label {label!r} not in {spec.labels}")
        if not 0 <= start < end <= len(text):
            raise TaskError(f"record {key}: span {start}-{end} outside text of {len(text)} chars")
        value_ = {"start": start, "end": end, "text": text[start:end], "labels": [label]}
        out.append(_result(spec, value_, f"p{i}"))
    return out


def _choices(value: Any, spec: AnnotationSpec, key: str) -> list[dict[str, Any]]:
    chosen = [value] if isinstance(value, str) else list(value)
    unknown = [c for c in chosen if c not in spec.labels]
    if unknown:
        raise TaskError(f"record {key}: pre-annotation {unknown} not in {spec.labels}")
    return [_result(spec, {"choices": chosen}, "p0")]


def segments(times: list[Any], labels: list[str | None]) -> list[tuple[Any, Any, str]]:
    """Runs of the same non-null per-row label, as (first time, last time, label)."""
    out: list[tuple[Any, Any, str]] = []
    previous: str | None = None
    for t, label in zip(times, labels, strict=True):
        if label is not None and label == previous:
            out[-1] = (out[-1][0], t, label)
        elif label is not None:
            out.append((t, t, label))
        previous = label
    return out


def _series_segments(row: dict[str, Any], spec: AnnotationSpec, key: str) -> list[dict[str, Any]]:
    assert spec.timeseries is not None and spec.pre_annotations is not None
    times = row[spec.timeseries.time_column]
    found = segments(times, row[spec.pre_annotations.column])
    out = []
    for i, (start, end, label) in enumerate(found):
        if label not in spec.labels:
            raise TaskError(f"record {key}: pre-annotation label {label!r} not in {spec.labels}")
        value = {"start": start, "end": end, "instant": start == end, "timeserieslabels": [label]}
        out.append(_result(spec, value, f"p{i}"))
    return out


def _result(spec: AnnotationSpec, value: dict[str, Any], region: str) -> dict[str, Any]:
    return {
        "id": region,
        "from_name": CONTROL,
        "to_name": object_name(spec),
        "type": RESULT_TYPE[spec.kind],
        "value": value,
    }


def prediction_version(spec: AnnotationSpec) -> str | None:
    """The predictions' model version: the spec's, plus the lexicon's sources when it is used."""
    pre = spec.pre_annotations
    if pre is None:
        return None
    return f"{pre.model_version}+{lexicon_version()}" if pre.lexicon else pre.model_version


def _prediction(row: dict[str, Any], spec: AnnotationSpec, key: str) -> list[dict[str, Any]]:
    pre = spec.pre_annotations
    if pre is None:
        return []
    if pre.lexicon is not None:
        text = str(row[spec.text_column or ""])
        result = _text_spans(propose(text, spec.labels), text, spec, key)
        return [{"model_version": prediction_version(spec), "result": result}] if result else []
    if row.get(pre.column) is None:
        return []
    if spec.kind == "ner":
        result = _text_spans(row[pre.column], str(row[spec.text_column or ""]), spec, key)
    elif spec.kind == "classification":
        result = _choices(row[pre.column], spec, key)
    else:
        result = _series_segments(row, spec, key)
    prediction: dict[str, Any] = {"model_version": pre.model_version, "result": result}
    if pre.score_column and row.get(pre.score_column) is not None:
        prediction["score"] = float(row[pre.score_column])
    return [prediction]


def series_summary(row: dict[str, Any], spec: AnnotationSpec, key: str) -> str:
    """One readable line for the task list instead of the series as raw JSON."""
    ts = spec.timeseries
    assert ts is not None
    times = row[ts.time_column]
    line = (
        f"{key}: {len(times)} samples, {ts.time_column} {times[0]:g}-{times[-1]:g} "
        f"{ts.time_unit}, {len(ts.channels)} channels"
    )
    pre = spec.pre_annotations
    if pre and pre.column and row.get(pre.column) is not None:
        found = segments(times, row[pre.column])
        shown = [f"{spec.display_name(label)} {a:g}-{b:g}" for a, b, label in found]
        line += "; pre-annotated 预标注: " + ", ".join(shown[:4])
    return line


def _data(row: dict[str, Any], spec: AnnotationSpec, key: str, dataset_id: str) -> dict[str, Any]:
    data: dict[str, Any] = {KEY_FIELD: key, DATASET_FIELD: dataset_id}
    if spec.kind == "timeseries":
        assert spec.timeseries is not None
        cols = [spec.timeseries.time_column, *spec.timeseries.channels]
        data[SERIES] = {c: list(row[c]) for c in cols}
        data[SUMMARY_FIELD] = series_summary(row, spec, key)
        return data
    text = row[spec.text_column or ""]
    if text is None:
        raise TaskError(f"record {key}: {spec.text_column} is null")
    data[TEXT] = str(text)
    return data


def build_tasks(
    chosen: pl.DataFrame, spec: AnnotationSpec, dataset_id: str
) -> list[dict[str, Any]]:
    """Label Studio import payloads, each with its record key and optional prediction."""
    tasks = []
    for row in chosen.iter_rows(named=True):
        key = str(row[spec.key_column])
        task: dict[str, Any] = {"data": _data(row, spec, key, dataset_id)}
        predictions = _prediction(row, spec, key)
        if predictions:
            task["predictions"] = predictions
        tasks.append(task)
    return tasks


def task_key(task: dict[str, Any]) -> str:
    """The record key a task payload carries."""
    return str(task["data"][KEY_FIELD])
