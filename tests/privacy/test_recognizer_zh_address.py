"""Hierarchical Chinese addresses become ADDRESS; lone place names LOCATION (lower score)."""

from __future__ import annotations

from privacy.detect.entities import ADDRESS, LOCATION
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp.zh_address import ZhAddressRecognizer

REC = ZhAddressRecognizer()


def found(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.entity_type) for s in REC.find(normalize(text))]


def test_full_street_address() -> None:
    text = "患者家住辽宁省大连市中山区人民路88号3栋2单元501室，电话见上。"
    assert ("辽宁省大连市中山区人民路88号3栋2单元501室", ADDRESS) in found(text)


def test_village_address_with_group() -> None:
    text = "工人住大连市甘井子区大连湾街道前关村3组。"
    assert ("大连市甘井子区大连湾街道前关村3组", ADDRESS) in found(text)


def test_street_and_number_without_city() -> None:
    assert ("解放街12号", ADDRESS) in found("送货至解放街12号。")


def test_lone_place_is_location_with_low_score() -> None:
    spans = REC.find(normalize("船舶从大连出发。"))
    assert [(s.text, s.entity_type) for s in spans] == [("大连", LOCATION)]
    assert spans[0].score < 0.5


def test_berth_and_bed_numbers_are_not_addresses() -> None:
    assert all(t[1] != ADDRESS for t in found("靠泊大窑湾9号泊位，5号床患者"))
