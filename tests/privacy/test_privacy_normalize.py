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


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_characters_are_dropped_and_spans_map_back_over_them(invisible: str) -> None:
    text = f"手机139{invisible}0411{invisible}2233。"
    norm = normalize(text)
    assert norm.text == "手机13904112233."
    start = norm.text.index("139")
    assert norm.to_original(start, start + 11) == (2, 2 + 11 + 2 * len(invisible))


def test_a_dropped_character_and_an_expanded_one_do_not_cancel_out() -> None:
    text = "\u200b㎡张伟"  # one character dropped, one grown to two: same length, shifted map
    norm = normalize(text)
    assert norm.text == "m2张伟"
    assert norm.to_original(0, 2) == (1, 2)  # "m2" is the ㎡ at 1, not the space at 0
    assert norm.to_original(2, 4) == (2, 4)
