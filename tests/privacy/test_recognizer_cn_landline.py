"""Landlines need an area code; dates and clock times are not phone numbers."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_landline import CnLandlineRecognizer

REC = CnLandlineRecognizer()


@pytest.mark.parametrize(
    "written",
    [
        "0411-8888 6666",
        "(0411)88886666",
        "010-62345678",
        "021 6234 5678",
        "+86 411 8888 6666",
        "0411-88886666转123",
        "（0411）88886666",
    ],
)
def test_layouts(written: str) -> None:
    text = f"值班室电话{written}。"
    (span,) = REC.find(normalize(text))
    assert span.text == written


@pytest.mark.parametrize(
    "text", ["日期2024-03-15", "时间 08:30-16:00", "班次0800-1600", "编号01234567", "金额 0.25"]
)
def test_negatives(text: str) -> None:
    assert REC.find(normalize(text)) == []
