"""A stored Label Studio export is kept immutably and converts into the labels table."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import polars as pl
import pytest
from annotation_cases import EXPORT, NER

from annotation.agreement import measure
from annotation.export import ExportError, labels_table, load_snapshot, store_snapshot


def _export() -> list[dict]:
    return json.loads(EXPORT.read_text(encoding="utf-8"))


def test_snapshot_is_content_addressed_and_read_only(tmp_path: Path) -> None:
    snap = store_snapshot(_export(), tmp_path)
    assert snap.path.name == f"export-{snap.sha256[:20]}.json"
    assert (snap.tasks, snap.annotations) == (6, 10)
    assert snap.path.stat().st_mode & 0o777 == 0o444
    assert store_snapshot(_export(), tmp_path) == snap
    assert load_snapshot(snap.path) == _export()
    changed = _export()
    changed[0]["annotations"] = []
    assert store_snapshot(changed, tmp_path).path != snap.path
    assert len(list(tmp_path.glob("export-*.json"))) == 2


def test_altered_snapshot_is_refused(tmp_path: Path) -> None:
    snap = store_snapshot(_export(), tmp_path)
    os.chmod(snap.path, 0o644)
    snap.path.write_text("[]", encoding="utf-8")
    with pytest.raises(ExportError, match="does not match"):
        load_snapshot(snap.path)
    with pytest.raises(ExportError, match="was altered"):
        store_snapshot(_export(), tmp_path)


def test_export_converts_to_one_row_per_annotation() -> None:
    labels = labels_table(_export(), NER, {2: "li.wei@example.org"})
    assert labels.height == 10
    assert labels.schema["created_at"] == pl.Datetime("us", "UTC")
    assert set(labels.get_column("annotator")) == {"li.wei@example.org", "user:3"}
    cancelled = labels.filter(pl.col("was_cancelled"))
    assert cancelled.select("record_key", "annotator_id").rows() == [("n6", 3)]
    n1 = labels.filter((pl.col("record_key") == "n1") & (pl.col("annotator_id") == 2)).row(
        0, named=True
    )
    assert n1["labels"] == ["DRUG", "SYMPTOM"]
    assert [(s["text"], s["label"]) for s in n1["spans"]] == [
        ("头痛", "SYMPTOM"),
        ("布洛芬", "DRUG"),
    ]
    assert n1["lead_time_s"] == 10.0 and n1["updated_at"] >= n1["created_at"]
    assert labels.filter(pl.col("ground_truth")).get_column("record_key").to_list() == ["n3"]


def test_agreement_of_the_stored_export() -> None:
    report = measure(labels_table(_export(), NER), NER)
    # n1 2 of 4, n2 1 of 3, n3 0 of 2, n4 none: F1 = 6/9
    assert report.overall == pytest.approx(6 / 9)
    assert report.flagged() == ["n2"]  # n3 was adjudicated
    assert dict(report.gold.group_by("source").len().iter_rows()) == {
        "majority": 3,
        "adjudicated": 1,
    }


def test_labels_outside_the_label_set_name_task_and_annotation() -> None:
    narrow = NER.model_copy(update={"labels": ["SYMPTOM"]})
    with pytest.raises(
        ExportError, match=r"task \d+ \(record n\d\) annotation \d+: labels \['DRUG'\]"
    ):
        labels_table(_export(), narrow)


def test_foreign_tasks_and_results_are_refused() -> None:
    export = _export()
    del export[0]["data"]["bohai_key"]
    with pytest.raises(ExportError, match=f"task {export[0]['id']}: no bohai_key"):
        labels_table(export, NER)
    export = copy.deepcopy(_export())
    task = next(t for t in export if t["annotations"] and t["annotations"][0]["result"])
    task["annotations"][0]["result"][0]["from_name"] = "relation"
    with pytest.raises(ExportError, match="'relation'/'labels' is not 'label'/'labels'"):
        labels_table(export, NER)
