"""Resident ID recognizer: checksum sets the score, shape alone still detects (recall first)."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_resident_id import (
    SCORE_BAD_CHECK,
    SCORE_CHECKED,
    CnResidentIdRecognizer,
)
from privacy.detect.spans import Span

REC = CnResidentIdRecognizer()


def find(text: str) -> list[Span]:
    return REC.find(normalize(text))


def test_valid_id_scores_high() -> None:
    (span,) = find("身份证号11010519491231002X，男")
    assert (span.start, span.end, span.text) == (4, 22, "11010519491231002X")
    assert span.score == SCORE_CHECKED


def test_wrong_check_digit_is_still_detected_lower() -> None:
    (span,) = find("证件 110105194912310021 请核对")
    assert span.text == "110105194912310021"
    assert SCORE_BAD_CHECK <= span.score < SCORE_CHECKED


def test_wrong_check_digit_without_context_scores_below_with_context() -> None:
    (bare,) = find("编码 110105194912310021")
    (cued,) = find("身份证号码：110105194912310021")
    assert bare.score < cued.score < SCORE_CHECKED


@pytest.mark.parametrize(
    "written",
    [
        "110105 19491231 002X",
        "110105-19491231-002X",
        "1101 0519 4912 3100 2X",
        "110105  19491231002x",
    ],
)
def test_messy_spacing(written: str) -> None:
    text = f"患者身份证{written}。"
    (span,) = find(text)
    assert span.text == written
    assert span.score == SCORE_CHECKED


def test_full_width_digits_map_to_original_offsets() -> None:
    text = "身份证：１１０１０５１９４９１２３１００２Ｘ"
    (span,) = find(text)
    assert text[span.start : span.end] == "１１０１０５１９４９１２３１００２Ｘ"
    assert span.score == SCORE_CHECKED


def test_legacy_15_digit() -> None:
    (span,) = find("老身份证号110105491231002")
    assert span.text == "110105491231002"


@pytest.mark.parametrize(
    "text",
    [
        "订单号202403150012345678",  # region 20 does not exist
        "时间戳 20240315083000 与 1710489600000",
        "流水号 110105194913310021",  # month 13
        "卡号 6222021234567890128",  # 19 digits, not 18
        "编号1101051949123100212",  # 19-digit run
    ],
)
def test_negatives(text: str) -> None:
    assert find(text) == []
