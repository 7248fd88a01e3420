"""Function characters glued to an unknown name are split off before the place rules run."""

from __future__ import annotations

from privacy.detect.zh.address import find_addresses
from privacy.detect.zh.address_tokens import resplit
from privacy.detect.zh.segment import Token, tokenize


def test_leading_and_trailing_function_characters_are_split_off() -> None:
    tokens = [Token("对丽泽", 0, 3, None), Token("富力湾建", 3, 7, None)]
    assert [t.word for t in resplit(tokens)] == ["对", "丽泽", "富力湾", "建"]


def test_dictionary_words_and_surnames_stay_whole() -> None:
    tokens = [Token("对手", 0, 2, "n"), Token("于丽娟", 2, 5, None)]
    assert [t.word for t in resplit(tokens)] == ["对手", "于丽娟"]


def test_split_name_is_found_as_a_place() -> None:
    text = "对丽泽的重新定位。"
    assert [text[h.start : h.end] for h in find_addresses(text, tokenize(text))] == ["丽泽"]
