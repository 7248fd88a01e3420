"""Per-character inputs of the neural name tagger (privacy.detect.zh.names_nn): the character,
LAC's tag at that character, jieba's word position and tag, and the CRF's surname / cue marks
as 0/1 flags. Shared by training (privacy/models/train_names_nn.py) and tagging so they agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from privacy.detect.zh.lac import LacSpan
from privacy.detect.zh.names_crf_features import (
    _cues_after,
    _cues_before,
    _kinds,
    _word_marks,
)
from privacy.detect.zh.names_shape import (
    COMPOUND_SURNAMES,
    NOT_GIVEN,
    SURNAMES_STRONG,
    SURNAMES_WEAK,
)
from privacy.detect.zh.segment import Token

PAD, UNKNOWN = 0, 1  # ids shared by every vocabulary: padding / a value not seen in training
FLAGS = ("sur_s", "sur_w", "sur_c", "lsur_s", "not_given", "dup", "cue_before", "cue_after")
KINDS = ("H", "D", "L", "O")
N_FLAGS = len(FLAGS) + len(KINDS)


@dataclass(slots=True)
class Vocab:
    """String -> id tables of the three embedded inputs (ids 0 and 1 reserved)."""

    chars: dict[str, int]
    lac: dict[str, int]
    words: dict[str, int]

    @classmethod
    def build(cls, chars: Sequence[str], lac: Sequence[str], words: Sequence[str]) -> Vocab:
        """Tables from the values seen in training, in the order given."""

        def table(values: Sequence[str]) -> dict[str, int]:
            return {v: k + 2 for k, v in enumerate(dict.fromkeys(values))}

        return cls(table(chars), table(lac), table(words))

    def to_json(self) -> dict[str, list[str]]:
        """The tables as ordered lists (id = position + 2)."""
        return {"chars": list(self.chars), "lac": list(self.lac), "words": list(self.words)}

    @classmethod
    def from_json(cls, data: dict[str, list[str]]) -> Vocab:
        """Inverse of to_json."""
        return cls.build(data["chars"], data["lac"], data["words"])


def lac_marks(size: int, words: Sequence[LacSpan], offset: int = 0) -> list[str]:
    """LAC's tag with its word position (PER-B, PER-I, n-B ...) per character of a piece that
    starts at `offset`; "" where LAC gave no word (a piece it did not read)."""
    out = [""] * size
    for w in words:
        lo, hi = max(w.start - offset, 0), min(w.end - offset, size)
        if lo < hi:
            out[lo] = f"{w.tag}-B" if w.start - offset >= 0 else f"{w.tag}-I"
            out[lo + 1 : hi] = [f"{w.tag}-I"] * (hi - lo - 1)
    return out


def string_inputs(
    text: str, tokens: Sequence[Token], lac: Sequence[LacSpan], offset: int = 0
) -> tuple[list[str], list[str], list[str], np.ndarray]:
    """(characters, LAC marks, word marks) as strings and the flags (len, N_FLAGS) of one
    piece; `tokens` and `lac` are in the piece's own offsets plus `offset`."""
    size = len(text)
    local = [Token(t.word, t.start - offset, t.end - offset, t.tag) for t in tokens]
    words = [pos + tag for pos, tag in _word_marks(text, local)]
    before, after = _cues_before(text), _cues_after(text)
    kinds = _kinds(text)
    flags = np.zeros((size, N_FLAGS), dtype=np.float32)
    for i, c in enumerate(text):
        prev = text[i - 1] if i else ""
        row = flags[i]
        row[0] = c in SURNAMES_STRONG
        row[1] = c in SURNAMES_WEAK
        row[2] = text[i : i + 2] in COMPOUND_SURNAMES
        row[3] = prev in SURNAMES_STRONG if prev else 0.0
        row[4] = c in NOT_GIVEN
        row[5] = (c == prev) or (i + 1 < size and c == text[i + 1])
        row[6] = i in before
        row[7] = i in after
        row[len(FLAGS) + KINDS.index(kinds[i])] = 1.0
    return list(text), lac_marks(size, lac, offset), words, flags


def encode(
    vocab: Vocab, text: str, tokens: Sequence[Token], lac: Sequence[LacSpan], offset: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(char ids, LAC ids, word ids) int64 of shape (len,) and flags float32 (len, N_FLAGS)."""
    chars, marks, words, flags = string_inputs(text, tokens, lac, offset)
    return (
        np.array([vocab.chars.get(c, UNKNOWN) for c in chars], dtype=np.int64),
        np.array([vocab.lac.get(m, UNKNOWN) if m else PAD for m in marks], dtype=np.int64),
        np.array([vocab.words.get(w, UNKNOWN) for w in words], dtype=np.int64),
        flags,
    )
