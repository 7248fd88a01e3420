"""The fast scanner gives the engine's answers, batch by batch."""

from __future__ import annotations

import gc

from privacy.corpora.notes import generate_notes
from privacy.detect.engine import build_engine, shared_engine
from privacy.detect.entities import CN_MOBILE, PERSON
from privacy.detect.scanner import Scanner, scan_texts


def test_scanner_equals_engine_on_generated_corpus() -> None:
    engine = shared_engine()
    scanner = Scanner(engine)
    texts: list[str | None] = [n.text for n in generate_notes(120, seed=7)]
    texts += ["", None, "ﬁ①😀 手机１３８１２３４５６７８", "John Smith 13812345678 王小明"]
    fast = scanner.scan(texts, batch_size=50)
    slow = [engine.analyze(t) for t in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 800


def test_scanner_finds_planted_identifiers() -> None:
    notes = generate_notes(60, seed=3)
    found = Scanner(shared_engine()).scan([n.text for n in notes])
    for note, spans in zip(notes, found, strict=True):
        got = {(s.start, s.end, s.entity_type) for s in spans}
        for start, end, entity in note.spans:
            if entity.startswith("CN_") or entity in ("EMAIL_ADDRESS", "DATE_OF_BIRTH"):
                assert (start, end, entity) in got, (note.text[start:end], entity)


def test_entities_filter_and_lang() -> None:
    scanner = Scanner(shared_engine())
    text = "Patient John Smith, mobile 13812345678"
    (only_mobile,) = scanner.scan([text], entities=["CN_MOBILE"])
    assert [s.entity_type for s in only_mobile] == ["CN_MOBILE"]
    (zh_only,) = scanner.scan([text], lang="zh")
    assert "PERSON" not in {s.entity_type for s in zh_only}


def test_scan_texts_function() -> None:
    (spans,) = scan_texts(["身份证11010519491231002X"], scanner=Scanner(shared_engine()))
    assert spans[0].text == "11010519491231002X"


def test_lone_surrogate_text_does_not_break_the_batch() -> None:
    scanner = Scanner(shared_engine())
    out = scanner.scan(["bad \ud800 手机13812345678", "身份证11010519491231002X"])
    assert [s.entity_type for s in out[0]] == ["CN_MOBILE"]
    assert [s.entity_type for s in out[1]] == ["CN_RESIDENT_ID"]


ENGLISH = [
    "Why is Magnus so impulsive?",
    "follow up with patricia desrosiers in a couple of months.",
    "Seen by Dr. Mary J. Young. BP 120/80, HR 88. Rebecca called back.",
    "Bad \ud800 surrogate, John Smith 13812345678",
    "The bus station is on Villacher Strasse 89, Dusino San Michele.",
    "外籍船员 Linda Wright 突发胸痛。Contact mobile 19926662013。",
]


def test_scanner_equals_engine_on_english_names_with_and_without_spacy() -> None:
    list_only = build_engine(spacy_model=None)
    for engine in (shared_engine(), list_only):
        scanner = Scanner(engine)
        assert scanner.scan(ENGLISH) == [engine.analyze(t) for t in ENGLISH]
        assert scanner.scan(ENGLISH, lang="en") == [engine.analyze(t, "en") for t in ENGLISH]
    found = Scanner(shared_engine()).scan(ENGLISH)
    people = {s.text for spans in found for s in spans if s.entity_type == PERSON}
    assert {"Magnus", "patricia desrosiers", "Mary J. Young", "John Smith"} <= people
    assert CN_MOBILE in {s.entity_type for s in found[3]}
    # The name list alone takes no street or place for a person.
    assert not any(s.entity_type == PERSON for s in Scanner(list_only).scan(ENGLISH)[4])


def test_each_chinese_text_of_a_batch_is_segmented_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from privacy.detect.zh import segment

    calls: list[str] = []
    tokenize = segment.tokenize

    def counting(text: str) -> list[segment.Token]:
        calls.append(text)
        return tokenize(text)

    monkeypatch.setattr(segment, "tokenize", counting)
    segment.tokenize_cached.cache_clear()
    # More Chinese texts than the old 512-entry cache held: names, then addresses, read each.
    texts = [f"患者{i}号床王芳于大连市中山区人民路{i}号就诊。" for i in range(700)]
    found = Scanner(shared_engine()).scan(texts, entities=[PERSON, "ADDRESS"])
    assert len(calls) == len(set(calls)) == len(texts)
    assert all(any(s.entity_type == "ADDRESS" for s in spans) for spans in found)


def test_cycle_collector_paused_per_batch_and_restored() -> None:
    seen: list[bool] = []

    class Recording(Scanner):
        def _scan_batch(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(gc.isenabled())
            return super()._scan_batch(*args, **kwargs)

    scanner = Recording(shared_engine())
    was = gc.isenabled()
    try:
        gc.enable()
        out = scanner.scan(["手机13812345678", "身份证11010519491231002X"], batch_size=1)
        assert gc.isenabled()
        gc.disable()
        scanner.scan(["手机13812345678"])
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
    assert seen == [False, False, False]
    assert [s.entity_type for s in out[0]] == [CN_MOBILE]
