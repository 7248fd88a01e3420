"""The extra place lists: world destinations and city districts, and their use when split."""

from __future__ import annotations

from privacy.detect.zh.address import find_addresses
from privacy.detect.zh.gazetteer import CHINESE_PLACES, is_gazetteer_place
from privacy.detect.zh.segment import tokenize


def test_world_and_district_places_are_listed() -> None:
    assert all(is_gazetteer_place(w) for w in ("霍巴特", "布鲁日", "丽泽", "渝中", "塔斯马尼亚"))
    assert "丽泽" in CHINESE_PLACES and "霍巴特" not in CHINESE_PLACES


def test_personal_names_and_everyday_words_stay_out() -> None:
    assert not any(is_gazetteer_place(w) for w in ("维多利亚", "亚历山大", "天河", "新天地"))


def test_listed_place_split_by_the_segmenter_is_found() -> None:
    text = "加摇滚中国乐势力红磡演唱会。"  # jieba: 红 / 磡
    assert "红磡" in [text[h.start : h.end] for h in find_addresses(text, tokenize(text))]
