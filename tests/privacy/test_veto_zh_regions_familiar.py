"""An area or peak of an organ or a probe in medical prose is no place; a preposition before a
familiar name or a medical term is no surname. Each class on both sides."""

from __future__ import annotations

import pytest

from privacy.detect.entities import LOCATION, PERSON
from privacy.detect.scanner import Scanner
from privacy.detect.spans import Span
from privacy.detect.zh.names_cues import cued_names
from privacy.detect.zh.veto import keep
from privacy.detect.zh.veto_words import function_word_surname, technical_region

SCANNER = Scanner(spacy_model=None)


def _span(text: str, word: str, entity: str, score: float) -> Span:
    start = text.index(word)
    return Span(start, start + len(word), entity, score, word)


@pytest.mark.parametrize("word", ["门脉区", "核心区", "离子峰"])
def test_everyday_or_medical_word_plus_area_is_a_region(word: str) -> None:
    assert technical_region(word)


@pytest.mark.parametrize(
    "word", ["海淀区", "浦东新区", "海珠区", "顺义区", "牡丹峰", "珠峰", "新区"]
)
def test_named_districts_and_peaks_are_no_region(word: str) -> None:
    assert not technical_region(word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("细胞轻微肿胀和空泡形成，门脉区淋巴细胞和单核细胞浸润。", "门脉区"),
        ("杂交通过13-三体综合征核心区特异性探针，可以检测13号染色体。", "核心区"),
    ],
)
def test_region_in_medical_prose_is_vetoed(text: str, word: str) -> None:
    assert not keep(text, _span(text, word, LOCATION, 0.4))


@pytest.mark.parametrize(
    ("text", "word", "score"),
    [
        ("他在核心区开了一家店。", "核心区", 0.4),  # no medical prose: left to the recognizer
        ("患者住在海淀区，高血压病史十年。", "海淀区", 0.5),  # a district in medical prose
        ("患者来自顺义区，糖尿病病史五年。", "顺义区", 0.5),
    ],
)
def test_places_and_non_clinical_regions_are_kept(text: str, word: str, score: float) -> None:
    assert keep(text, _span(text, word, LOCATION, score))


def test_preposition_before_a_familiar_name_is_no_surname() -> None:
    text = "患者由小李陪同来诊。"
    assert [(h.start, h.end) for h in cued_names(text)] == [(3, 5)]  # 小李, not 由小李


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("患者于小伟来诊。", "于小伟"),  # 于 is a common surname: 于小伟 is a full name
        ("患者王小明。", "王小明"),
        ("患者和小王子一起玩。", None),  # 小王子 is a word: no familiar name after 和
    ],
)
def test_full_names_with_xiao_stay_whole(text: str, name: str | None) -> None:
    found = [text[h.start : h.end] for h in cued_names(text)]
    if name is None:
        assert "小王" not in found
    else:
        assert found == [name]


def test_preposition_before_a_medical_term_is_no_surname() -> None:
    text = "患者由静脉输液治疗。"
    start = text.index("由静脉")
    assert function_word_surname(text, start, start + 3)
    assert not keep(text, Span(start, start + 3, PERSON, 0.85, "由静脉"))


@pytest.mark.parametrize(
    ("text", "word"), [("患者于建国于昨日出院。", "于建国"), ("患者和平来诊。", "和平")]
)
def test_function_surname_before_a_given_name_stays(text: str, word: str) -> None:
    start = text.index(word)
    assert not function_word_surname(text, start, start + len(word))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("突发胸痛，由范明医生接诊。", "范明"),  # 范明 is also in THUOCL's medical list
        ("突发胸痛，由龙立医生接诊。", "龙立"),
        ("主治医师张璐查房。", "张璐"),
    ],
)
def test_preposition_before_a_titled_name_is_left_out(text: str, name: str) -> None:
    found = [s.text for s in SCANNER.scan([text])[0] if s.entity_type == PERSON]
    assert found == [name]


def test_a_cued_medical_term_is_still_no_name() -> None:
    assert [s for s in SCANNER.scan(["患者休克，血压下降。"])[0] if s.entity_type == PERSON] == []


def test_a_listed_physician_name_in_a_cued_list_stays() -> None:
    text = "装置交班记录：班长潘丹华，操作工贾强丽、范明。"
    found = [s.text for s in SCANNER.scan([text])[0] if s.entity_type == PERSON]
    assert found == ["潘丹华", "贾强丽", "范明"]
