"""Labels prepared for a release carry provenance and no annotator identities."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from annotation_cases import EXPORT, NER

from annotation.agreement import measure
from annotation.export import labels_table, store_snapshot
from annotation.merge import annotator_aliases, label_distribution, release_files

EMAILS = {2: "li.wei@example.org", 3: "wang.fang@example.org"}


def test_aliases_are_ordinals_or_keyed_pseudonyms() -> None:
    emails = ["b@x.org", "a@x.org", "b@x.org"]
    assert annotator_aliases(emails, None) == {"a@x.org": "annotator_1", "b@x.org": "annotator_2"}
    keyed = annotator_aliases(emails, b"0123456789abcdef")
    assert keyed == annotator_aliases(emails, b"0123456789abcdef")
    assert keyed != annotator_aliases(emails, b"fedcba9876543210")
    assert all(v.startswith("annotator_") and len(v) == 22 for v in keyed.values())


def test_release_files_and_provenance(tmp_path: Path) -> None:
    export = json.loads(EXPORT.read_text(encoding="utf-8"))
    labels = labels_table(export, NER, EMAILS)
    report = measure(labels, NER)
    snap = store_snapshot(export, tmp_path / "snapshots")
    project = {"title": "medical/notes g1.0", "id": 1, "dataset": "medical/notes"}
    out = release_files(NER, project, labels, report, snap, tmp_path / "release")
    assert sorted(out.files) == [
        "data/annotation_gold/part-0.parquet",
        "data/annotation_labels/part-0.parquet",
    ]
    published = pl.read_parquet(out.files["data/annotation_labels/part-0.parquet"])
    assert set(published.get_column("annotator")) == {"annotator_1", "annotator_2"}
    assert "annotator_id" not in published.columns
    gold = pl.read_parquet(out.files["data/annotation_gold/part-0.parquet"])
    assert gold.height == 4 and gold.filter(pl.col("flagged")).height == 1
    assert [c["name"] for c in out.schemas["annotation_gold"]] == gold.columns
    prov = out.manifest_fields["annotation"]
    assert prov["annotator_count"] == 2 and prov["annotations"] == 9 and prov["cancelled"] == 1
    assert prov["records_annotated"] == 5 and prov["guideline_version"] == "1.0"
    assert prov["agreement"]["overall"] == pytest.approx(6 / 9)
    assert prov["agreement"]["flagged_for_adjudication"] == 1
    assert prov["export_snapshot_sha256"] == snap.sha256
    # gold spans: n1 SYMPTOM+DRUG, n2 SYMPTOM, n3 DRUG (adjudicated), n4 none
    assert prov["label_distribution"] == {"SYMPTOM": 2, "DRUG": 2}
    assert "span_f1" in prov["protocol"] and "@" not in json.dumps(prov)


def test_label_distribution_counts_records_for_choices() -> None:
    spec = NER.model_copy(update={"kind": "classification", "labels": ["a", "b", "c"]})
    gold = pl.DataFrame({"labels": [["a"], ["a"], ["b"]], "spans": [[], [], []]})
    assert label_distribution(gold, spec) == {"a": 2, "b": 1, "c": 0}
