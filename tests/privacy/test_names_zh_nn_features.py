"""Inputs of the neural name tagger: LAC's marks per character, the flags, and ids from the
vocabulary (unknown values share one id, padding another)."""

from __future__ import annotations

from privacy.detect.zh.lac import LacSpan
from privacy.detect.zh.names_nn_features import (
    FLAGS,
    N_FLAGS,
    PAD,
    UNKNOWN,
    Vocab,
    encode,
    lac_marks,
    string_inputs,
)
from privacy.detect.zh.segment import tokenize

TEXT = "昨天李明华来了"


def test_lac_marks_mark_word_starts_and_respect_the_offset() -> None:
    words = [LacSpan(10, 12, "TIME"), LacSpan(12, 15, "PER"), LacSpan(15, 17, "v")]
    assert lac_marks(7, words, offset=10) == [
        "TIME-B",
        "TIME-I",
        "PER-B",
        "PER-I",
        "PER-I",
        "v-B",
        "v-I",
    ]
    # A word begun before the piece continues inside it; characters LAC did not read stay empty.
    assert lac_marks(3, [LacSpan(0, 2, "PER")], offset=1) == ["PER-I", "", ""]


def test_flags_mark_surnames_and_character_kinds() -> None:
    chars, _, words, flags = string_inputs(TEXT, tokenize(TEXT), [])
    assert chars == list(TEXT)
    assert len(words) == len(TEXT)
    assert flags.shape == (len(TEXT), N_FLAGS)
    assert flags[2, FLAGS.index("sur_s")] == 1.0  # 李
    assert flags[3, FLAGS.index("lsur_s")] == 1.0  # after 李
    assert flags[:, len(FLAGS)].tolist() == [1.0] * len(TEXT)  # all Han


def test_unknown_values_share_one_id_and_unread_characters_are_padding() -> None:
    vocab = Vocab.build(["李", "明"], ["PER-B", "PER-I"], [])
    chars, lac, words, flags = encode(vocab, "李明华", tokenize("李明华"), [LacSpan(0, 2, "PER")])
    assert chars.tolist() == [2, 3, UNKNOWN]
    assert lac.tolist() == [2, 3, PAD]
    assert words.tolist() == [UNKNOWN] * 3
    assert Vocab.from_json(vocab.to_json()) == vocab
