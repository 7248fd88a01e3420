"""Unified social credit codes: GB 32100 check char; all-digit look-alikes need a cue."""

from __future__ import annotations

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_uscc import (
    SCORE_CHECKED,
    CnUsccRecognizer,
)

REC = CnUsccRecognizer()


def test_valid_code() -> None:
    (span,) = REC.find(normalize("统一社会信用代码：91350100M000100Y43"))
    assert span.text == "91350100M000100Y43"
    assert span.score == SCORE_CHECKED


def test_wrong_check_char_detected_lower_and_lowercase() -> None:
    (span,) = REC.find(normalize("信用代码 91350100m000100y44"))
    assert span.text == "91350100m000100y44"
    assert span.score < SCORE_CHECKED


def test_resident_ids_and_order_numbers_are_left_alone() -> None:
    assert REC.find(normalize("身份证11010519491231002X")) == []
    assert REC.find(normalize("订单202403150012345678")) == []
