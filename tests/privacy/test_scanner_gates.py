"""Texts that only some steps may look at still get every identifier found, by the scanner and
the engine alike (prefilters decide which step sees a text; they must never lose a match)."""

from __future__ import annotations

import polars as pl
import pytest

from privacy.detect.engine import shared_engine
from privacy.detect.normalize import normalize
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


# Identifiers in layouts a recognizer accepts but its prefilter once cut (the mainland
# landline dialled from abroad drops its trunk 0), plus everyday ones as a control.
PREFILTER_TEXTS = [
    "Agent tel +86 411 8276 1234 (office).",
    "船东电话0086-21-6234 5678，值班。",
    "Call +86 (0)10 6234 5678 for the master.",
    "值班室电话0411-8888 6666。",
    "Mobile +1 415 555 0132, SSN 078-05-1120.",
    "护照号E12345678，身份证210203198506123412。",
    "Patient email kim.lee@example.org, DOB 1972-09-30.",
]


@pytest.mark.parametrize("text", PREFILTER_TEXTS)
def test_prefilter_lets_through_every_text_its_step_matches(text: str) -> None:
    scanner = Scanner(shared_engine())
    norm = normalize(text)
    for step in [*scanner.steps, *scanner.english_steps]:
        if step.PREFILTER is None or getattr(step, "BATCHED", False):
            continue
        if step.find(norm):
            passes = pl.Series([norm.text]).str.contains(step.PREFILTER).item()
            assert passes, f"{step.name}'s prefilter drops {text!r}, which it matches"


def test_mainland_landline_dialled_from_abroad_is_found_in_english_text() -> None:
    (spans,) = Scanner(shared_engine()).scan(["Agent: tel +86 411 8276 1234 (office)."])
    assert [(s.text, s.entity_type) for s in spans] == [("+86 411 8276 1234", "CN_LANDLINE")]
