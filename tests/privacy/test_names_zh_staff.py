"""Staff named by surname and title are masked as "surname + title"; titles alone are not."""

from __future__ import annotations

import pytest

from privacy.detect.zh.names_staff import staff_names


def _names(text: str) -> list[str]:
    return [text[h.start : h.end] for h in staff_names(text)]


def test_surname_and_title_after_a_colon_and_a_handing_verb() -> None:
    assert _names("交班：孙医生交给冯主任，请示欧阳护士。") == ["孙医生", "冯主任", "欧阳护士"]


@pytest.mark.parametrize(
    "text",
    [
        "主任医师查房，医生建议复查。",
        "主管医生已告知。",  # 管 is a surname, but 主管 is a word
        "请示医生后予以处理。",
        "患者应向医生咨询。",  # 向 is a preposition here
        "由医生决定。",
        "内科主任会诊。",
        "教给班主任和辅导老师。",  # 班 is a surname, but 班主任 is a word
    ],
)
def test_titles_without_a_surname_are_left_alone(text: str) -> None:
    assert _names(text) == []
