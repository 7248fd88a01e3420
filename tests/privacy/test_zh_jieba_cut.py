"""The memoized, faster segmentation gives jieba's own tokens (words, offsets) everywhere, and
its HMM cut of unknown runs jieba's finalseg words."""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg

from privacy.detect.zh.jieba_cut import hmm_cut
from privacy.detect.zh.lac import LacSpan
from privacy.detect.zh.segment import Token, block_words, dictionary_tags, tokenize

TEXTS = [
    "船长钟敏，护照号E31227216，手机17903561597。",
    "外籍船员 Jennifer Adams 突发胸痛，由龙欣华医生接诊。",
    "患者于2021-03-12 11:13入院，诉头痛3天\r\n既往史：高血压10年。",
    "龙欣华和欧阳娜娜在大窑湾18号泊位见面",  # unknown names: jieba's HMM joins them
    "ＩＰ：１０.２３５.６３.２５０ 😀 ﬁ  tabs\there",
    "",
    "   ",
    "结婚的和尚未结婚的",  # a classic route tie-break of jieba's DAG
    "他来到了网易杭研大厦",
]
CLUENER = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "ner" / "cluener2020_train.jsonl"
)


def _jieba(text: str) -> list[tuple[str, int, int, str | None]]:
    tags = dictionary_tags()
    return [(w, s, e, tags.get(w)) for w, s, e in jieba.tokenize(text)]


def _ours(text: str) -> list[tuple[str, int, int, str | None]]:
    return [(t.word, t.start, t.end, t.tag) for t in tokenize(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_equal_jieba(text: str) -> None:
    assert _ours(text) == _jieba(text)


def test_memoized_blocks_give_the_same_tokens_at_other_offsets() -> None:
    block_words.cache_clear()
    first = _ours("钟敏值班。钟敏值班。")
    assert block_words.cache_info().hits >= 1
    assert first == _jieba("钟敏值班。钟敏值班。")
    assert [t[1] for t in first if t[0] == "值班"] == [2, 7]


def test_tokens_equal_jieba_on_cluener_sample() -> None:
    if not CLUENER.is_file():
        pytest.skip("../shared/data not present")
    lines = CLUENER.read_text(encoding="utf-8").splitlines()[:400]
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    assert [_ours(t) for t in texts] == [_jieba(t) for t in texts]


# Han characters of common names and words (the HMM's ties and unknown characters among them).
_HAN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏"
_HAN += "的了是在有这个们中来上大为和国地到以说时要就出会可也对生能而子那得于着下自之年过发后作里用"
# The last character of finalseg.re_han, one past it, a supplementary and an out-of-range one.
_HAN += "鿕鿖𠀀〇"


@given(st.text(alphabet=st.sampled_from(_HAN + "abZ09.%-#&_ "), min_size=1, max_size=24))
@settings(max_examples=400, deadline=None)
def test_hmm_cut_equals_jieba_finalseg(run: str) -> None:
    assert hmm_cut.__wrapped__(run) == tuple(finalseg.cut(run))


@pytest.mark.parametrize("run", ["龙欣华", "欧阳娜娜", "钟敏", "的的的的", "鿕鿕", "ab王c3.5%"])
def test_hmm_cut_equals_jieba_finalseg_on_named_runs(run: str) -> None:
    assert hmm_cut.__wrapped__(run) == tuple(finalseg.cut(run))


def test_tokens_and_lac_words_hash_and_compare_by_value() -> None:
    assert Token("王芳", 2, 4, None) == Token("王芳", 2, 4, None)
    same, other = Token("王芳", 2, 4, None), Token("王芳", 2, 4, "nr")
    assert len({same, Token("王芳", 2, 4, None), other}) == 2
    assert hash(LacSpan(0, 2, "PER")) == hash(LacSpan(0, 2, "PER"))
    assert LacSpan(0, 2, "PER") != LacSpan(0, 2, "LOC")
