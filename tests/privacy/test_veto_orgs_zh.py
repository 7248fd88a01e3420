"""A place at the head of a company's name is the employer's name; a place with an
administrative or street part before the company word is still an address."""

from __future__ import annotations

import pytest

from privacy.detect.scanner import Scanner
from privacy.detect.zh.veto_orgs import opens_company_name


@pytest.mark.parametrize(
    "text, place",
    [
        ("由抚顺新元检修有限公司承担", "抚顺"),
        ("鞍山钢铁集团派员到场", "鞍山"),
        ("丹东港务集团值班室", "丹东"),
        ("承包商：本溪华兴防腐工程股份有限公司", "本溪"),
        ("锦州石化分公司联系人", "锦州"),
    ],
)
def test_a_place_heading_a_company_name(text: str, place: str) -> None:
    assert opens_company_name(text, text.index(place), text.index(place) + len(place))


@pytest.mark.parametrize(
    "text, place",
    [
        ("住鞍山市铁东区某公司宿舍", "鞍山"),  # a district before the company word: an address
        ("从抚顺来，公司派车接", "抚顺"),  # punctuation between: two phrases
        ("回到丹东后住院治疗", "丹东"),
        ("家住本溪人民路12号公司家属楼", "本溪"),
    ],
)
def test_a_place_that_is_no_company_head(text: str, place: str) -> None:
    assert not opens_company_name(text, text.index(place), text.index(place) + len(place))


def test_the_scanner_keeps_the_contractor_and_masks_the_worker() -> None:
    text = "作业单位：抚顺新元检修有限公司，作业人张振国，住抚顺市顺城区新华大街16号2单元301室。"
    (spans,) = Scanner().scan([text])
    found = {(s.entity_type, s.text) for s in spans}
    assert not any(s.text.startswith("抚顺") and s.end <= text.index("，") for s in spans)
    assert ("PERSON", "张振国") in found
    assert any(t == "ADDRESS" and "新华大街16号" in s for t, s in found)
