"""QQ numbers after a QQ / 扣扣 cue are account handles; a bare number of that length is not."""

from __future__ import annotations

import pytest

from privacy.detect.entities import SOCIAL_HANDLE
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_qq import QQNumberRecognizer
from privacy.detect.scanner import Scanner

QQ = QQNumberRecognizer()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("患者身份证略，QQ号123456789。", "123456789"),
        ("扣扣：10001", "10001"),
        ("家属qq 2855009912 可联系", "2855009912"),
        ("QQ number: 12345678901", "12345678901"),
        ("企鹅号是987654321", "987654321"),
    ],
)
def test_cued_qq_numbers_are_found(text: str, number: str) -> None:
    (span,) = QQ.find(normalize(text))
    assert span.entity_type == SOCIAL_HANDLE and span.text == number


@pytest.mark.parametrize(
    "text",
    [
        "血小板计数123456789/L",  # a number without the cue
        "QQ号0123456",  # QQ numbers never start with 0
        "QQ号1234",  # under five digits
        "QQ号123456789012",  # over eleven digits: no QQ number
        "FAQQ 12345 items",  # a Latin word ending in qq is no cue
    ],
)
def test_numbers_without_a_qq_shape_or_cue_are_not(text: str) -> None:
    assert QQ.find(normalize(text)) == []


def test_the_scanner_masks_a_qq_number_in_a_note() -> None:
    text = "患者身份证2102 0219 6605 1234 19，微信zhaogq1970，QQ号123456789。"
    spans = Scanner().scan([text], "zh")[0]
    found = {text[s.start : s.end]: s.entity_type for s in spans}
    assert found.get("123456789") == SOCIAL_HANDLE
    assert found.get("zhaogq1970") == SOCIAL_HANDLE
