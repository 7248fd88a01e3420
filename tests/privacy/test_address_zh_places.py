"""Single places outside administrative chains: landmarks, listed places, locative context."""

from __future__ import annotations

import pytest

from privacy.detect.zh.address import SCORE_PLACE, SCORE_UNIT_NAME, find_addresses
from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.segment import tokenize


def places(text: str) -> list[str]:
    return [text[h.start : h.end] for h in find_addresses(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("金融论坛在金泰地产大厦举行。", "金泰地产大厦"),
        ("建议住在北海宾馆、狮林大酒店，步行过去五分钟。", "狮林大酒店"),
        ("沿工业路继续向前。", "工业路"),
        ("库兰达集市已成为凯恩斯最热门的景点之一。", "凯恩斯"),
        ("他表示要留在安菲尔德证明自己。", "安菲尔德"),
    ],
)
def test_single_places_are_found(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    "text",
    [
        "美国队赢了比赛。",  # a team named after its country, not where someone is
        "江湖险恶，市场很大。",  # everyday words ending in 湖 / 场
        "他去年去过很多地方。",
        "我在学校里学习。",
    ],
)
def test_no_places(text: str) -> None:
    assert places(text) == []


def test_gazetteer_accepts_a_unit_suffix() -> None:
    assert is_gazetteer_place("大连市") and is_gazetteer_place("莫斯科")
    assert not is_gazetteer_place("市场")


def test_chains_still_win_over_single_places() -> None:
    text = "患者家住辽宁省大连市中山区人民路88号3栋2单元501室。"
    assert places(text) == ["辽宁省大连市中山区人民路88号3栋2单元501室"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("国军派人驻守塞拉图哨所。", "塞拉图哨所"),  # a facility word added to the list
        ("拍摄地：九号花园（建设六马路）", "九号花园"),  # a numbered name, not a count
        ("四方桥区域是被大家看好的。", "四方桥"),
        ("开发商更担心蒜村经适房的销售。", "蒜村"),  # the HMM glued 村 to the next character
        ("大观园和西市场也随后成立了。", "西市场"),  # a compass point before a generic facility
        ("政府部门的“公务员小区”。", "公务员小区"),  # 小区 names a place after any noun
    ],
)
def test_more_landmarks_are_found(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    "text",
    [
        "这两个酒店价格不贵。",  # a count of hotels
        "宁波市政府一位人士指出。",  # 府 ends the everyday word 政府
        "这是一个研究中心。",  # a generic facility after an everyday noun
    ],
)
def test_counts_and_everyday_words_are_no_landmarks(text: str) -> None:
    assert places(text) == []


def test_landmark_replaces_the_lone_place_inside_it() -> None:
    assert places("名字叫泰坦尼克餐厅。") == ["泰坦尼克餐厅"]


def test_unknown_name_ending_in_its_unit_outscores_a_person_reading() -> None:
    text = "即包了一辆车到了饶埠乡。"
    hits = find_addresses(text, tokenize(text))
    assert [(text[h.start : h.end], h.score) for h in hits] == [("饶埠乡", SCORE_UNIT_NAME)]
    assert SCORE_UNIT_NAME > SCORE_PLACE


def test_listed_places_are_han_words() -> None:
    """find_places reads a token with any other character only as a Latin place: every listed
    place, county stem and Chinese place must be a Han word for that to give the same answers."""
    from privacy.detect.zh.gazetteer import CHINESE_PLACES, GAZETTEER
    from privacy.detect.zh.gazetteer_counties import _county_stems
    from privacy.detect.zh.segment import is_cjk

    for table in (GAZETTEER, CHINESE_PLACES, _county_stems()):
        assert [w for w in table if not is_cjk(w)] == []


def test_latin_and_han_places_in_one_text() -> None:
    text = "游客在Oahu岛度假，后来留在安菲尔德。"
    found = places(text)
    assert "Oahu岛" in found and "安菲尔德" in found
