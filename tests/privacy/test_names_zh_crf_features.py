"""The name CRF's per-character features: cue marks found from the cue words' first characters
equal the per-position definition, and a piece cut inside a jieba word reads clipped words."""

from __future__ import annotations

import pytest

from privacy.detect.zh.names_crf import load_crf
from privacy.detect.zh.names_crf_features import _AFTER, _BEFORE, char_features
from privacy.detect.zh.segment import Token, tokenize

TEXTS = [
    "患者王芳来诊，李先生说病情稳定。",
    "局长张伟表示，王建国医生和司马相如先生都同意。",
    "说",  # a one-character cue alone
    "先生",  # a cue at the very start: nothing before it to mark
    "据报道称张三",
    "",
    "\ud800王芳说",  # a lone surrogate becomes U+FFFD, same length
]


def _marks(features: list[list[str]], mark: str) -> list[int]:
    return [i for i, f in enumerate(features) if mark in f]


@pytest.mark.parametrize("text", TEXTS)
def test_cue_marks_equal_the_per_position_definition(text: str) -> None:
    features = char_features(text, tokenize(text))
    assert len(features) == len(text)
    before = [i for i in range(len(text)) if any(text[:i].endswith(w) for w in _BEFORE)]
    after = [i for i in range(len(text)) if any(text[i + 1 :].startswith(w) for w in _AFTER)]
    assert _marks(features, "cue<") == before
    assert _marks(features, "cue>") == after


def test_cue_marks_are_found_where_expected() -> None:
    text = "患者王芳来诊"
    features = char_features(text, tokenize(text))
    assert "cue<" in features[2]  # 王 right after 患者
    assert "cue<" not in features[3]


def test_word_marks_follow_the_words_and_their_tags() -> None:
    text = "结婚的和尚未结婚的"
    tokens = [Token("结婚", 0, 2, "v"), Token("的", 2, 3, "uj"), Token("和尚未", 3, 6, None)]
    features = char_features(text[:6], tokens)
    assert [f[10] for f in features] == ["w=B2", "w=E2", "w=S1", "w=B3", "w=M3", "w=E3"]
    assert [f[11] for f in features] == ["wt=v", "wt=v", "wt=uj", "wt=new", "wt=new", "wt=new"]


def test_a_piece_cut_inside_a_word_reads_the_clipped_word() -> None:
    tagger = load_crf()
    if tagger is None:
        pytest.skip("python-crfsuite or the CRF model is not available")
    text = "今天天气很好我们去公园散步"
    tokens = tokenize(text)
    lo = 3  # inside 今天天气
    assert any(t.start < lo < t.end for t in tokens)
    marks = tagger.marks(text, tokens, [(lo, len(text))])
    clipped = [
        Token(t.word, max(t.start, lo) - lo, t.end - lo, t.tag) for t in tokens if t.end > lo
    ]
    assert char_features(text[lo:], clipped)[0][10] == "w=S1"  # 气: the clipped word's tail
    assert marks.inside[:lo] == [0.0] * lo
    assert marks.inside[lo:] == tagger.marks(text[lo:], clipped, [(0, len(text) - lo)]).inside
