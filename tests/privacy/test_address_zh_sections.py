"""A road section or junction after a street continues the address to its house number."""

from __future__ import annotations

import pytest

from privacy.corpora.address_zh import generate_addresses
from privacy.detect.scanner import Scanner
from privacy.detect.zh.address_sections import section_at


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _addresses(scanner: Scanner, text: str) -> list[str]:
    return [s.text for s in scanner.scan([text])[0] if s.entity_type == "ADDRESS"]


@pytest.mark.parametrize(
    "address",
    [
        "抚顺市顺城区新华街西段17号",
        "营口市站前区渤海大街中段208号3单元502",
        "本溪市平山区胜利路北段9号",
        "丹东市振兴区锦山大街与六纬路路口东侧",
    ],
)
def test_the_section_and_what_follows_are_masked(scanner: Scanner, address: str) -> None:
    text = f"家住{address}，电话见登记表。"
    kept = address.removesuffix("东侧")
    assert any(kept in found for found in _addresses(scanner, text)), _addresses(scanner, text)


def test_a_section_outside_an_address_is_left_alone(scanner: Scanner) -> None:
    text = "胃镜示食管中段黏膜粗糙，胆总管下段扩张。"
    assert _addresses(scanner, text) == []


def test_section_at_reads_sections_and_junctions() -> None:
    assert section_at("北段12号", 0) is not None
    assert section_at("路口东侧", 0) is not None
    assert section_at("段落", 0) is None


def test_the_generated_section_shape_is_covered(scanner: Scanner) -> None:
    notes = [n for n in generate_addresses(12, seed=5) if n.shape == "street_section_number"]
    found = scanner.scan([n.text for n in notes])
    whole = sum(
        any(s.start <= n.span[0] and n.span[1] <= s.end for s in spans)
        for n, spans in zip(notes, found, strict=True)
    )
    assert whole >= 11, whole
