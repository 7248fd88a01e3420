"""Latin-script address parts are found and chained; plain numbers and dates are not addresses."""

from __future__ import annotations

import re

import pytest

from privacy.detect.en import address
from privacy.detect.en.address import find_street_addresses


def _found(text: str) -> list[str]:
    return [text[h.start : h.end] for h in find_street_addresses(text)]


@pytest.mark.parametrize(
    "address",
    [
        "1668 Glyn St",
        "24 Clarke Avenue",
        "9448 175 Iroon Polytechniou Avenue",
        "Via Roma 131",
        "Rua do Arenque 1634",
        "29 Rue de Tanger",
        "C/ Señores Curas 88",
        "Harjukuja 54",
        "Ringvej 144",
        "Brucker Bundesstrasse 31",
        "Trenerys gate 232",
        "Király u. 15.",
        "255 hersnapvej 18",
        "5049 Harjukuja 54",
        "Hoge Wei 32 St.",
        "5049 Harjukuja 54\nPraha 11000",
        "Apt. 762",
        "Suite 501",
        "P.O. Box 211",
        "PSC 0413, Box 8144\nAPO AA 42323",
        "Unit 5477 Box 8244\nDPO AP 15730",
        "USNV Vincent\nFPO AA 68422",
        "Springfield, IL 62704",
        "the corner of Kuusiku 7 and Alexander Flat",
    ],
)
def test_single_parts(address: str) -> None:
    assert _found(f"Please send it to {address} today.") == [address]


def test_block_runs_over_unit_city_and_postal_code() -> None:
    text = "> Ella Snider\n> 228 Ringvej 144\n> Apt. 902\n> Qaqortoq\n> Greenlander 96817\nThanks"
    assert _found(text) == ["228 Ringvej 144\n> Apt. 902\n> Qaqortoq\n> Greenlander 96817"]


def test_chained_parts_score_higher_than_one() -> None:
    (alone,) = find_street_addresses("Apt. 762")
    (chained,) = find_street_addresses("5 Main St, Apt. 762")
    assert chained.score > alone.score


@pytest.mark.parametrize(
    "text",
    [
        "Order 12345 shipped",
        "Call 62704 before noon",
        "Seen by Dr. King on 12 May 2023",
        "HR 82. Seen by Dr. Hill.",
        "see Guilty Pleasures: 5 Musicians Of The 70s",
        "place of birth 5",
        "sent via courier 3 times",
        "3 patients in the park",
        "the gate 5 is closed",
        "DOB: October 21, 1975",
        "Unit 3 compressor tripped at 04:10",
        "Building 12 was evacuated",
        "Tank 3 Level 45 percent",
        "200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler",
    ],
)
def test_not_addresses(text: str) -> None:
    assert _found(text) == []


def test_room_and_floor_need_another_address_part() -> None:
    """Room/Floor alone is a place inside a building (a ward, a clinic): not flagged by itself."""
    assert _found("Room 5 at the clinic") == []
    assert _found("Floor 3 is closed") == []
    assert _found("12 Harbour Road, Room 5") == ["12 Harbour Road, Room 5"]


def test_number_name_number_needs_a_street_part_beside_it() -> None:
    """A hospital ward (5 Ward 7) or a tank reading (3 Level 45) unless a street is near."""
    assert _found("Bed 5 Ward 7 was cleaned") == []
    assert _found("12 Harbour Road\n5 Ward 7") == ["12 Harbour Road\n5 Ward 7"]
    assert _found("Unit 3, 12 Harbour Road") == ["Unit 3, 12 Harbour Road"]


def test_a_house_number_right_after_chinese_text_is_part_of_the_address() -> None:
    """住址89 Main Street: the number is the address's own, not glued to a Latin word."""
    text = "住址89 Main Street, Apt 18, Boston, MA 02118"
    spans = find_street_addresses(text)
    assert any(text[s.start : s.end].startswith("89 Main Street") for s in spans), spans
    glued = "Room A89 Main Street"  # glued to a Latin letter: still no house number
    assert not any(glued[s.start : s.end].startswith("89") for s in find_street_addresses(glued))


# Without the speed-only guards (_DIGIT_LEAD, Han positions skipped): the plain part pattern.
_REFERENCE = re.compile(
    address._NOT_GLUED + address._HAN_CANNOT_START + address._ALTERNATIVES  # noqa: SLF001
)


@pytest.mark.parametrize(
    "text",
    [
        "住址89 Main Street, Springfield, IL 62704",
        "外籍船员 Jennifer Adams 住在北京 Main Street 12 号",
        "寄往上海, CA 94103 或 大连.  PO Box 77",
        "患者王芳,男,45岁,电话13812345678,身份证110101199003071234",
        "Apt 5, 200 ACTUAT Albuterol 0.09 MG; 255 hersnapvej 18; 北京路 Unit 3 Room 5",
        "香港 Grössgstötten 50 street 和 Via Roma 131",
        "北京 Main St. 住址上海 Bundesstrasse 31, 广州,NY 10001",
    ],
)
def test_part_matches_equal_the_plain_pattern(text: str) -> None:
    got = [(m.span(), m.lastgroup) for m in address._part_matches(text)]  # noqa: SLF001
    assert got == [(m.span(), m.lastgroup) for m in _REFERENCE.finditer(text)]
