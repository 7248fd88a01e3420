"""The shipped Chinese name CRF: it loads, finds a name no cue points at, a missing model falls
back loudly, and the ensemble weighs its marginals together with rules and LAC."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp import zh_person
from privacy.detect.recognizers.nlp.zh_person import ZhPersonRecognizer
from privacy.detect.zh.lac import LacSpan
from privacy.detect.zh.names_crf import MODEL_PATH, CrfMarks, load_crf
from privacy.detect.zh.names_ensemble import candidates, ensemble_names
from privacy.detect.zh.segment import tokenize

NO_CUE = "昨天李明华和同学去了公园。"


def _found(text: str) -> set[str]:
    tagger = load_crf()
    assert tagger is not None, "the shipped CRF must load"
    marks = tagger.marks(text, tokenize(text), [(0, len(text))])
    return {text[s:e] for s, e in marks.spans()}


def test_shipped_model_is_small_and_finds_a_name_without_a_cue() -> None:
    assert MODEL_PATH.stat().st_size <= 20_000_000
    assert _found(NO_CUE) == {"李明华"}


def test_crf_proposes_nothing_in_a_sentence_without_names() -> None:
    assert _found("今天天气很好，我们去公园散步。") == set()


def test_marks_are_zero_outside_the_pieces_tagged() -> None:
    tagger = load_crf()
    assert tagger is not None
    text = "今天天气很好。" + NO_CUE
    lo = len("今天天气很好。")
    marks = tagger.marks(text, tokenize(text), [(lo, len(text))])
    assert marks.inside[:lo] == [0.0] * lo
    assert [text[s:e] for s, e in marks.spans()] == ["李明华"]


def test_missing_model_warns_and_the_recognizer_still_finds_names(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="privacy.detect.zh.names_crf"):
        assert load_crf.__wrapped__(Path("/nonexistent/names.crfsuite")) is None
    assert "scored without it" in caplog.text
    monkeypatch.setattr(zh_person, "load_crf", lambda: None)
    recognizer = ZhPersonRecognizer()
    assert recognizer.crf is None
    spans = recognizer.find(normalize("患者王芬，女，45岁。"))
    assert [s.text for s in spans] == ["王芬"]


def _marks(n: int, names: list[tuple[int, int]]) -> CrfMarks:
    begin, inside = [0.0] * n, [0.0] * n
    for s, e in names:
        begin[s] = 1.0
        inside[s:e] = [1.0] * (e - s)
    return CrfMarks(begin, inside)


def test_scorer_keeps_a_crf_only_candidate_and_drops_it_without_crf_support() -> None:
    text = "我跟小林子说好了"  # no rule reading, LAC silent: only the CRF speaks
    span = (2, 5)
    kept = ensemble_names(text, [], [], _marks(len(text), [span]))
    assert [(h.start, h.end) for h in kept] == [span]
    assert ensemble_names(text, [], [], _marks(len(text), [])) == []


def test_scorer_lets_crf_doubt_lower_a_lac_name() -> None:
    text = "李四去上海开会。"
    lac = [LacSpan(0, 2, "PER"), LacSpan(2, 3, "v"), LacSpan(3, 5, "LOC")]
    backed = ensemble_names(text, [], lac, _marks(len(text), [(0, 2)]))
    doubted = ensemble_names(text, [], lac, _marks(len(text), []))
    assert [(h.start, h.end) for h in backed] == [(0, 2)]
    assert not doubted or doubted[0].score < backed[0].score


def test_a_lone_surrogate_does_not_stop_the_crf() -> None:
    assert _found("昨天李明华\ud800和同学去了公园。") == {"李明华"}


def test_crf_runs_are_cut_at_brackets_and_latin_only_runs_are_no_candidates() -> None:
    text = "改用舍曲林（sertraline）治疗"
    marks = _marks(len(text), [(2, 16)])  # the CRF runs on through the bracketed drug name
    assert candidates(text, [], [], marks) == [(2, 5)]


def test_crf_runs_glued_to_a_document_number_keep_only_their_letters() -> None:
    text = "大副海员证S00012345，轮机长李卫东"
    marks = _marks(len(text), [(2, 11)])  # the CRF runs on from 海员证 into the number
    assert candidates(text, [], [], marks) == [(2, 5)]


def test_crf_runs_with_a_lower_case_latin_gloss_are_not_cut() -> None:
    text = "歌手卡卡kaka来了"
    marks = _marks(len(text), [(2, 8)])
    assert candidates(text, [], [], marks) == [(2, 8)]


def test_a_seafarer_book_number_is_not_part_of_a_name() -> None:
    spans = ZhPersonRecognizer().find(normalize("船员名单：2. 王强 水手 海员证B20391847。"))
    assert all(not any(c.isdigit() for c in s.text) for s in spans)
    assert "王强" in {s.text for s in spans}
