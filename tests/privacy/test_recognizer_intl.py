"""International identifiers in English and Chinese text: one number, one type."""

from __future__ import annotations

import pytest

from privacy.corpora.intl import generate_intl
from privacy.detect.recognizers.country_specific.us.us_ssn import valid_ssn
from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _typed(scanner: Scanner, text: str) -> list[tuple[str, str]]:
    return [(s.entity_type, s.text) for s in scanner.scan([text])[0]]


@pytest.mark.parametrize(
    "text, value, entity",
    [
        ("Call me at (415) 555-0132 tomorrow.", "(415) 555-0132", "PHONE_NUMBER"),
        ("Mobile +1 415 555 0132.", "+1 415 555 0132", "PHONE_NUMBER"),
        ("London office +44 20 7946 0958.", "+44 20 7946 0958", "PHONE_NUMBER"),
        ("Berlin desk +49 30 901820, ask for Anna.", "+49 30 901820", "PHONE_NUMBER"),
        ("Her number in Brazil is (95) 94215-7906.", "(95) 94215-7906", "PHONE_NUMBER"),
        ("SSN 078-05-1120 on file.", "078-05-1120", "US_SSN"),
        ("Passport X1234567 was scanned.", "X1234567", "PASSPORT"),
        ("ID card number: AB1234567.", "AB1234567", "ID_NUMBER"),
        ("船员护照号：X1234567，国籍英国。", "X1234567", "PASSPORT"),
        ("外籍船员电话+44 20 7946 0958。", "+44 20 7946 0958", "PHONE_NUMBER"),
    ],
)
def test_examples_of_the_issue_are_found(
    scanner: Scanner, text: str, value: str, entity: str
) -> None:
    assert (entity, value) in _typed(scanner, text)


def test_a_uk_number_in_english_text_is_not_also_a_chinese_landline(scanner: Scanner) -> None:
    assert _typed(scanner, "UK line 020 7946 0958 please.") == [("PHONE_NUMBER", "020 7946 0958")]


def test_chinese_numbers_stay_chinese(scanner: Scanner) -> None:
    found = _typed(scanner, "联系电话：0411-82345678，手机13812345678。")
    assert found == [("CN_LANDLINE", "0411-82345678"), ("CN_MOBILE", "13812345678")]
    assert _typed(scanner, "Mobile 184 1918 7401.") == [("CN_MOBILE", "184 1918 7401")]


@pytest.mark.parametrize(
    "ssn, ok",
    [
        ("078-05-1120", True),
        ("000-12-3456", False),
        ("666-12-3456", False),
        ("912-12-3456", False),
        ("123-00-3456", False),
        ("123-45-0000", False),
    ],
)
def test_ssn_validity_rules(ssn: str, ok: bool) -> None:
    assert valid_ssn(*ssn.split("-")) is ok


def test_invalid_ssn_and_dates_and_ips_are_not_phones_or_ssns(scanner: Scanner) -> None:
    found = _typed(scanner, "Ref 666-12-3456, seen 2023-04-05, host 192.168.10.20.")
    assert not any(t in ("US_SSN", "PHONE_NUMBER") for t, _ in found)


def test_generated_cases_are_found_once_each(scanner: Scanner) -> None:
    notes = generate_intl(100, seed=11)
    found = scanner.scan([n.text for n in notes])
    hits = doubles = 0
    for note, spans in zip(notes, found, strict=True):
        start, end, _ = note.span
        over = {s.entity_type for s in spans if s.start < end and start < s.end}
        doubles += len(over) > 1
        hits += any(s.start == start and s.end == end for s in spans)
    assert doubles == 0
    assert hits >= 95


def test_a_mainland_mobile_in_english_text_is_cn_mobile_only(scanner: Scanner) -> None:
    found = _typed(scanner, "Contact mobile 14106150444 or 138-1234-5678 after 5 pm.")
    assert [t for t, _ in found] == ["CN_MOBILE", "CN_MOBILE"]
