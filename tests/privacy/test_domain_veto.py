"""Clinical words read as names or places are vetoed; titles, roles and identifiers win."""

from __future__ import annotations

import pytest

from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


def _found(scanner: Scanner, text: str) -> set[tuple[str, str]]:
    return {(s.entity_type, s.text) for s in scanner.scan([text])[0]}


@pytest.mark.parametrize(
    "text, word",
    [
        ("The wound was closed with 3-0 Vicryl and Steri-Strips.", "Vicryl"),
        ("A Foley catheter was placed and the Bovie was used.", "Foley"),
        ("Dissection was carried out with Metzenbaum scissors.", "Metzenbaum"),
        ("Toradol 30 mg was given. Marcaine was injected locally.", "Marcaine"),
        ("ANESTHESIA: General. The patient tolerated anesthesia well.", "anesthesia"),
        ("Hemostasis was obtained with electrocautery.", "Hemostasis"),
        ("Arterial blood gas showed PaCO2 of 40.", "PaCO"),
    ],
)
def test_english_clinical_words_are_no_names(scanner: Scanner, text: str, word: str) -> None:
    assert not any(word in s for _, s in _found(scanner, text))


@pytest.mark.parametrize(
    "text, name",
    [
        ("Seen by Dr. Foley in clinic today.", "Foley"),
        ("Patient Kelly Mayo was admitted on Monday.", "Kelly Mayo"),
        ("Nurse Allis checked the drain.", "Allis"),
        ("John Smith was transferred to the ward.", "John Smith"),
    ],
)
def test_a_title_or_a_full_name_beats_the_lexicon(scanner: Scanner, text: str, name: str) -> None:
    assert ("PERSON", name) in _found(scanner, text)


@pytest.mark.parametrize(
    "text, word",
    [
        ("患者上呼吸道感染，胃肠道反应明显。", "呼吸道"),
        ("给予布洛芬退热，利巴韦林抗病毒。", "布洛芬"),
        ("出现休克表现，予扩容。", "休克"),
        ("由柯萨奇病毒引起的手足口病。", "柯萨奇"),
        ("串联质谱技术用于新生儿筛查。", "串联"),
    ],
)
def test_chinese_medical_words_are_no_names_or_places(
    scanner: Scanner, text: str, word: str
) -> None:
    assert not any(word in s for _, s in _found(scanner, text))


@pytest.mark.parametrize(
    "text, name",
    [
        ("主治医师李休克查房后调整用药。", "李休克"),
        ("患者王芬，女，45岁，发热3天。", "王芬"),
    ],
)
def test_a_chinese_role_cue_beats_the_lexicon(scanner: Scanner, text: str, name: str) -> None:
    assert ("PERSON", name) in _found(scanner, text)


def test_vetoes_never_touch_structured_identifiers(scanner: Scanner) -> None:
    text = "Contact vicryl.foley@hospital.org or 13812345678 about the Foley catheter."
    found = _found(scanner, text)
    assert ("EMAIL_ADDRESS", "vicryl.foley@hospital.org") in found
    assert ("CN_MOBILE", "13812345678") in found


def test_a_chain_address_survives_a_medical_word_inside(scanner: Scanner) -> None:
    text = "现住址：沈阳市和平区南京北街88号。"
    assert any(t == "ADDRESS" and "沈阳市和平区" in s for t, s in _found(scanner, text))


def test_the_engine_path_applies_the_same_vetoes(scanner: Scanner) -> None:
    spans = scanner.engine.analyze("Closed with Vicryl. Seen by Dr. Foley.")
    assert [s.text for s in spans if s.entity_type == "PERSON"] == ["Foley"]


def test_a_cue_before_an_exact_medical_term_does_not_make_a_name(scanner: Scanner) -> None:
    assert not any(t == "PERSON" for t, _ in _found(scanner, "患者休克，血压下降。"))


@pytest.mark.parametrize(
    "text",
    [
        "He was referred from Dr. X's office for evaluation.",
        "The procedure was carried out by Dr. X. The patient's right arm was prepped.",
        "Prior biopsy by Dr. A.  The submucosal tissue was friable.",
    ],
)
def test_a_lone_initial_is_no_name(scanner: Scanner, text: str) -> None:
    assert not any(entity == "PERSON" for entity, _ in _found(scanner, text))


