"""A device or drug coordinated with a capitalized word makes it a thing; real names survive."""

from __future__ import annotations

import pytest

from privacy.detect.en.veto import thing_word
from privacy.detect.entities import LOCATION, PERSON
from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    """The default scanner (English NER plus the domain veto)."""
    return Scanner()


def _names(scanner: Scanner, text: str) -> set[str]:
    spans = scanner.scan([text])[0]
    return {s.text for s in spans if s.entity_type in (PERSON, LOCATION)}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Foley and Vicryl used.", "Foley"),
        ("Vicryl and Foley were used.", "Foley"),
        ("Steri-Strips and Foley were placed.", "Foley"),
        ("He received Ancef and Levaeuin prior to surgery.", "Levaeuin"),  # MTSamples, misspelt
        ("dressed with silk, Kling, and Kerlix as well as Coban", "Kling"),  # MTSamples
        ("the nose packed with two Kennedy Merocel sponges.", "Kennedy"),  # MTSamples
        ("discharged home with a prescription for Vicodin for pain", "Vicodin"),  # MTSamples
        ("the Foley was removed", "Foley"),
        ("a Mayo stand was brought in", "Mayo"),
    ],
)
def test_things_in_a_coordination_are_no_names(scanner: Scanner, text: str, word: str) -> None:
    assert not any(word in s for s in _names(scanner, text))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Dr. Foley and Dr. Mayo saw her.", {"Foley", "Mayo"}),
        ("Mr. Foley and his wife came in.", {"Foley"}),
        ("Foley and Mayo reviewed the chart.", {"Foley", "Mayo"}),  # two listed surnames
        ("Kelly and Jackson went home.", {"Kelly", "Jackson"}),
        ("John and Vicodin", {"John"}),  # a listed first name naming no device stays
        ("Seen by Jones, Percocet given.", {"Jones"}),  # a comma alone is no coordination
        ("Mary Foley and Vicryl.", {"Mary Foley"}),  # a full name is more than one word
    ],
)
def test_real_names_survive(scanner: Scanner, text: str, names: set[str]) -> None:
    assert names <= _names(scanner, text)


def test_thing_words() -> None:
    assert thing_word("Vicryl") and thing_word("Kerlix") and thing_word("Percocet")
    assert thing_word("Kerrisons")  # plural of a device eponym
    assert not thing_word("Foley") and not thing_word("Mayo")  # also listed surnames
    assert not thing_word("wife") and not thing_word("Smith")


@pytest.mark.parametrize(
    "text",
    ["Foley removed.", "Foley in place, draining clear urine.", "术后留置Foley导尿管3天。"],
)
def test_a_device_handled_or_named_by_its_chinese_noun_is_no_name(
    scanner: Scanner, text: str
) -> None:
    assert "Foley" not in _names(scanner, text)


@pytest.mark.parametrize(
    "text", ["Dr. Foley removed the drain.", "Seen by Dr. Foley today.", "主治医师Foley查房。"]
)
def test_foley_with_a_title_stays_a_name(scanner: Scanner, text: str) -> None:
    assert "Foley" in _names(scanner, text)
