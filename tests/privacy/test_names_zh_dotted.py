"""Names joined by a middle dot are masked over every part, and dots that join places are not."""

from __future__ import annotations

import pytest

from privacy.detect.zh.names_dotted import dotted_names
from privacy.detect.zh.names_shape import NameHit


def _names(text: str, hits: list[NameHit]) -> list[str]:
    return [text[h.start : h.end] for h in dotted_names(text, hits)]


@pytest.mark.parametrize("dot", ["·", "・", "•", "‧"])
def test_a_reading_of_the_first_part_grows_over_the_second(dot: str) -> None:
    text = f"丈夫吐尔逊{dot}阿不力孜签字。"
    assert _names(text, [NameHit(2, 5, 0.85)]) == [f"吐尔逊{dot}阿不力孜"]


def test_a_reading_of_the_second_part_grows_over_the_first() -> None:
    text = "其弟热合曼·吐尔洪江签字。"
    start = text.index("曼")
    assert _names(text, [NameHit(start, start + 6, 0.9)]) == ["热合曼·吐尔洪江"]


def test_a_cue_before_an_unread_dotted_name_is_enough() -> None:
    text = "患者叶赫那拉·明轩，男，61岁。"
    assert _names(text, []) == ["叶赫那拉·明轩"]


def test_every_dot_of_one_name_joins_one_span() -> None:
    text = "患者阿卜杜·热依木·买买提江，男。"
    (name,) = _names(text, [NameHit(2, 5, 0.85)])
    assert name == "阿卜杜·热依木·买买提江"


def test_the_part_stops_before_the_rest_of_the_sentence() -> None:
    text = "母亲巴特尔·其木格今日来院，签字同意。"
    assert _names(text, [NameHit(2, 5, 0.85)]) == ["巴特尔·其木格"]


def test_a_sentence_stop_joins_nothing_without_a_name_before_it() -> None:
    text = "血压平稳.复查血常规。"
    assert _names(text, []) == []


def test_a_sentence_stop_after_a_name_does_not_swallow_the_next_sentence() -> None:
    text = "患者王建民.今日出院。"
    assert _names(text, [NameHit(2, 5, 0.85)]) == []


def test_place_banners_and_unread_dots_stay_alone() -> None:
    assert _names("中国·大连国际服装节开幕", []) == []
    assert _names("主题为健康·生活的讲座", []) == []


def test_a_reading_across_the_dot_without_a_cue_keeps_its_ends() -> None:
    # 美国 before the name and 律师事务所 after it are not parts of the name.
    text = "作为美国文森·艾尔斯律师事务所驻华代表"
    start = text.index("文")
    assert _names(text, [NameHit(start, start + 6, 0.8)]) == ["文森·艾尔斯"]


def test_a_title_after_the_dotted_name_ends_it() -> None:
    text = "科学部主管阿夏克·罗伊博士表示"
    start = text.index("阿")
    assert _names(text, [NameHit(start, start + 3, 0.8)]) == ["阿夏克·罗伊"]


def test_a_sentence_stop_before_a_long_run_joins_nothing() -> None:
    text = "参考文献：胡亚美，江载芳.诸福棠实用儿科学"
    start = text.index("江")
    assert _names(text, [NameHit(start, start + 3, 0.85)]) == []


def test_readings_on_both_sides_of_the_dot_keep_their_ends() -> None:
    # 人物 before the name and 童话 after it: the readings of both parts decide.
    text = "先驱人物麦克斯·派里维斯基、安徒生童话"
    left, right = NameHit(4, 7, 0.8), NameHit(8, 13, 0.8)
    assert _names(text, [left, right]) == ["麦克斯·派里维斯基"]


def test_a_reading_across_the_dot_wins_over_a_weaker_one_touching_it() -> None:
    text = "女主角哈莉·贝丽终于获奖"
    crossing, touching = NameHit(3, 8, 0.9), NameHit(1, 5, 0.3)
    assert _names(text, [crossing, touching]) == ["哈莉·贝丽"]


def test_a_common_noun_after_the_last_part_ends_it() -> None:
    text = "从未在汉斯·克里斯蒂安·安徒生童话中收录"
    assert _names(text, [NameHit(3, 11, 0.55)]) == ["汉斯·克里斯蒂安·安徒生"]
    text = "丈夫吐尔逊·阿不力孜电话见登记表"
    assert _names(text, [NameHit(2, 5, 0.85)]) == ["吐尔逊·阿不力孜"]


def test_a_transliterated_dotted_name_after_a_label_colon_is_enough() -> None:
    text = "随船人员登记：库尔班·吐尔地，水手。"
    assert _names(text, []) == ["库尔班·吐尔地"]


@pytest.mark.parametrize("text", ["栏目：春晚·回顾", "专题：长江·黄河", "口号：团结·奋进"])
def test_a_title_after_a_label_colon_is_no_name(text: str) -> None:
    assert _names(text, []) == []
