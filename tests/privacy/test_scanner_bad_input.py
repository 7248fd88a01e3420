"""Bad input gives a correct result or a clear error naming the record, with the v2 steps
(LAC, phones, vetoes, address growth) in the path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacy.detect.scan_io import scan_jsonl
from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


PIECES = st.sampled_from(
    [
        "患者王芬",
        "住址：沈阳市和平区南京北街锦绣华庭29栋3单元1702室",
        "+44 20 7946 0958",
        "😀",
        "\ud800",
        "Vicryl",
        "Dr. Foley",
        "SSN 078-05-1120",
        "护照号：X1234567",
        "\u200b",
        " ",
        "١٢٣",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=8).map("".join)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TEXTS)
def test_any_text_gives_spans_inside_it(scanner: Scanner, text: str) -> None:
    (spans,) = scanner.scan([text])
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text


def test_emoji_and_mixed_scripts_keep_offsets(scanner: Scanner) -> None:
    text = "😀😀患者王芬😀，电话+44 20 7946 0958，Dr. Foley 看诊。"
    found = {(s.entity_type, s.text) for s in scanner.scan([text])[0]}
    assert ("PERSON", "王芬") in found
    assert ("PHONE_NUMBER", "+44 20 7946 0958") in found


def test_empty_and_none_give_nothing(scanner: Scanner) -> None:
    assert scanner.scan(["", None, "   "]) == [[], [], []]


def test_huge_field_is_scanned_whole(scanner: Scanner) -> None:
    text = ("无关文字。" * 30_000) + "患者王芬，电话13812345678。"
    (spans,) = scanner.scan([text])
    assert ("CN_MOBILE", "13812345678") in {(s.entity_type, s.text) for s in spans}


def test_bad_lines_get_errors_naming_the_record(scanner: Scanner, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Passport X1234567"}).encode(),
        b'{"id": "b", "text": "\xff\xfe broken"}',
        json.dumps({"id": "c", "text": 42}).encode(),
    ]
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    scan_jsonl(source, target, scanner=scanner)
    rows = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert rows[0]["spans"][0]["entity_type"] == "PASSPORT"
    assert "line 2" in rows[1]["error"] and "UTF-8" in rows[1]["error"]
    assert "id 'c'" in rows[2]["error"]


@pytest.mark.parametrize(
    "text, value, entity",
    [
        ("家属电话138\u200b0411\u200b2233，请回电。", "138\u200b0411\u200b2233", "CN_MOBILE"),
        ("身份证号2102031985\u200d0612341X。", "2102031985\u200d0612341X", "CN_RESIDENT_ID"),
        ("Call (415)\u200b555-0132 after 5 pm.", "(415)\u200b555-0132", "PHONE_NUMBER"),
        ("SSN 078-05\u00ad-1120 on file.", "078-05\u00ad-1120", "US_SSN"),
    ],
)
def test_zero_width_characters_inside_an_identifier_do_not_hide_it(
    scanner: Scanner, text: str, value: str, entity: str
) -> None:
    (spans,) = scanner.scan([text])
    assert (entity, value) in {(s.entity_type, s.text) for s in spans}


@pytest.mark.parametrize(
    "unit, entity",
    [
        ("患者王芳，电话13904112233。", "CN_MOBILE"),
        ("Patient Ann Lee, phone (415) 555-0132. ", "PHONE_NUMBER"),
    ],
)
def test_a_one_megabyte_field_dense_with_identifiers_is_scanned_whole(
    scanner: Scanner, unit: str, entity: str
) -> None:
    copies = 1_000_000 // len(unit)
    (spans,) = scanner.scan([unit * copies])
    assert sum(s.entity_type == entity for s in spans) == copies


@pytest.mark.parametrize("bad", [b"\xff\xfe 13904112233", 42])
def test_a_text_that_is_not_a_str_is_a_clear_error_naming_its_record(
    scanner: Scanner, bad: object
) -> None:
    with pytest.raises(TypeError, match=r"record 1: text must be str or None"):
        scanner.scan(["患者王芬", bad, "ok"])  # type: ignore[list-item]
