"""Document numbers after a passport, identity-card, seafarer's-book, NHS or CPF label: written
in one run or in digit groups, one type each."""

from __future__ import annotations

import pytest

from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.passport import IntlPassportRecognizer
from privacy.detect.scanner import Scanner

REC = IntlPassportRecognizer()


def _found(text: str) -> list[tuple[str, str]]:
    return [(s.entity_type, s.text) for s in REC.find(normalize(text))]


@pytest.mark.parametrize(
    "text, value, entity",
    [
        ("外籍船长护照号：72 4455018，国籍俄罗斯。", "72 4455018", "PASSPORT"),
        ("Spanish passport no. XDB204871 presented.", "XDB204871", "PASSPORT"),
        ("水手Lopez，护照号码PAB774120，菲律宾籍", "PAB774120", "PASSPORT"),
        ("二副 海员证 A40117786，有效期至2027年", "A40117786", "ID_NUMBER"),
        ("Seaman's book: SB4471902 (Panama).", "SB4471902", "ID_NUMBER"),
        ("Her NHS number is 485 777 3456 per the GP letter.", "485 777 3456", "ID_NUMBER"),
        ("CPF: 529.982.247-25, natural de Recife.", "529.982.247-25", "ID_NUMBER"),
        ("Oiler Das, CDC no. KOL 207718, signs on today", "KOL 207718", "ID_NUMBER"),
        ("Messman (SIRB: D1188420), Cebu", "D1188420", "ID_NUMBER"),
        ("continuous discharge certificate MUM 300125", "MUM 300125", "ID_NUMBER"),
    ],
)
def test_labelled_numbers_in_their_own_layout(text: str, value: str, entity: str) -> None:
    assert (entity, value) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "passport photo taken 2023",  # no number
        "NHS trust 12 wards",  # two digits is no document number
        "证件 2102 0319 8506 1234 12",  # 18 grouped digits: a resident ID, not ID_NUMBER
        "ID card 12 3",
        "passport was 1234567",  # a lower-case word before digits is no CDC port code
        "CDC guidance since 2020",  # the agency, no document number after it
        "sirb pending, abc 123456",
    ],
)
def test_no_document_number(text: str) -> None:
    assert _found(text) == []


def test_a_grouped_mainland_id_after_a_document_label_keeps_one_type() -> None:
    (spans,) = Scanner().scan(["证件号 2102 0319 8506 1234 12，持证人。"])
    assert [s.entity_type for s in spans] == ["CN_RESIDENT_ID"]


def test_an_nhs_number_is_not_also_a_phone_number() -> None:
    (spans,) = Scanner().scan(["Mr Lewis, NHS number 943 476 5919, seen today."])
    typed = [(s.entity_type, s.text) for s in spans if "943" in s.text]
    assert typed == [("ID_NUMBER", "943 476 5919")]
