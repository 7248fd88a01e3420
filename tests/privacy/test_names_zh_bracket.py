"""A name in brackets right after a person reference is masked with the reference."""

from __future__ import annotations

from privacy.detect.zh.names_bracket import bracketed_names
from privacy.detect.zh.names_shape import NameHit


def _names(text: str, hits: list[NameHit] | None = None) -> set[str]:
    return {text[h.start : h.end] for h in bracketed_names(text, hits or [])}


def test_a_familiar_reference_and_its_bracketed_name() -> None:
    assert _names("5床孙大妈（孙桂兰），术后第1天。") == {"孙大妈", "孙桂兰"}
    assert _names("家属老周（周立军）来电。") == {"老周", "周立军"}


def test_a_role_word_before_the_bracket_masks_the_name_only() -> None:
    assert _names("患者（韩志刚），男，52岁。") == {"韩志刚"}


def test_a_found_reading_before_the_bracket_counts_as_a_reference() -> None:
    text = "宋晓辉（宋建业）已签字"
    assert _names(text, [NameHit(0, 3, 0.4)]) == {"宋晓辉", "宋建业"}


def test_a_familiar_form_glossed_by_a_role_is_masked() -> None:
    assert _names("小钱（护士）已联系家属。") == {"小钱"}
    assert _names("冯师傅（患者丈夫）签署同意书。") == {"冯师傅"}


def test_brackets_that_hold_no_name_are_left_alone() -> None:
    assert _names("血压（收缩压）升高，予硝苯地平（拜新同）口服。") == set()
    assert _names("患者（男性）无发热。") == set()
    assert _names("诊断（初步）：肺炎") == set()


def test_a_kin_word_in_brackets_is_no_name() -> None:
    # 母 and 高 are surnames, so 母亲 and 高热 have a name's shape.
    assert _names("家属魏然德（母亲）电话见登记表", [NameHit(2, 5, 0.85)]) == {"魏然德"}
    assert _names("患者（高热）入院") == set()
