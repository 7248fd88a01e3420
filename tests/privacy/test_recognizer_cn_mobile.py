"""Mobile numbers in the layouts people actually type."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_mobile import CnMobileRecognizer

REC = CnMobileRecognizer()


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+8613812345678",
        "0086-13812345678",
        "(+86)13812345678",
    ],
)
def test_layouts(written: str) -> None:
    text = f"联系电话{written}，谢谢"
    (span,) = REC.find(normalize(text))
    assert span.text == written
    assert span.score >= 0.8


def test_full_width() -> None:
    text = "手机：１３８１２３４５６７８"
    (span,) = REC.find(normalize(text))
    assert text[span.start : span.end] == "１３８１２３４５６７８"


def test_context_raises_score() -> None:
    (bare,) = REC.find(normalize("编号 13812345678"))
    (cued,) = REC.find(normalize("手机 13812345678"))
    assert cued.score > bare.score


@pytest.mark.parametrize(
    "text",
    ["号码12812345678", "时间戳1710489600000", "订单2024031512345678901", "13812345"],
)
def test_negatives(text: str) -> None:
    assert REC.find(normalize(text)) == []


@pytest.mark.parametrize(
    "text", ["<PERSON:14616090019eec7a>", "token ab13812345678", "SN 13812345678X2"]
)
def test_digits_glued_to_letters_are_not_a_mobile(text: str) -> None:
    assert REC.find(normalize(text)) == []


@pytest.mark.parametrize(
    "written", ["1 3 8 0 4 1 1 7 7 8 8", "1-3-8-0-4-1-1-7-7-8-8", "1 38 0411 7788"]
)
def test_a_number_written_digit_by_digit(written: str) -> None:
    """trial12: 电话：1 3 8 0 4 1 1 7 7 8 8 was released in clear (the first three digits had to
    be written together)."""
    text = f"电话：{written}。"
    (span,) = REC.find(normalize(text))
    assert text[span.start : span.end] == written
    assert REC.find(normalize("批号 1 3 8 0 4 1")) == []  # too few digits
