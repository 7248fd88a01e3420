"""Texts that only some steps may look at still get every identifier found, by the scanner and
the engine alike (prefilters decide which step sees a text; they must never lose a match)."""

from __future__ import annotations

import pytest

from privacy.detect.engine import shared_engine
from privacy.detect.scanner import Scanner

CASES = [
    # (text, expected (surface, type) pairs)
    ("联系电话+44 20 7946 0958，请回电。", [("+44 20 7946 0958", "PHONE_NUMBER")]),
    ("张伟昨天去了医院复查。", [("张伟", "PERSON")]),
    ("今天钟敏值班。", [("钟敏", "PERSON")]),
    (
        "身份证１１０１０５１９４９１２３１００２Ｘ",
        [("１１０１０５１９４９１２３１００２Ｘ", "CN_RESIDENT_ID")],
    ),
    (
        "Pay to IBAN DE89 3704 0044 0532 0130 00 today.",
        [("DE89 3704 0044 0532 0130 00", "IBAN_CODE")],
    ),
    ("转账至DE89370400440532013000。", [("DE89370400440532013000", "IBAN_CODE")]),
    ("Transfer GB82-WEST-1234-5698-7654-32 now", [("GB82-WEST-1234-5698-7654-32", "IBAN_CODE")]),
    (
        "转账至ＤＥ８９３７０４００４４０５３２０１３０００。",
        [("ＤＥ８９３７０４００４４０５３２０１３０００", "IBAN_CODE")],
    ),
    # Presidio's IBAN pattern is case-sensitive: neither path reports a lower-case one.
    ("pay to iban de89370400440532013000 today.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_gated_text_keeps_its_identifiers(text: str, expected: list[tuple[str, str]]) -> None:
    engine = shared_engine()
    (spans,) = Scanner(engine).scan([text])
    assert [(s.text, s.entity_type) for s in spans] == expected
    assert spans == engine.analyze(text)
