"""Generated notes: gold spans slice real, valid identifiers; generation is reproducible."""

from __future__ import annotations

from privacy.corpora.notes import GENERATORS, generate_notes
from privacy.detect.checksums import luhn_ok, resident_id_checksum_ok, uscc_checksum_ok
from privacy.detect.normalize import normalize


def test_reproducible_and_all_kinds() -> None:
    a, b = generate_notes(200, seed=5), generate_notes(200, seed=5)
    assert [n.text for n in a] == [n.text for n in b]
    assert {n.kind for n in a} == set(GENERATORS)


def test_planted_identifiers_are_valid_where_meant_to_be() -> None:
    ids = cards = codes = bad_ids = 0
    for note in generate_notes(400, seed=11):
        for start, end, entity in note.spans:
            value = "".join(c for c in normalize(note.text[start:end]).text if c.isalnum())
            if entity == "CN_RESIDENT_ID":
                ids += 1
                bad_ids += not resident_id_checksum_ok(value)
            elif entity == "CN_BANK_CARD":
                cards += 1
                assert luhn_ok(value)
            elif entity == "CN_USCC":
                codes += 1
                assert uscc_checksum_ok(value)
    assert ids and cards and codes
    # About 5% are typed with a wrong check digit on purpose (recall must hold on them).
    assert 0 < bad_ids < ids * 0.2
