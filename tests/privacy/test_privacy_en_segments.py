"""Which sentences the English NER reads (both detection paths use the same ones)."""

from __future__ import annotations

from privacy.detect.en.segments import may_hold_name, ner_segments, sentences

NOTE = (
    "Patient John Lewis, DOB: 07/04/1993. Admitted with chest pain. BP 120/80, HR 88. "
    "Seen by Dr. Young. Contact: 13812345678.\nMagnus called back."
)


def pieces(text: str) -> list[str]:
    return [text[s:e] for s, e in ner_segments(text)]


def test_sentences_do_not_split_after_titles_or_initials() -> None:
    text = "Seen by Dr. Mary J. Young. Then discharged."
    assert [text[s:e] for s, e in sentences(text)] == [
        "Seen by Dr. Mary J. Young.",
        "Then discharged.",
    ]


def test_sentences_without_a_capitalized_word_are_cut() -> None:
    kept = [NOTE[s:e] for s, e in sentences(NOTE) if may_hold_name(NOTE[s:e])]
    assert "BP 120/80, HR 88." not in kept
    assert len(kept) == 5


def test_sentences_the_name_list_fully_explains_skip_ner() -> None:
    # Stop words alone cannot explain "Admitted", "Seen", "Contact" opening a sentence.
    assert pieces(NOTE) == [
        "Admitted with chest pain.",
        "Seen by Dr. Young.",
        "Contact: 13812345678.",
    ]
    common = {"admitted", "seen", "contact"}
    assert ner_segments(NOTE, is_word=lambda w: w.lower() in common) == []
    # Unknown or uncertain names, and places, still go to NER.
    for text in (
        "Gyala Antall signed.",
        "Paris is lovely.",
        "We met in Dayaowan.",
        "Uruguay 64677",
    ):
        assert pieces(text) == [text]


def test_may_hold_name() -> None:
    assert may_hold_name("Why is Rebecca so impulsive?")
    assert may_hold_name("Uruguay 64677")
    assert not may_hold_name("BP 120/80, HR 88.")
    assert not may_hold_name("follow up with patricia desrosiers.")  # the name list's job


def test_offsets_point_into_the_text() -> None:
    text = "外籍船员 Gyala Antall 突发胸痛。Contact mobile 19926662013。"
    segment, _contact = ner_segments(text)
    assert text[segment[0] : segment[1]] == "外籍船员 Gyala Antall 突发胸痛。"
