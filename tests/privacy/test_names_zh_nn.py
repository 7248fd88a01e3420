"""The shipped neural Chinese name tagger: it loads, finds names no cue points at, reads only the
pieces it is given, answers a batch as it answers one text at a time, and a missing model or
onnxruntime falls back loudly to rules, LAC and the CRF."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp import zh_person
from privacy.detect.recognizers.nlp.zh_person import ZhPersonRecognizer
from privacy.detect.zh import names_nn
from privacy.detect.zh.lac import load_lac
from privacy.detect.zh.names_nn import MODEL_PATH, NnTagger, load_nn, vocab_path
from privacy.detect.zh.segment import tokenize

NO_CUE = "昨天李明华和同学去了公园。"
TEXTS = [
    NO_CUE,
    "今天天气很好，我们去公园散步。",
    "张伟说他明天不来了，王小红也不来。",
    "会上，刘德华与周杰伦谈了很久。",
    "这部电影由陈凯歌执导。",
]


def _tagger() -> NnTagger:
    tagger = load_nn()
    assert tagger is not None, "the shipped tagger must load"
    return tagger


def _items(texts: list[str]) -> list:
    lac = load_lac()
    assert lac is not None
    words = lac.tag_texts(texts)
    return [(t, tokenize(t), [(0, len(t))], w) for t, w in zip(texts, words, strict=True)]


def _found(text: str) -> set[str]:
    (marks,) = _tagger().marks(_items([text]))
    return {text[s:e] for s, e in marks.spans()}


def test_shipped_model_is_small_and_has_its_vocabulary() -> None:
    assert MODEL_PATH.stat().st_size <= 20_000_000
    assert vocab_path(MODEL_PATH).is_file()


def test_finds_names_without_a_cue() -> None:
    assert _found(NO_CUE) == {"李明华"}
    assert _found("会上，刘德华与周杰伦谈了很久。") == {"刘德华", "周杰伦"}


def test_proposes_nothing_in_a_sentence_without_names() -> None:
    assert _found("今天天气很好，我们去公园散步。") == set()


def test_marks_are_zero_outside_the_pieces_given() -> None:
    text = "今天天气很好。" + NO_CUE
    lo = len("今天天气很好。")
    ((_, tokens, _, words),) = _items([text])
    (marks,) = _tagger().marks([(text, tokens, [(lo, len(text))], words)])
    assert marks.inside[:lo] == [0.0] * lo
    assert [text[s:e] for s, e in marks.spans()] == ["李明华"]


def test_a_batch_answers_as_one_text_at_a_time() -> None:
    texts = [*TEXTS, TEXTS[2][::-1], "王芳。李雷。"]
    items = _items(texts)
    together = _tagger().marks(items)
    for item, marks in zip(items, together, strict=True):
        (alone,) = _tagger().marks([item])
        np.testing.assert_allclose(marks.inside, alone.inside, atol=1e-5)
        np.testing.assert_allclose(marks.begin, alone.begin, atol=1e-5)


def test_missing_model_warns_and_the_recognizer_still_finds_names(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="privacy.detect.zh.names_nn"):
        assert load_nn.__wrapped__(Path("/nonexistent/names.onnx")) is None
    assert "scored without it" in caplog.text
    monkeypatch.setattr(zh_person, "load_nn", lambda: None)
    recognizer = ZhPersonRecognizer()
    assert recognizer.nn is None
    assert [s.text for s in recognizer.find(normalize("患者王芬，女，45岁。"))] == ["王芬"]
    assert "李明华" in {s.text for s in recognizer.find(normalize(NO_CUE))}


def test_missing_onnxruntime_warns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def no_runtime(_: Path) -> None:
        raise ImportError("No module named 'onnxruntime'")

    monkeypatch.setattr(names_nn, "_single_thread_session", no_runtime)
    with caplog.at_level(logging.WARNING, logger="privacy.detect.zh.names_nn"):
        assert load_nn.__wrapped__(MODEL_PATH) is None
    assert "onnxruntime" in caplog.text


def test_the_recognizer_reads_the_tagger_when_it_loads() -> None:
    recognizer = ZhPersonRecognizer()
    assert recognizer.nn is not None
    spans = recognizer.find_batch([normalize(t) for t in TEXTS])
    assert {s.text for s in spans[0]} == {"李明华"}
    assert spans[1] == []
    assert {s.text for s in spans[3]} == {"刘德华", "周杰伦"}
