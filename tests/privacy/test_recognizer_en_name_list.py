"""English-text names from the bundled name list, shapes and cues (no spaCy model needed)."""

from __future__ import annotations

import pytest

from privacy.detect.en.names import find_english_names
from privacy.detect.en.names_lists import lookup
from privacy.detect.entities import PERSON
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp.en_name_list import EnglishNameListRecognizer


def names(text: str) -> list[str]:
    """Surface texts of the names found in `text`."""
    return [text[h.start : h.end] for h in find_english_names(text)]


def test_bundled_list_knows_names_and_their_english_word_flags() -> None:
    magnus, will, victoria = lookup("magnus"), lookup("Will"), lookup("Victoria")
    assert magnus is not None and magnus.first and not magnus.common and not magnus.noun
    assert will is not None and will.common
    assert victoria is not None and victoria.noun
    assert lookup("Dayaowan") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why is Magnus so impulsive?", ["Magnus"]),
        ("Maureen Thibault will be talking at the conference.", ["Maureen Thibault"]),
        ("The song was by Szabina J Gelencsér, go figure.", ["Szabina J Gelencsér"]),
        ("Billing contact: Ella H. Snider, Otc Markets", ["Ella H. Snider"]),
        ("It was a done thing between him and Franciska's kid.", ["Franciska"]),
        ("Is there a better example than early Yefremova?", ["Yefremova"]),
        ("Will Smith arrived.", ["Will Smith"]),
        ("Master John Smith, passport E12345678.", ["John Smith"]),
        ("Seen by Dr. Qwertal yesterday.", ["Qwertal"]),
        ("follow up with patricia desrosiers in a couple of months.", ["patricia desrosiers"]),
        ("my name is borna jerković but everyone calls me borna", ["borna jerković", "borna"]),
        ("the codey m ross version was recorded in may.", ["codey m ross"]),
    ],
)
def test_names_found(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will you grant the request?",
        "The bus station is on Villacher Strasse 89.",
        "Our offices are at 233 Erzsébet tér 19.",
        "Please return to Leon Street 12 in case of an issue.",
        "Entertainment Weekly listed the song.",
        "I work for Wolfram Research.",
        "BP 120/80, HR 88. Lab order 20200525111849512979 released.",
        "Vessel COSCO GLORY (IMO 9234567) berthed at Dayaowan terminal.",
        "The economy of Villafranca del Cid grew.",
        "Our offices are located at USNS Møller FPO AA 85844",
        "selma is from stillwater supercomputing inc.",
        "grace and hope will mark the day.",
    ],
)
def test_not_names(text: str) -> None:
    assert names(text) == []


def test_recognizer_reports_original_offsets_of_full_width_text() -> None:
    text = "外籍船员 Ｍａｇｎｕｓ 突发胸痛"
    (span,) = EnglishNameListRecognizer().find(normalize(text))
    assert span.entity_type == PERSON
    assert text[span.start : span.end] == span.text == "Ｍａｇｎｕｓ"


def test_recognizer_is_english_only() -> None:
    assert EnglishNameListRecognizer.LANGUAGES == ("en",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AB Yevgeny Lebedev stood the anchor watch.", ["Yevgeny Lebedev"]),
        ("Oiler Rodel Manalo reported a leak in the purifier room.", ["Rodel Manalo"]),
        ("Supervisor Kiran Desai closed the permit.", ["Kiran Desai"]),
        ("OS Taras Kovalenko joined at Yingkou.", ["Taras Kovalenko"]),
    ],
)
def test_a_shipboard_rating_or_plant_role_cues_the_whole_name(
    text: str, expected: list[str]
) -> None:
    assert names(text) == expected


def test_a_lower_case_os_is_no_rating_cue() -> None:
    assert "Taras Kovalenko" not in names("the os Taras Kovalenko")
