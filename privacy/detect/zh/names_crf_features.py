"""Per-character features of the Chinese name CRF (privacy.detect.zh.names_crf): the characters
around, surname and non-given-name marks, the jieba word each character sits in, and cue words
ending right before / starting right after it. Shared by training and tagging so they agree."""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.zh.names_cues import AFTER_NAME, CUES_AFTER, CUES_BEFORE, TITLES_BEFORE
from privacy.detect.zh.names_shape import (
    COMPOUND_SURNAMES,
    NOT_GIVEN,
    SURNAMES_STRONG,
    SURNAMES_WEAK,
)
from privacy.detect.zh.segment import Token

_BEFORE = frozenset(CUES_BEFORE) | frozenset(TITLES_BEFORE)
_AFTER = frozenset(CUES_AFTER) | frozenset(AFTER_NAME)
_CUE_LENGTHS = sorted({len(w) for w in _BEFORE | _AFTER})
_PAD = "^"
# Lone surrogates cannot be encoded for crfsuite; they become U+FFFD (same length).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _kind(c: str) -> str:
    """Coarse character class: Han, digit, Latin letter, other."""
    if "\u3400" <= c <= "\u9fff":
        return "H"
    if c.isdigit():
        return "D"
    if c.isascii() and c.isalpha():
        return "L"
    return "O"


def _cue_before(text: str, i: int) -> bool:
    """True when a role / title cue ends right before position i."""
    return any(text[max(0, i - n) : i] in _BEFORE for n in _CUE_LENGTHS if i >= n)


def _cue_after(text: str, i: int) -> bool:
    """True when a title / verb-of-saying cue starts right after position i."""
    return any(text[i + 1 : i + 1 + n] in _AFTER for n in _CUE_LENGTHS)


def _word_marks(text: str, tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """(position in its jieba word B/M/E/S + length, word's dictionary tag) per character."""
    marks = [("S1", "x")] * len(text)
    for tok in tokens:
        n = tok.end - tok.start
        tag = tok.tag or "new"
        for k in range(tok.start, min(tok.end, len(text))):
            pos = "S" if n == 1 else "B" if k == tok.start else "E" if k == tok.end - 1 else "M"
            marks[k] = (f"{pos}{min(n, 4)}", tag)
    return marks


def char_features(text: str, tokens: Sequence[Token]) -> list[list[str]]:
    """One feature list per character of `text` (tokens: jieba's segmentation of it)."""
    text = _SURROGATE.sub("\ufffd", text)
    padded = _PAD * 2 + text + _PAD * 2
    marks = _word_marks(text, tokens)
    out: list[list[str]] = []
    for i, c in enumerate(text):
        j = i + 2
        lm2, lm1, r1, r2 = padded[j - 2], padded[j - 1], padded[j + 1], padded[j + 2]
        pos, tag = marks[i]
        f = [
            "c=" + c,
            "l1=" + lm1,
            "l2=" + lm2,
            "r1=" + r1,
            "r2=" + r2,
            "b-=" + lm1 + c,
            "b+=" + c + r1,
            "b--=" + lm2 + lm1,
            "b++=" + r1 + r2,
            "k=" + _kind(c) + _kind(lm1) + _kind(r1),
            "w=" + pos,
            "wt=" + tag,
            "wpt=" + pos + tag,
        ]
        if c in SURNAMES_STRONG:
            f.append("sur=S")
        elif c in SURNAMES_WEAK:
            f.append("sur=W")
        if text[i : i + 2] in COMPOUND_SURNAMES:
            f.append("sur=C")
        if lm1 in SURNAMES_STRONG:
            f.append("lsur=S")
        if c in NOT_GIVEN:
            f.append("ng")
        if c == lm1 or c == r1:
            f.append("dup")  # reduplicated nicknames: 壮壮, 圆圆
        if _cue_before(text, i):
            f.append("cue<")
        if _cue_after(text, i):
            f.append("cue>")
        out.append(f)
    return out
