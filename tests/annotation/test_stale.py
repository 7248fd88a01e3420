"""Labeled records whose text changed after they were sent are named at the pull."""

from __future__ import annotations

import json

import polars as pl
from annotation_cases import EXPORT, NER

from annotation.stale import changed_records


def test_a_record_corrected_after_it_was_annotated_is_named() -> None:
    # trial10: note N002 was corrected at the source (38.2℃ -> 38.6℃，伴咳嗽) after two
    # annotators labeled it; its labels would have gone out beside the new text
    export = json.loads(EXPORT.read_text(encoding="utf-8"))
    texts = {str(t["data"]["bohai_key"]): t["data"]["text"] for t in export}
    annotated = sorted(str(t["data"]["bohai_key"]) for t in export if t.get("annotations"))
    table = pl.DataFrame({"note_id": list(texts), "text": list(texts.values())})
    assert changed_records(export, table, NER) == [], "the data still reads as sent"
    first = annotated[0]
    edited = table.with_columns(
        pl.when(pl.col("note_id") == first)
        .then(pl.col("text") + "，伴咳嗽")
        .otherwise(pl.col("text"))
        .alias("text")
    )
    assert changed_records(export, edited, NER) == [first]
    gone = table.filter(pl.col("note_id") != first)
    assert changed_records(export, gone, NER) == [], "a record no longer sampled is not judged"
