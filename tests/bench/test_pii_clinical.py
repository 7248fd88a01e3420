"""Part (b) of the PII evaluation reads the real clinical corpora and counts every span as false."""

from __future__ import annotations

import json
from pathlib import Path

from bench.pii_clinical import load_cmeee, load_mtsamples, overmask, report
from privacy.detect.spans import Span


def test_mtsamples_reads_the_transcription_column(tmp_path: Path) -> None:
    path = tmp_path / "mt.csv"
    path.write_text(',description,transcription\n1,x,"SUBJECTIVE:, pain, ok"\n2,y,\n', "utf-8")
    assert load_mtsamples(path) == ["SUBJECTIVE:, pain, ok", ""]


def test_cmeee_reads_sentence_texts(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps([{"text": "患儿发热", "entities": []}], ensure_ascii=False), "utf-8")
    assert load_cmeee(path) == ["患儿发热"]


def test_overmask_counts_spans_per_document_and_lists_strings() -> None:
    spans = [[Span(0, 6, "PERSON", 0.9, "Vicryl")], [], [Span(0, 6, "PERSON", 0.9, "Vicryl")]]
    result = overmask("mtsamples", ["a", "b", "c"], spans)
    assert result.per_doc == 2 / 3
    assert result.strings.most_common(1) == [(("PERSON", "Vicryl"), 2)]
    assert "PERSON:'Vicryl'x2" in "\n".join(report(result))
