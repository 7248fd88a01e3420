"""Latin-script places inside Chinese text: facility words, English place words, glosses."""

from __future__ import annotations

import pytest

from privacy.detect.zh.address import find_addresses
from privacy.detect.zh.address_latin import is_latin_place_word
from privacy.detect.zh.segment import tokenize


def places(text: str) -> list[str]:
    return [text[h.start : h.end] for h in find_addresses(text, tokenize(text))]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("我只在Hacker基地训练了两个月。", "Hacker基地"),
        ("上下车点分别为barklystreet巴克利街。", "barklystreet"),
        ("博格里亚湖lakebogoria在肯尼亚的东边。", "lakebogoria"),
        ("北京CBD的写字楼。", "CBD"),
        ("库兰达热带雨林kuranda", "kuranda"),  # the English name after a named forest
        ("会展中心（setec）举行。", "setec"),
    ],
)
def test_latin_places_are_found(text: str, place: str) -> None:
    assert place in places(text)


def test_place_word_needs_a_name_beside_it() -> None:
    assert is_latin_place_word("daintreeriver") and is_latin_place_word("mounttearoha")
    assert not is_latin_place_word("ebay")  # three letters at least besides the place word
    assert not is_latin_place_word("fighting")


@pytest.mark.parametrize("text", ["我用ebay买东西。", "中国DOTA战队很强。"])
def test_other_latin_words_are_no_places(text: str) -> None:
    assert not any(p.isascii() for p in places(text))
