"""Bank cards: Luhn earns detection; a typo'd number needs a card cue."""

from __future__ import annotations

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_bank_card import (
    SCORE_CONTEXT_ONLY,
    SCORE_LUHN,
    SCORE_LUHN_CONTEXT,
    CnBankCardRecognizer,
)

REC = CnBankCardRecognizer()


def test_luhn_valid_with_and_without_context() -> None:
    (cued,) = REC.find(normalize("银行卡号6222021234567890128"))
    assert cued.score == SCORE_LUHN_CONTEXT
    (bare,) = REC.find(normalize("编号 6222021234567890128 已登记"))
    assert bare.score == SCORE_LUHN


def test_grouped_and_full_width() -> None:
    text = "卡号：６２２２ ０２１２ ３４５６ ７８９０ １２８"
    (span,) = REC.find(normalize(text))
    assert text[span.start : span.end] == "６２２２ ０２１２ ３４５６ ７８９０ １２８"


def test_luhn_failure_only_with_context() -> None:
    (span,) = REC.find(normalize("card no. 6222021234567890127"))
    assert span.score == SCORE_CONTEXT_ONLY
    assert REC.find(normalize("批次 6222021234567890127")) == []


def test_order_numbers_starting_with_2_are_not_cards() -> None:
    assert REC.find(normalize("订单号2024031500123456")) == []
