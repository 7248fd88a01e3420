"""Names with no Han surname between a patient cue and the patient's sex, age or ethnic group."""

from __future__ import annotations

import pytest

from privacy.detect.scanner import Scanner
from privacy.detect.zh.names_demographic import demographic_names


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


@pytest.mark.parametrize(
    "text, name",
    [
        ("入院记录：患者巴图孟和，男，61岁，牧民，因胸痛入院。", "巴图孟和"),
        ("患者其其格，女，蒙古族，44岁。", "其其格"),
        ("姓名：达瓦次仁，男，藏族，住院号待补。", "达瓦次仁"),
        ("患儿阿依古丽，女，5岁，发热2天。", "阿依古丽"),
    ],
)
def test_a_name_before_sex_age_or_ethnicity_is_found(
    scanner: Scanner, text: str, name: str
) -> None:
    assert ("PERSON", name) in {(s.entity_type, s.text) for s in scanner.scan([text])[0]}


@pytest.mark.parametrize(
    "text",
    [
        "患者发热，3岁以下儿童多见。",  # a symptom, then an age group
        "患者咳嗽，男性多于女性。",
        "患者肺炎，5岁以上",
    ],
)
def test_a_word_or_medical_term_after_the_cue_is_no_name(text: str) -> None:
    assert demographic_names(text) == []
