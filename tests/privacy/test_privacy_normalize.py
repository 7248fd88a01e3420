"""Normalization keeps a correct map back to original offsets, even when NFKC changes length."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize


def test_ascii_is_identity() -> None:
    norm = normalize("call 13812345678")
    assert norm.text == "call 13812345678"
    assert norm.to_original(5, 16) == (5, 16)


def test_fullwidth_digits_and_chinese_punctuation_fold() -> None:
    norm = normalize("电话：１３８１２３４５６７８（手机）")
    assert norm.text == "电话:13812345678(手机)"
    # Same length: positions map one to one.
    assert norm.to_original(3, 14) == (3, 14)


@pytest.mark.parametrize(
    ("prefix", "expanded"),
    [("ﬁ", "fi"), ("㍿", "株式会社"), ("㎡", "m2"), ("①号", "1号"), ("😀", "😀")],
)
def test_length_changing_characters_map_back(prefix: str, expanded: str) -> None:
    original = f"{prefix} 身份证11010519491231002X 完"
    norm = normalize(original)
    assert norm.text.startswith(expanded)
    start = norm.text.index("110105")
    o_start, o_end = norm.to_original(start, start + 18)
    assert original[o_start:o_end] == "11010519491231002X"


def test_span_inside_an_expanded_character_covers_the_whole_original_character() -> None:
    original = "a㍿b"
    norm = normalize(original)
    assert norm.text == "a株式会社b"
    # "式会" lies inside the single original character '㍿'.
    assert norm.to_original(2, 4) == (1, 2)
    assert norm.to_original(5, 6) == (2, 3)


def test_dashes_and_dots_fold_without_length_change() -> None:
    norm = normalize("0411—8888 6666 辽B・D12345")
    assert norm.text == "0411-8888 6666 辽B·D12345"
    assert norm.starts is None
