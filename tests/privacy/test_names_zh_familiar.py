"""Familiar forms after a bed number or a verb of handing over are names; the same characters
inside words or without that context are not."""

from __future__ import annotations

import pytest
from span_texts import found_texts

from privacy.detect.zh.names_familiar import bare_familiar_names, familiar_at


def _names(text: str) -> list[str]:
    return [text[h.start : h.end] for h in bare_familiar_names(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("夜班交给小孙，已签字。", "小孙"),
        ("3床老刘今晨拒绝进食。", "老刘"),
        ("21床阿明夜间烦躁。", "阿明"),
        ("9床老周头午后发热。", "老周头"),
        ("已通知小冯复查血糖。", "小冯"),
        ("6床宋大爷夜间咳嗽。", "宋大爷"),
    ],
)
def test_familiar_forms_in_a_handover_are_masked(text: str, name: str) -> None:
    assert _names(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "乳腺小叶增生与小叶原位癌鉴别。",  # 小叶 after 与: a word of its own
        "交给老师审阅。",  # 老师
        "口服阿莫西林胶囊。",  # 阿莫西林
        "3床阿姨陪护。",  # 阿姨
        "老王今日来院。",  # no bed number or handing verb: left to the cue rules
        "肾小管损伤。",
        "MTX与阿达木单抗联合治疗。",  # 阿达 before 木单: no word follows
    ],
)
def test_words_and_context_free_forms_are_left_alone(text: str) -> None:
    assert _names(text) == []


def test_familiar_at_reads_the_form_length() -> None:
    assert familiar_at("老张头", 0) == 3
    assert familiar_at("小时后", 0) is None


def test_a_familiar_form_ending_the_text_is_still_a_name() -> None:
    texts = ["交给老何", "交给老马", "12床老王", "交给小时工"]
    found = found_texts(texts)
    assert found == [["老何"], ["老马"], ["老王"], []]
