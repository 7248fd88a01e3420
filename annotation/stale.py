"""Labeled records whose text changed after they were sent: their spans no longer fit it.

Label Studio keeps the text a task was created with, and span offsets point into that text. A
record corrected at the source (a re-delivered note) gets a new scrubbed text under the same
key; its labels, pulled and released beside the new text, would mark the wrong characters.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from annotation.config import AnnotationSpec
from annotation.label_configs import KEY_FIELD, TEXT


def changed_records(
    export: list[dict[str, Any]], table: pl.DataFrame, spec: AnnotationSpec
) -> list[str]:
    """Keys of annotated text tasks whose text differs from the record's text in `table`."""
    if spec.text_column is None or spec.kind == "timeseries":
        return []
    current = dict(
        table.select(pl.col(spec.key_column).cast(pl.String), pl.col(spec.text_column))
        .unique(spec.key_column, keep="last")
        .iter_rows()
    )
    changed = set()
    for task in export:
        data = task.get("data") or {}
        key = str(data.get(KEY_FIELD))
        if task.get("annotations") and key in current and current[key] != data.get(TEXT):
            changed.add(key)
    return sorted(changed)