@pytest.mark.parametrize(
    "text, name",
    [("Seen by Dr. A. Whitfield today.", "Whitfield"), ("Dr. X. Li reviewed the film.", "Li")],
)
def test_an_initial_with_a_surname_stays_a_name(scanner: Scanner, text: str, name: str) -> None:
    assert any(entity == "PERSON" and name in span for entity, span in _found(scanner, text))


@pytest.mark.parametrize(
    "text", ["患者于昨日出院，嘱定期复查。", "患者于今晨突发胸痛。", "术后于次日拔除尿管。"]
)
def test_yu_before_a_time_word_is_no_name(scanner: Scanner, text: str) -> None:
    assert not any(entity == "PERSON" for entity, _ in _found(scanner, text))


def test_a_patient_named_yu_stays_a_name(scanner: Scanner) -> None:
    found = _found(scanner, "患者于建国于昨日出院。")
    assert ("PERSON", "于建国") in found


@pytest.mark.parametrize(
    "text, word",
    [
        ("Exam consistent with Bell's palsy on the right.", "Bell"),
        ("Known Graves' disease, on methimazole.", "Graves"),
        ("Monospot negative; Epstein-Barr virus serology sent.", "Epstein-Barr"),
        ("Biopsy shows scattered Reed-Sternberg cells.", "Reed-Sternberg"),
        ("Enterovirus PCR and Coxsackie titers are pending.", "Coxsackie"),
        ("Mosquito season: West Nile virus IgM negative.", "West Nile"),
    ],
)
def test_an_eponym_before_its_clinical_head_is_no_name(
    scanner: Scanner, text: str, word: str
) -> None:
    assert not any(word in s for _, s in _found(scanner, text))


@pytest.mark.parametrize(
    "text, name",
    [
        ("Discussed with Dr. Bell's team and the family.", "Bell"),
        ("Daughter Karen Graves visited; she will call back.", "Karen Graves"),
    ],
)
def test_a_person_named_like_an_eponym_stays(scanner: Scanner, text: str, name: str) -> None:
    assert any(t == "PERSON" and name in s for t, s in _found(scanner, text))


def test_a_credential_after_a_name_is_no_place(scanner: Scanner) -> None:
    found = _found(scanner, "Dictated by Paul Avery, MD on 02/11/2021. Cosigned by Nina Ruiz, DO.")
    assert not {("LOCATION", "MD"), ("LOCATION", "DO")} & found
    assert ("PERSON", "Paul Avery") in found


def test_contact_and_role_abbreviations_are_no_names(scanner: Scanner) -> None:
    found = _found(
        scanner, "Crew: Olsen (2nd Eng.), agent office Tel. +49 40 3003 4400; Fax +49 40 3003 4401."
    )
    assert not any(s in ("Eng", "Tel", "Fax") for _, s in found)


@pytest.mark.parametrize(
    "text, word",
    [
        # trial13: Synthea's RxNorm and LOINC display texts, scanned as a drafted spec does
        ("Clopidogrel 75 MG Oral Tablet", "Oral"),
        ("Albumin [Mass/volume] in Serum or Plasma", "Plasma"),
        ("Peanut IgE Ab in Serum", "IgE"),
        ("Hemoglobin.gastrointestinal [Presence] in Stool by Immunologic method", "Stool"),
        ("Fall risk total [Morse Fall Scale]", "Morse"),
        ("Patient Health Questionnaire-9: Modified for Teens total score", "Health"),
        ("Depression screening using Patient Health Questionnaire Nine Item score", "Health"),
    ],
)
def test_dose_forms_specimens_and_instruments_are_no_names(
    scanner: Scanner, text: str, word: str
) -> None:
    assert not any(word in s for _, s in _found(scanner, text))


def test_a_name_beside_a_dose_stays(scanner: Scanner) -> None:
    found = _found(scanner, "Patient John Smith was given Clopidogrel 75 MG Oral Tablet.")
    assert ("PERSON", "John Smith") in found
