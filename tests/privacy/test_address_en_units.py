"""English flats before a Chinese place are one address block; a bare room number is not."""

from __future__ import annotations

from privacy.detect.en.address_units import unit_blocks


def _blocks(text: str) -> list[str]:
    return [text[h.start : h.end] for h in unit_blocks(text)]


def test_units_before_a_complex_and_district_are_one_block() -> None:
    text = "resides at Flat 802, Building 7, Haiyun Garden, Xigang District, Dalian."
    assert _blocks(text) == ["Flat 802, Building 7, Haiyun Garden, Xigang District"]


def test_units_after_an_address_cue_count_alone() -> None:
    assert _blocks("Address: Room 305, Block 2") == ["Room 305, Block 2"]


def test_rooms_and_floors_in_a_ward_are_left_alone() -> None:
    assert _blocks("Transferred to Room 12 on Floor 3, Ward B, for observation.") == []
    assert _blocks("Unit 4 nurses, Building 2 lobby.") == []
