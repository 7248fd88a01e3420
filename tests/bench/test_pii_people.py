"""The real-person rules of the clinical over-masking bench, each on both sides."""

from __future__ import annotations

import pytest

from bench.pii_people import real_person
from privacy.detect.entities import LOCATION, PERSON


def _rule(text: str, name: str, entity_type: str = PERSON) -> str | None:
    start = text.index(name)
    return real_person(text, entity_type, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "rule"),
    [
        ("参考文献1.王大明，李小红.儿科手册.北京：某某出版社，2001", "李小红", "citation"),
        ("参考文献1.王大明，李小红.儿科手册", "王大明", "citation"),
        ("参考/文献1/./王/大明/./儿科/手册/", "王/大明", "citation"),
        ("Smith等报道了本病的首例。", "Smith", "researcher"),
        ("本病由Brown在1921年首先描述。", "Brown", "researcher"),
        ("1990年美国学者Green和White分离出该菌。", "White", "researcher"),
        ("加拿大学者Black提出了分期。", "Black", "researcher"),
        ("（张红梅）糖尿病的饮食治疗", "张红梅", "credit"),
    ],
)
def test_real_people_by_rule(text: str, name: str, rule: str) -> None:
    assert _rule(text, name) == rule


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("患儿肛周黏膜可有糜烂。", "肛周"),  # no citation, year, et al. or title
        ("参考文献3.Smith J.GutsJ，2004，12：1-9", "GutsJ"),  # a journal before its year
        ("surveyinLorraine（France）1975-1990", "France"),  # a Latin word in brackets
        ("参考文献1.王大明.儿科手册.北京：出版社", "北京"),  # not a PERSON span
        ("本病于1921年首先描述。此后张力升高者多见。", "张力"),  # the year is another sentence
    ],
)
def test_not_real_people(text: str, name: str) -> None:
    entity_type = LOCATION if name == "北京" else PERSON
    assert _rule(text, name, entity_type) is None
