"""Plant equipment, plant areas, cargo terminals, port movements and shift words are not places
or names; named places and the people on shift stay."""

from __future__ import annotations

import pytest

from privacy.detect.scanner import Scanner
from privacy.detect.zh.veto_plant import SHIFT_WORDS, plant_word


@pytest.mark.parametrize(
    "word", ["乙烯汽提塔", "罐区", "苯乙烯储罐", "反应釜区域", "氯气区域", "煤炭码头", "出港"]
)
def test_plant_words(word: str) -> None:
    assert plant_word(word)


@pytest.mark.parametrize(
    "word", ["鲅鱼圈", "大窑湾港区", "甘井子区", "白塔", "仙人岛", "中山路12号", "金州区域"]
)
def test_named_places_are_no_plant_words(word: str) -> None:
    assert not plant_word(word)


def test_shift_words() -> None:
    assert {"夜班", "白班"} <= SHIFT_WORDS
    assert "白雪" not in SHIFT_WORDS


def _spans(text: str) -> set[tuple[str, str]]:
    (spans,) = Scanner().scan([text])
    return {(s.entity_type, s.text) for s in spans}


def test_a_shift_log_masks_the_operators_not_the_plant() -> None:
    found = _spans(
        "夜班班长郑国栋交接：苯乙烯汽提塔T-601液位正常，反应釜区域已清理。接班人于晓梅。"
    )
    assert ("PERSON", "郑国栋") in found and ("PERSON", "于晓梅") in found
    assert not [t for t in found if t[0] in ("LOCATION", "ADDRESS")]
    assert not any(s.startswith("夜班") for _, s in found)


def test_a_fishing_vessel_registration_is_no_address() -> None:
    found = _spans("“辽丹渔23016”渔船进港避风，船主吴长海，住丹东市东港市孤山镇大鹿岛村。")
    assert not any(s.startswith("辽丹") for _, s in found)
    assert ("PERSON", "吴长海") in found
    assert any(t == "ADDRESS" and "大鹿岛村" in s for t, s in found)
