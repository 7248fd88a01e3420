"""English names through spaCy (skipped when no English pipeline is installed)."""

from __future__ import annotations

import pytest

from privacy.detect.engine import shared_engine
from privacy.detect.entities import LOCATION, PERSON
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.nlp.en_person import (
    EnglishNerRecognizer,
    doc_spans,
    load_spacy_model,
)

NLP = load_spacy_model()
needs_model = pytest.mark.skipif(NLP is None, reason="no spaCy English pipeline installed")


@needs_model
def test_person_found_and_codes_rejected() -> None:
    rec = EnglishNerRecognizer(nlp=NLP)
    text = "Yesterday Tomas Kowalczyk met Mary Johnson in Dalian. Container MSCU1234567 released."
    found = {(s.text, s.entity_type) for s in rec.find(normalize(text))}
    assert {("Tomas Kowalczyk", PERSON), ("Dalian", LOCATION)} <= found
    assert not any("MSCU" in t for t, _ in found)


@needs_model
def test_sentences_the_name_list_explains_skip_ner_but_names_are_found() -> None:
    rec = EnglishNerRecognizer(nlp=NLP)
    text = "Patient John Smith was seen by Dr. Mary Johnson."
    assert rec.find(normalize(text)) == []  # every capitalized word is a strong list name
    people = {s.text for s in shared_engine().analyze(text) if s.entity_type == PERSON}
    assert people == {"John Smith", "Mary Johnson"}


@needs_model
def test_batch_equals_single() -> None:
    rec = EnglishNerRecognizer(nlp=NLP)
    texts = ["Master James Brown signed.", "外籍船员 Robert Miller 突发胸痛", "no names here"]
    norms = [normalize(t) for t in texts]
    assert rec.find_batch(norms) == [rec.find(n) for n in norms]


def test_missing_model_returns_none_and_recognizer_is_inert() -> None:
    assert load_spacy_model("no_such_pipeline_xyz") is None
    rec = EnglishNerRecognizer(nlp=None)
    assert rec.find(normalize("John Smith")) == []


@needs_model
def test_possessive_and_quotes_trimmed() -> None:
    assert NLP is not None
    text = "It was John Smith's car."
    spans = doc_spans(text, NLP(text))
    assert any(s.text == "John Smith" for s in spans)


@needs_model
def test_latin_glued_to_chinese_is_no_person() -> None:
    # spaCy's tokenizer keeps "Facebook目前…游戏" as one word and may call it ORG; the
    # ORG-as-person rule must not turn that clause into a name.
    text = "Facebook目前尚未关闭印度地区的Scrabulous游戏，"
    people = [s for s in shared_engine().analyze(text) if s.entity_type == PERSON]
    assert people == []


@needs_model
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Son Patrick O'Brien called from 646.555.0172.", "Patrick O'Brien"),  # trial10
        ("Daughter Anna Smith is the contact.", "Anna Smith"),
        ("Dr. Alan Grant saw her today.", "Alan Grant"),
    ],
)
def test_a_kinship_word_or_title_before_a_name_stays_in_the_text(text: str, name: str) -> None:
    """Masking "Son" or "Daughter" with the name hides who called: it is context, not identity."""
    from privacy.detect.scanner import Scanner

    spans = Scanner().scan([text], "en")[0]
    assert [s.text for s in spans if s.entity_type == PERSON] == [name]


def test_a_kinship_word_goes_only_before_a_first_and_last_name() -> None:
    from privacy.detect.recognizers.nlp.en_person import _without_lead_word

    assert _without_lead_word("Son Patrick O'Brien") == "Patrick O'Brien"
    assert _without_lead_word("Son Heung-min") == "Son Heung-min"  # "Son" is his name
    assert _without_lead_word("Mr. Lee") == "Lee"
