"""The Presidio engine: offline (sockets blocked), configurable entities, capabilities."""

from __future__ import annotations

import socket

import pytest

from privacy.detect.engine import build_engine, shared_engine
from privacy.detect.entities import CN_MOBILE, CN_RESIDENT_ID, EMAIL_ADDRESS, PERSON

TEXT = (
    "患者张伟，身份证11010519491231002X，手机138 1234 5678，邮箱zhang.wei@163.com。"
    " Seen by Dr. Mary Johnson, tel 0411-8888 6666."
)


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails loudly."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_analysis_works_with_sockets_blocked(no_network: None) -> None:
    engine = build_engine(enabled=None, spacy_model="en_core_web_sm")
    # Presidio's own EmailRecognizer too (it validates TLDs with tldextract).
    with_presidio_email = build_engine(enabled=["EMAIL_ADDRESS", "URL"], spacy_model=None)
    spans = engine.analyze(TEXT)
    types = {s.entity_type for s in spans}
    assert {CN_RESIDENT_ID, CN_MOBILE, EMAIL_ADDRESS, PERSON} <= types
    assert any(s.text == "zhang.wei@163.com" for s in with_presidio_email.analyze(TEXT))


def test_spans_point_into_original_text() -> None:
    engine = shared_engine()
    text = "ﬁ①😀 身份证：１１０１０５１９４９１２３１００２Ｘ"
    (span,) = [s for s in engine.analyze(text) if s.entity_type == CN_RESIDENT_ID]
    assert text[span.start : span.end] == span.text == "１１０１０５１９４９１２３１００２Ｘ"


def test_misfiring_presidio_recognizers_are_off_by_default() -> None:
    engine = shared_engine()
    assert "UK_NHS" not in engine.entities
    assert "US_DRIVER_LICENSE" not in engine.entities
    text = "班次记录 4010232137 1234567890 订单A1234567 时间2024-03-15"
    assert engine.analyze(text) == []


def test_enabled_and_disabled_lists() -> None:
    engine = build_engine(enabled=[CN_MOBILE, "UK_NHS"], spacy_model=None)
    assert engine.entities == {CN_MOBILE, "UK_NHS"}
    assert {s.entity_type for s in engine.analyze(TEXT)} == {CN_MOBILE}
    assert CN_MOBILE not in build_engine(disabled=[CN_MOBILE], spacy_model=None).entities
    with pytest.raises(ValueError, match="unknown entity"):
        build_engine(enabled=["NOT_A_TYPE"], spacy_model=None)


def test_without_english_model_patterns_still_run_and_capabilities_say_so() -> None:
    engine = build_engine(spacy_model=None)
    assert not engine.capabilities.english_ner
    assert "NOT detected" in engine.capabilities.describe()
    types = {s.entity_type for s in engine.analyze(TEXT)}
    assert CN_RESIDENT_ID in types
    # Listed names are still found by the bundled name list; names it does not know are not.
    assert engine.capabilities.english_name_list
    assert "Mary Johnson" in {s.text for s in engine.analyze(TEXT)}
    assert engine.analyze("Signed off by Qwertal Zlombic, shift lead.") == []


def test_analyze_results_are_presidio_results_for_the_anonymizer() -> None:
    engine = shared_engine()
    results = engine.analyze_results("身份证11010519491231002X")
    assert [(r.entity_type, r.start, r.end) for r in results] == [(CN_RESIDENT_ID, 3, 21)]


def test_empty_and_none() -> None:
    engine = shared_engine()
    assert engine.analyze("") == []
    assert engine.analyze(None) == []
