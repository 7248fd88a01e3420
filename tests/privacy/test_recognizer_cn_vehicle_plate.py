"""Vehicle plates, including 8-character new-energy plates and separators."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_vehicle_plate import (
    CnVehiclePlateRecognizer,
)

REC = CnVehiclePlateRecognizer()


@pytest.mark.parametrize(
    "plate",
    ["辽B·D12345", "辽BD12345", "辽B12345", "京A·12345", "粤B12345D", "沪A-8K3Q2", "辽b12345"],
)
def test_plates(plate: str) -> None:
    (span,) = REC.find(normalize(f"罐车{plate}进厂"))
    assert span.text == plate


def test_new_energy_plate_is_one_span_not_a_regular_prefix() -> None:
    (span,) = REC.find(normalize("车牌辽BD12345"))
    assert span.text == "辽BD12345"


@pytest.mark.parametrize("text", ["辽宁省大连市", "京A1234号", "沪深300指数", "辽B1234567"])
def test_negatives(text: str) -> None:
    assert REC.find(normalize(text)) == []
