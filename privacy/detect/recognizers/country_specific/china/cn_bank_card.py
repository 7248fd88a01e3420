"""Bank card numbers: 16-19 digits, grouped or not; Luhn-valid, or any shape beside 银行卡/卡号."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.checksums import luhn_ok
from privacy.detect.entities import CN_BANK_CARD
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import (
    NOT_DIGIT_AFTER,
    NOT_DIGIT_BEFORE,
    SEP,
    BohaiRecognizer,
    digits_only,
    register,
)
from privacy.detect.spans import Span

_CARD = re.compile(
    NOT_DIGIT_BEFORE + r"[3-9][0-9]{3}(?:" + SEP + r"[0-9]){12,15}" + NOT_DIGIT_AFTER
)

SCORE_LUHN = 0.85
SCORE_LUHN_CONTEXT = 0.95
SCORE_CONTEXT_ONLY = 0.5


@register
class CnBankCardRecognizer(BohaiRecognizer):
    """Debit and credit card numbers (UnionPay 62..., Visa 4..., Mastercard 5..., and others)."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_BANK_CARD,)
    PREFILTER: ClassVar[str | None] = r"[3-9][0-9]{3}(?:[ \-]{0,2}[0-9]){12}"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "银行卡",
        "卡号",
        "账号",
        "帐号",
        "账户",
        "帐户",
        "借记卡",
        "信用卡",
        "储蓄卡",
        "工资卡",
        "开户",
        "card",
        "account",
        "acct",
        "a/c",
    )
    CONTEXT_BEFORE: ClassVar[int] = 20

    def find(self, norm: NormalizedText) -> list[Span]:
        """Luhn-valid numbers always; typo'd (Luhn-failing) ones only with a card cue nearby."""
        out: list[Span] = []
        for m in _CARD.finditer(norm.text):
            digits = digits_only(m.group())
            context = self.has_context(norm, *m.span())
            if luhn_ok(digits):
                score = SCORE_LUHN_CONTEXT if context else SCORE_LUHN
            elif context:
                score = SCORE_CONTEXT_ONLY
            else:
                continue
            out.append(self.span(norm, m.start(), m.end(), CN_BANK_CARD, score))
        return out
