"""Per-character features of the Chinese name CRF (privacy.detect.zh.names_crf): the characters
around, surname and non-given-name marks, the jieba word each character sits in, and cue words
ending right before / starting right after it. Shared by training and tagging so they agree."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

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


# Characters seen so far -> their class (a text repeats few distinct characters).
_KINDS: dict[str, str] = {}
_BEFORE_FIRST = frozenset(w[0] for w in _BEFORE)
_AFTER_FIRST = frozenset(w[0] for w in _AFTER)


def _kinds(text: str) -> list[str]:
    """_kind of every character of `text`, memoized per character."""
    kinds = _KINDS
    out = []
    for c in text:
        k = kinds.get(c)
        if k is None:
            k = kinds[c] = _kind(c)
        out.append(k)
    return out


def _cues_before(text: str) -> set[int]:
    """Positions i where a role / title cue ends right before i (one pass from the cues'
    first characters instead of every length at every position)."""
    out: set[int] = set()
    size = len(text)
    for j, c in enumerate(text):
        if c in _BEFORE_FIRST:
            for n in _CUE_LENGTHS:
                if j + n <= size and text[j : j + n] in _BEFORE:
                    out.add(j + n)
    return out


def _cues_after(text: str) -> set[int]:
    """Positions i where a title / verb-of-saying cue starts right after i."""
    out: set[int] = set()
    for j, c in enumerate(text):
        if j and c in _AFTER_FIRST and any(text[j : j + n] in _AFTER for n in _CUE_LENGTHS):
            out.add(j - 1)
    return out


def _word_marks(text: str, tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """(position in its jieba word B/M/E/S + length, word's dictionary tag) per character."""
    marks = [("S1", "x")] * len(text)
    for tok in tokens:
        tag = tok.tag or "new"
        stop = min(tok.end, len(text))
        if tok.start < stop:
            marks[tok.start : stop] = [(pos, tag) for pos in _positions(tok.end - tok.start)][
                : stop - tok.start
            ]
    return marks


@lru_cache(maxsize=64)
def _positions(n: int) -> tuple[str, ...]:
    """The B/M/E/S + length marks of the characters of an n-character word."""
    size = min(n, 4)
    if n == 1:
        return (f"S{size}",)
    return (f"B{size}", *[f"M{size}"] * (n - 2), f"E{size}")


def char_features(text: str, tokens: Sequence[Token]) -> list[list[str]]:
    """One feature list per character of `text` (tokens: jieba's segmentation of it); each
    character's features keep one fixed order, so crfsuite sums their weights alike."""
    text = _SURROGATE.sub("\ufffd", text)
    padded = _PAD * 2 + text + _PAD * 2
    kinds = _kinds(padded)
    before = _cues_before(text)
    after = _cues_after(text)
    n = len(text)
    out: list[list[str]] = []
    for i, (c, lm1, lm2, r1, r2, (pos, tag)) in enumerate(
        zip(
            text,
            padded[1 : n + 1],
            padded[:n],
            padded[3 : n + 3],
            padded[4 : n + 4],
            _word_marks(text, tokens),
            strict=True,
        )
    ):
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
            "k=" + kinds[i + 2] + kinds[i + 1] + kinds[i + 3],
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
        if i in before:
            f.append("cue<")
        if i in after:
            f.append("cue>")
        out.append(f)
    return out
