"""Passports and Hong Kong / Macau / Taiwan travel permits."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_passport import CnPassportRecognizer
from privacy.detect.recognizers.country_specific.china.cn_travel_permit import (
    CnTravelPermitRecognizer,
)

PASSPORT = CnPassportRecognizer()
PERMIT = CnTravelPermitRecognizer()


@pytest.mark.parametrize("number", ["E12345678", "EA1234567", "G12345678", "e12345678"])
def test_passports(number: str) -> None:
    (span,) = PASSPORT.find(normalize(f"护照号{number}"))
    assert span.text == number
    assert span.score >= 0.9


def test_official_passport_needs_context() -> None:
    assert PASSPORT.find(normalize("零件号P1234567")) == []
    assert len(PASSPORT.find(normalize("公务护照 P1234567"))) == 1


@pytest.mark.parametrize(
    "number", ["C12345678", "CA1234567", "H12345678", "M1234567801", "T12345678"]
)
def test_permits(number: str) -> None:
    (span,) = PERMIT.find(normalize(f"港澳通行证{number}"))
    assert span.text == number
    assert span.score >= 0.9


def test_negatives() -> None:
    assert PASSPORT.find(normalize("设备E-1203 与 E123456789")) == []
    assert PERMIT.find(normalize("型号C123456 与 MSCU1234567")) == []
