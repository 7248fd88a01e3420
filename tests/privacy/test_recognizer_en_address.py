"""The Latin address recognizer reports ADDRESS in original offsets, boosted by address cues."""

from __future__ import annotations

import polars as pl

from privacy.detect.entities import ADDRESS
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp.en_address import LatinAddressRecognizer
from privacy.detect.scanner import Scanner

REC = LatinAddressRecognizer()


def test_span_in_original_offsets() -> None:
    text = "Ｓｕｉｔｅ 501 is upstairs"
    (span,) = REC.find(normalize(text))
    assert (span.entity_type, span.start, span.end) == (ADDRESS, 0, 9)


def test_context_cue_raises_score() -> None:
    (plain,) = REC.find(normalize("We met at 1668 Glyn St yesterday"))
    (cued,) = REC.find(normalize("Her home address: 1668 Glyn St"))
    assert cued.score > plain.score


def test_prefilter_admits_every_part_shape() -> None:
    """The scanner's polars prefilter must let every address shape through, and skip plain prose."""
    texts = ["Apt. 762", "Harjukuja 54", "1668 Glyn St", "USNV Vincent\nFPO AA", "no numbers here"]
    admitted = pl.Series(texts).str.contains(LatinAddressRecognizer.PREFILTER or "").to_list()
    assert admitted == [True, True, True, True, False]


def test_scan_keeps_identifiers_and_names_whole() -> None:
    """An address score stays below identifiers: the mobile number and name survive intact."""
    text = "Patient John Smith lives at 24 Clarke Avenue, Apt. 5. Contact: 13812345678."
    spans = Scanner(spacy_model=None).scan([text], lang="en")[0]
    by_type = {s.entity_type: s.text for s in spans}
    assert by_type["ADDRESS"] == "24 Clarke Avenue, Apt. 5"
    assert by_type["CN_MOBILE"] == "13812345678"
    assert by_type["PERSON"] == "John Smith"
