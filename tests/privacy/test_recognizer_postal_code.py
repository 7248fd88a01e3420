"""Postal codes are masked after 邮编/邮政编码/ZIP; six bare digits (lab values, AIS codes) stay."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from privacy.detect.entities import POSTAL_CODE
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.postal_code import PostalCodeRecognizer

POSTAL = PostalCodeRecognizer()
SIX_DIGITS = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("邮编：116001", "116001"),
        ("邮政编码 110000", "110000"),
        ("辽宁省大连市中山区人民路9号（邮编116001）", "116001"),
        ("邮编为 ０１００１０", "０１００１０"),  # full-width digits, reported as written
        ("ZIP code: 02139-1234", "02139-1234"),
        ("Boston, MA, zip 02139", "02139"),
    ],
)
def test_cued_codes_found(text: str, code: str) -> None:
    (span,) = POSTAL.find(normalize(text))
    assert span.entity_type == POSTAL_CODE
    assert span.text == code == text[span.start : span.end]


@pytest.mark.parametrize(
    "text",
    [
        "血小板计数116001，白细胞110000",  # lab values
        "MMSI 412345678, code 116001",
        "邮编9116001",  # seven digits: no postal code
        "邮编：916001",  # no mainland code starts with 9
        "批号202403，编号116001",
    ],
)
def test_uncued_six_digits_not_found(text: str) -> None:
    assert POSTAL.find(normalize(text)) == []


@pytest.mark.parametrize(
    "relative",
    [
        "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv",
        "marine/ais_nmea_pyais_sample.txt",
        "marine/ais_nmea_libais_test.aivdm",
    ],
)
def test_real_ais_lines_hold_no_postal_code(
    shared_file: Callable[[str], Path], relative: str
) -> None:
    """Real AIS and buoy lines: none is read as a postal code; with a cue their numbers are."""
    lines = shared_file(relative).read_text(encoding="utf-8", errors="replace").splitlines()
    assert [s for line in lines for s in POSTAL.find(normalize(line))] == []
    cued = [
        f"邮编：{m.group()[:6]}" for line in lines for m in re.finditer(r"[0-8][0-9]{5,}", line)
    ]
    assert cued, "the sample holds digit runs to build cued codes from"
    assert all(len(POSTAL.find(normalize(t))) == 1 for t in cued)


def test_real_medical_text_fires_only_with_the_cue(shared_file: Callable[[str], Path]) -> None:
    """CMeEE: its bare 6-digit numbers are no postal codes; the same numbers after 邮编 are."""
    records = json.loads(shared_file("medical/cmeee_v2_test.json").read_text(encoding="utf-8"))
    texts = [r["text"] for r in records]
    assert [s for t in texts for s in POSTAL.find(normalize(t))] == []
    codes = [m.group() for t in texts for m in SIX_DIGITS.finditer(t) if m.group()[0] != "9"]
    assert codes, "CMeEE holds 6-digit numbers to build cued codes from"
    mutated = [f"{t}邮政编码：{n}" for t, n in zip(texts, codes, strict=False)]
    assert [s.text for t in mutated for s in POSTAL.find(normalize(t))] == codes
