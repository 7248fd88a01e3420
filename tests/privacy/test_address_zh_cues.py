"""Places read from their surroundings: class nouns, nearness, event frames, glued heads."""

from __future__ import annotations

import pytest

from privacy.detect.zh.address import find_addresses
from privacy.detect.zh.names_places import place_context
from privacy.detect.zh.segment import tokenize


def places(text: str) -> list[str]:
    return [text[h.start : h.end] for h in find_addresses(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("发布会在中国电竞馆举行。", "中国电竞馆"),  # 在 X 举行
        ("徐克在香港电影的近三十年中。", "香港"),  # a listed place glued to 电影
        ("他们是江苏盐城人。", "盐城"),  # a home town before 人
        ("午餐可以在卡拉维尔附近解决。", "维尔"),  # a name right before 附近
    ],
)
def test_places_found_from_context(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    "text",
    [
        "中国银行拟收购一家公司。",  # an organization named after a country
        "法国人想把它拆掉。",  # a nationality, not a place
        "我在家里工作。",  # a frame around an everyday word
    ],
)
def test_no_place_from_weak_context(text: str) -> None:
    assert places(text) == []


def test_class_noun_makes_a_place_for_the_name_models_too() -> None:
    text = "美军攻击伊拉克中部城市费卢杰。"
    start = text.index("费卢杰")
    assert place_context(text, start, start + 3)
    assert place_context("马久附近有餐馆", 0, 2)
    assert not place_context("张伟说他很好", 0, 2)
