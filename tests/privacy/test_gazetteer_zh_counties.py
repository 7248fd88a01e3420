"""Bare county names come from jieba's ns entries, without everyday words or kinds of city."""

from __future__ import annotations

from privacy.detect.zh.address import find_addresses
from privacy.detect.zh.address_places import SCORE_COUNTY
from privacy.detect.zh.gazetteer_counties import is_county_stem
from privacy.detect.zh.names_han import THRESHOLD
from privacy.detect.zh.segment import tokenize


def test_county_names_without_their_unit() -> None:
    assert is_county_stem("邹平") and is_county_stem("嘉鱼") and is_county_stem("宝山")


def test_everyday_words_and_generic_areas_are_not_county_names() -> None:
    assert not is_county_stem("和平")  # 和平区 exists, but 和平 is an everyday word
    assert not is_county_stem("宜居城")  # from 宜居城市: a kind of city


def test_bare_county_name_scores_below_any_person_reading() -> None:
    text = "继莱州、邹平两家农商行今年改制。"
    hits = {text[h.start : h.end]: h.score for h in find_addresses(text, tokenize(text))}
    assert hits["邹平"] == SCORE_COUNTY < THRESHOLD - 0.05
