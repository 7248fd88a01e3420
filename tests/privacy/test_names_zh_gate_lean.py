"""The lean Chinese-name gate (level 1 by default): it reads fewer sentences with LAC, yet texts it
passes over still get their names, phones and IDs found."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from privacy.detect.engine import shared_engine
from privacy.detect.recognizers.nlp.zh_person import ZhPersonRecognizer
from privacy.detect.scanner import Scanner
from privacy.detect.zh import names_gate
from privacy.detect.zh.names_gate import gated_pieces, unsure_pieces
from privacy.detect.zh.names_shape import NameHit
from privacy.detect.zh.segment import tokenize

CASES = [
    # (text, expected (surface, type) pairs)
    ("请拨打13812345678联系，谢谢。", [("13812345678", "CN_MOBILE")]),
    ("联系电话+44 20 7946 0958，请回电。", [("+44 20 7946 0958", "PHONE_NUMBER")]),
    ("昨天李明华和同学去了公园。", [("李明华", "PERSON")]),  # a name without a cue
    ("张伟昨天去了医院复查。", [("张伟", "PERSON")]),
    (
        "身份证１１０１０５１９４９１２３１００２Ｘ",
        [("１１０１０５１９４９１２３１００２Ｘ", "CN_RESIDENT_ID")],
    ),
]


@pytest.fixture
def lean() -> Iterator[None]:
    """The lean gate at its leanest for one test."""
    names_gate.LEAN = 2
    try:
        yield
    finally:
        names_gate.LEAN = 1


def test_the_gate_is_at_level_one_by_default() -> None:
    assert names_gate.LEAN == 1


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_lean_gate_keeps_names_phones_and_ids(
    lean: None, text: str, expected: list[tuple[str, str]]
) -> None:
    (spans,) = Scanner(shared_engine()).scan([text])
    assert [(s.text, s.entity_type) for s in spans] == expected


def test_a_lone_name_character_beside_a_certain_name_is_read_only_without_lean() -> None:
    text = "司机王建国驾驶鲁B12345进厂。"  # 鲁: a dictionary "name" of one character
    assert [t.word for t in tokenize(text) if t.word == "鲁"] == ["鲁"]
    hits = [NameHit(2, 5, 0.9)]
    assert unsure_pieces(text, hits) == [(0, len(text))]
    assert gated_pieces(text, hits, lean=True) == ([], [])


def test_a_sentence_without_readings_is_read_only_when_the_crf_proposes_a_name(
    lean: None,
) -> None:
    recognizer = ZhPersonRecognizer()
    if recognizer.tagger is None or recognizer.crf is None:
        pytest.skip("LAC or the name CRF is not available")
    quiet = "今天天气很好，我们去公园散步。"
    pieces, marks = recognizer._pieces(quiet, tokenize(quiet), [])
    assert pieces == []
    assert marks is not None and marks.inside == [0.0] * len(quiet)
    named = "昨天李明华和同学去了公园。"
    pieces, _ = recognizer._pieces(named, tokenize(named), [])
    assert pieces == [(0, len(named))]


def test_level_one_still_reads_sentences_without_readings() -> None:
    recognizer = ZhPersonRecognizer()
    if recognizer.tagger is None:
        pytest.skip("LAC is not available")
    quiet = "今天天气很好，我们去公园散步。"
    assert names_gate.LEAN == 1
    pieces, _ = recognizer._pieces(quiet, tokenize(quiet), [])
    assert pieces == [(0, len(quiet))]
