"""Chinese names without a role cue: scored readings, transliterations, Latin names, repeats."""

from __future__ import annotations

import pytest

from privacy.detect.zh.names import find_names
from privacy.detect.zh.names_given import char_score, given_score
from privacy.detect.zh.segment import tokenize


def names(text: str) -> list[str]:
    return [text[h.start : h.end] for h in find_names(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("谢有福在接受记者采访时说，今年的收成不错。", ["谢有福"]),
        ("深圳银监局局长刘元介绍说，截至年末贷款增长。", ["刘元"]),
        ("本报讯（记者马力）市土地中心昨天发布消息。", ["马力"]),
        ("包括吴彬，曾巩，郑板桥等人。", ["吴彬", "曾巩", "郑板桥"]),
        ("主帅卡马乔说球队状态很好。", ["卡马乔"]),
        ("保罗·盖蒂被称为是美国最富有的人。", ["保罗·盖蒂"]),
        ("星际争霸2解说MagicYang表示很期待。", ["MagicYang"]),
        ("皇家邮政行政主管莫亚格林（moyagreene）表示：", ["莫亚格林（moyagreene）"]),
    ],
)
def test_names_without_role_cues(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_every_mention_of_a_found_name_is_reported() -> None:
    text = "周清来交代，他取走了现金。后来周清来被抓获。"
    assert names(text) == ["周清来", "周清来"]


@pytest.mark.parametrize(
    "text",
    [
        "谢谢大家，我们明天见。",  # jieba tags 谢谢 nr
        "论坛在莫斯科举行。",  # a listed place, though jieba tags it nr
        "本场比赛阿森纳主场迎战对手，阿森纳近期状态不错。",  # a club in match talk
        "王府井大街上人很多。",  # a street, not 王 + 府井
        "《黄飞鸿》系列电影。",  # a name inside a title names a work
        "详见http://t.cn/abc",
        "他是一名工程师，工作很认真。",
        "今天天气很好，我们去公园散步。",
    ],
)
def test_no_names(text: str) -> None:
    assert names(text) == []


def test_given_name_characters_outscore_grammar_characters() -> None:
    assert char_score("伟") > 1.0 > 0.0 > char_score("的")
    assert given_score("芳") > given_score("时间")
