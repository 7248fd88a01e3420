"""Dates of birth only after a birth label, in Chinese, ISO and English forms."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.date_of_birth import DateOfBirthRecognizer

REC = DateOfBirthRecognizer()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("出生日期：1990年3月7日", "1990年3月7日"),
        ("生日 1990-03-07", "1990-03-07"),
        ("出生于1985年12月", "1985年12月"),
        ("DOB: 03/07/1990", "03/07/1990"),
        ("Date of Birth: March 7, 1990", "March 7, 1990"),
        ("born on 7 March 1990", "7 March 1990"),
        ("出生日期：１９９０年３月７日", "１９９０年３月７日"),
    ],
)
def test_labelled_birth_dates(text: str, value: str) -> None:
    (span,) = REC.find(normalize(text))
    assert text[span.start : span.end] == value


def test_other_dates_and_impossible_dates_are_ignored() -> None:
    assert REC.find(normalize("入院日期：2024-03-15")) == []
    assert REC.find(normalize("出生日期：1990-02-30")) == []
    assert REC.find(normalize("出生日期：2990-01-01")) == []
