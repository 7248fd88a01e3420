"""A modal after the patient noun is no surname; a journal or a publisher's city in a reference
is no Latin name; an unsure uncued name in clinical text is dropped. Each class on both sides."""

from __future__ import annotations

import pytest

from privacy.detect.entities import PERSON
from privacy.detect.scanner import Scanner
from privacy.detect.spans import Span
from privacy.detect.zh.veto import keep
from privacy.detect.zh.veto_words import function_word_surname, latin_non_name


def _at(text: str, word: str) -> tuple[str, int, int]:
    start = text.index(word)
    return text, start, start + len(word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("有T细胞缺陷病人应禁种活疫苗。", "应禁种"),
        ("患儿应常规进行腹部B超检查。", "应常规"),
        ("PID病人易患自身免疫性疾病。", "易患"),
        ("②患儿常呈高凝状态。", "常呈高凝"),
        ("心脏病患者尤需指出，血管阻力可变。", "尤需"),
    ],
)
def test_modal_after_the_patient_noun_is_no_surname(text: str, word: str) -> None:
    assert function_word_surname(*_at(text, word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("患者常凯申说他明天来。", "常凯申"),  # a name ends at 说
        ("患者应勇。", "应勇"),  # ... or at punctuation
        ("主治医师应勇查房。", "应勇"),  # a doctor cue, not the patient noun
        ("患者于建国于昨日出院。", "于建国"),  # 于 is not a modal
    ],
)
def test_people_with_modal_surnames_stay(text: str, word: str) -> None:
    assert not function_word_surname(*_at(text, word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("10.duPlessis.outcome.EarlyHumDev，1998，53（2）：99-109", "EarlyHumDev"),
        ("NelsonTextbook.16th.London：W.B.SaundersCompany，2000", "London"),
        ("见Boston：Little Brown Press，1999", "Boston"),
        ("surveyinLorraine（France）1975-1990.PediatrNephrol", "France"),
    ],
)
def test_journals_and_cities_in_references_are_no_names(text: str, word: str) -> None:
    assert latin_non_name(*_at(text, word))


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("梅西加盟Barcelona，2005年他首次出场。", "Barcelona"),  # a year, but no volume after it
        ("Rooney：McDonald说他不来。", "Rooney"),  # a colon, but no publisher after it
        ("主治医师王建国（Wang）查房。", "Wang"),  # Latin form after a Chinese name
        ("记者Smith（Jim）发回报道。", "Smith"),  # not inside the brackets
    ],
)
def test_latin_names_next_to_those_shapes_stay(text: str, word: str) -> None:
    assert not latin_non_name(*_at(text, word))


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner(spacy_model=None)


def test_scanner_drops_the_modal_and_keeps_the_doctor(scanner: Scanner) -> None:
    found = {
        (s.entity_type, s.text)
        for s in scanner.scan(["患儿应常规进行B超检查，主治医师应勇查房。"])[0]
    }
    assert not any(t == "PERSON" and "常规" in s for t, s in found), found
    assert ("PERSON", "应勇") in found, found


def _person(text: str, word: str, score: float) -> Span:
    start = text.index(word)
    return Span(start, start + len(word), PERSON, score, word)


@pytest.mark.parametrize(
    ("text", "word", "score", "kept"),
    [
        ("累及胃肠道黏膜时，肛周黏膜可有糜烂。", "肛周", 0.27, False),  # unsure, clinical
        ("累及胃肠道黏膜时，肛周黏膜可有糜烂。", "肛周", 0.6, True),  # sure enough
        ("主治医师肛周查房，累及胃肠道黏膜。", "肛周", 0.27, True),  # a cue keeps it
        ("昨天我和小梁去看了电影。", "小梁", 0.27, True),  # not clinical text
    ],
)
def test_unsure_names_in_clinical_text_are_dropped(
    text: str, word: str, score: float, kept: bool
) -> None:
    assert keep(text, _person(text, word, score)) is kept


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("由此可见，瓣环和乳头肌的收缩影响着瓣膜的功能。", False),  # two 2-character terms
        ("昨天瓣环和朋友去看了电影。", True),  # none: not clinical prose
    ],
)
def test_two_short_terms_make_clinical_prose(text: str, kept: bool) -> None:
    assert keep(text, _person(text, "瓣环", 0.27)) is kept


@pytest.mark.parametrize(
    ("text", "word", "kept"),
    [
        ("AMAN的最初免疫损害出现在郎飞结上。", "郎飞", False),  # Ranvier's node
        ("郎飞结和感觉神经都有广泛损害。", "郎飞结", False),
        ("李四结婚了，王五结识了他。", "李四", True),  # 结 as a verb
        ("李四结账后离开。", "李四", True),
    ],
)
def test_node_eponyms_are_no_names(text: str, word: str, kept: bool) -> None:
    assert keep(text, _person(text, word, 0.75)) is kept


def test_a_social_message_naming_a_hospital_is_not_clinical_prose() -> None:
    text = "@手机用户123@苏琅小名苏正直@某市友爱医院肝病治疗中心"
    assert keep(text, _person(text, "苏琅", 0.21))
