"""Whole Chinese addresses: from the first administrative part to the room, in every shape."""

from __future__ import annotations

import pytest

from privacy.corpora.address_zh import SHAPES, generate_addresses
from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _covered(scanner: Scanner, text: str, start: int, end: int) -> float:
    chars = set()
    for s in scanner.scan([text])[0]:
        if s.entity_type in ("ADDRESS", "LOCATION"):
            chars |= set(range(max(start, s.start), min(end, s.end)))
    return len(chars) / (end - start)


def test_the_issue_example_is_one_address_span(scanner: Scanner) -> None:
    text = "现住址：沈阳市和平区南京北街锦绣华庭29栋3单元1702室"
    spans = [s for s in scanner.scan([text])[0] if s.entity_type == "ADDRESS"]
    assert [s.text for s in spans] == ["沈阳市和平区南京北街锦绣华庭29栋3单元1702室"]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_liaoning_shape_is_covered_whole(scanner: Scanner, shape: str) -> None:
    notes = [n for n in generate_addresses(12, seed=77) if n.shape == shape]
    shares = [_covered(scanner, n.text, n.span[0], n.span[1]) for n in notes]
    assert sum(s >= 0.95 for s in shares) >= 11, (shape, shares)


def test_growth_stops_before_the_rest_of_the_sentence(scanner: Scanner) -> None:
    text = "住址：大连市中山区人民路88号3栋2单元501室，3天前开始发热。"
    (span,) = [s for s in scanner.scan([text])[0] if s.entity_type == "ADDRESS"]
    assert span.text == "大连市中山区人民路88号3栋2单元501室"


def test_a_comma_before_the_building_does_not_end_the_address(scanner: Scanner) -> None:
    text = "患者住大连市中山区人民路12号，3号楼2单元501，电话13812345678。"
    spans = {(s.entity_type, s.text) for s in scanner.scan([text])[0]}
    assert ("ADDRESS", "大连市中山区人民路12号，3号楼2单元501") in spans
    assert not any(entity == "LOCATION" for entity, _ in spans)
    later = "住大连市中山区人民路12号，3天后复查。"
    (address,) = [s.text for s in scanner.scan([later])[0] if s.entity_type == "ADDRESS"]
    assert address == "大连市中山区人民路12号"


def test_generator_is_reproducible_and_varied() -> None:
    a, b = generate_addresses(5, seed=1), generate_addresses(5, seed=1)
    assert a == b and len(a) == 5 * len(SHAPES)
    assert len({n.text[n.span[0] : n.span[1]] for n in a}) == len(a)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "现住址：辽宁省大连市中山区山水人家26栋1单元601室。",
            "辽宁省大连市中山区山水人家26栋1单元601室",
        ),
        ("家住沈阳市皇姑区金色家天下7号楼2单元301", "沈阳市皇姑区金色家天下7号楼2单元301"),
    ],
)
def test_a_complex_without_a_complex_word_is_known_by_its_building(
    scanner: Scanner, text: str, address: str
) -> None:
    """山水人家 ends in no 小区/花园 word: the building number after it says it is a complex."""
    covered = _covered(scanner, text, text.index(address), text.index(address) + len(address))
    assert covered == 1.0


def test_a_clause_after_a_district_is_not_a_complex(scanner: Scanner) -> None:
    spans = scanner.scan(["患者于中山区就诊后3单元"])[0]
    assert not any(s.entity_type == "ADDRESS" and "就诊" in s.text for s in spans)


@pytest.mark.parametrize(
    "text, address",
    [
        (
            "随访地址：营口市站前区新兴街道锦华C区7栋1单元402，电话已核实。",
            "营口市站前区新兴街道锦华C区7栋1单元402",
        ),
        ("住址：沈阳市皇姑区华山路B区3号楼2单元601室。", "沈阳市皇姑区华山路B区3号楼2单元601室"),
        (
            "家住大连市沙河口区万科城二区5号楼1单元302，独居。",
            "大连市沙河口区万科城二区5号楼1单元302",
        ),
    ],
)
def test_a_lettered_zone_of_a_complex_stays_inside_the_address(
    scanner: Scanner, text: str, address: str
) -> None:
    spans = [s.text for s in scanner.scan([text])[0] if s.entity_type == "ADDRESS"]
    assert spans == [address]


def test_a_zone_word_without_a_building_after_it_ends_the_address(scanner: Scanner) -> None:
    text = "住址：大连市中山区人民路88号，A区护士站已通知。"
    spans = [s.text for s in scanner.scan([text])[0] if s.entity_type == "ADDRESS"]
    assert spans == ["大连市中山区人民路88号"]


@pytest.mark.parametrize(
    "text, tail",
    [
        # trial13: an address wrapped onto the next line of a note (a HIS text box) released
        # its complex, building, unit and room: 富丽华庭5栋2单元1202 stayed in clear.
        ("产妇杨静，住址大连市甘井子区红旗西路\n富丽华庭5栋2单元1202。", "富丽华庭5栋2单元1202"),
        ("住址大连市甘井子区红旗西路\r\n锦绣华庭29栋3单元1702室。", "锦绣华庭29栋3单元1702室"),
        ("现住沈阳市和平区南京北街\n山水人家26栋1单元601室", "山水人家26栋1单元601室"),
    ],
)
def test_an_address_wrapped_onto_the_next_line_is_covered_whole(
    scanner: Scanner, text: str, tail: str
) -> None:
    start = text.index(tail)
    assert _covered(scanner, text, start, start + len(tail)) == 1.0


def test_a_line_after_an_address_that_is_no_address_part_stays(scanner: Scanner) -> None:
    text = "住址大连市甘井子区红旗西路\n既往体健，否认高血压病史。"
    spans = [s.text for s in scanner.scan([text])[0] if s.entity_type == "ADDRESS"]
    assert spans == ["大连市甘井子区红旗西路"]
