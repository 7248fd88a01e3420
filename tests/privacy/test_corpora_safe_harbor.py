"""Generated Safe Harbor sentences: reproducible, gold spans slice ages of 90+ and dates."""

from __future__ import annotations

import re

from privacy.corpora.safe_harbor import generate_safe_harbor
from privacy.detect.entities import AGE_OVER_89, DATE
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.age_over_89 import AgeOver89Recognizer
from privacy.detect.recognizers.generic.english_date import EnglishDateRecognizer


def test_reproducible_with_gold_ages_dates_and_decoys() -> None:
    a, b = generate_safe_harbor(300, seed=3), generate_safe_harbor(300, seed=3)
    assert [n.text for n in a] == [n.text for n in b]
    kinds = {n.span[2] if n.span else None for n in a}
    assert kinds == {AGE_OVER_89, DATE, None}
    for note in a:
        if note.span and note.span[2] == AGE_OVER_89:
            value = note.text[note.span[0] : note.span[1]]
            digits = re.sub(r"[^0-9]", "", value)
            assert (int(digits) >= 90) if digits else value[0] in "九一"


def test_recognizers_cover_the_gold_and_leave_the_decoys() -> None:
    """Every planted span is covered whole by its recognizer; decoy sentences give nothing."""
    recognizers = {AGE_OVER_89: AgeOver89Recognizer(), DATE: EnglishDateRecognizer()}
    for note in generate_safe_harbor(600, seed=9):
        found = [s for r in recognizers.values() for s in r.find(normalize(note.text))]
        if note.span is None:
            assert found == [], note.text
        else:
            start, end, entity = note.span
            assert [(s.start, s.end, s.entity_type) for s in found] == [(start, end, entity)]
