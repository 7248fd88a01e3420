"""Quiet, offline jieba segmentation with dictionary part-of-speech tags, memoized per text.

jieba's own POS tagger (`jieba.posseg`) runs a Python HMM and manages ~20k chars/s; plain
`jieba.tokenize` (with HMM new-word discovery) is ~6x faster. We tokenize and look each
word's tag up in the bundled dictionary; words the HMM discovered (often names) get tag None.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import jieba

from privacy.detect.normalize import HAN_RANGE
from privacy.detect.zh.jieba_cut import BlockCutter

_LOCK = threading.Lock()
_READY = False


# Hashed and compared by value like a frozen dataclass, and never assigned to, but not frozen:
# a frozen instance is built by object.__setattr__ per field (~1 us), and the scanner builds
# ~100k of these per 1,000 notes.
@dataclass(slots=True, unsafe_hash=True)
class Token:
    """One jieba word with its offsets in the segmented string and its dictionary POS tag."""

    word: str
    start: int
    end: int
    tag: str | None  # None: not in the dictionary (discovered by the HMM)


def init_jieba() -> None:
    """Load jieba's bundled dictionary once, with its logger silenced (no download involved)."""
    global _READY
    if _READY:
        return
    with _LOCK:
        if _READY:
            return
        jieba.setLogLevel(logging.WARNING)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.initialize()
        _READY = True


def _tags() -> dict[str, str]:
    """The dictionary's word -> POS tag table (jieba.posseg reads it from the bundled dict.txt)."""
    import jieba.posseg  # deferred: reading the tag table takes ~0.6 s

    return jieba.posseg.dt.word_tag_tab


def tokenize(text: str) -> list[Token]:
    """Segment `text` into tagged tokens (HMM on, so unknown names come out as single words).

    Same tokens as `jieba.tokenize(text)`: jieba cuts each block of `re_han_default.split`
    on its own, so the words of a block are memoized (template phrases, dates and cue words
    recur across texts) and only their offsets are computed per text.
    """
    init_jieba()
    out: list[Token] = []
    pos = 0
    for block in jieba.re_han_default.split(text):
        if not block:
            continue
        for word, tag in block_words(block):
            end = pos + len(word)
            out.append(Token(word, pos, end, tag))
            pos = end
    return out


@lru_cache(maxsize=65536)
def block_words(block: str) -> tuple[tuple[str, str | None], ...]:
    """jieba's words of one block with their dictionary tags (a block is cut independently)."""
    tags = _tags()
    if jieba.re_han_default.match(block):
        words: Iterable[str] = _cutter().cut(block)
    else:
        words = jieba.dt.cut(block, HMM=True)  # spaces and punctuation
    return tuple((word, tags.get(word)) for word in words)


@lru_cache(maxsize=1)
def _cutter() -> BlockCutter:
    """The block cutter over jieba's loaded dictionary."""
    init_jieba()
    return BlockCutter(jieba.dt)


# Above the scanner's batch (2000 texts): the batched name step segments every text of a batch
# before the address step reads them again, and a smaller LRU evicted each text just before
# its second use (every Chinese text was segmented twice).
@lru_cache(maxsize=4096)
def tokenize_cached(text: str) -> tuple[Token, ...]:
    """tokenize() memoized: the name and the address recognizers share one segmentation."""
    return tuple(tokenize(text))


def is_known(word: str) -> bool:
    """True when `word` is a dictionary word (jieba frequency > 0)."""
    init_jieba()
    return bool(jieba.dt.FREQ.get(word))


def word_frequency(word: str) -> int:
    """jieba dictionary frequency of `word` (0 when unknown)."""
    init_jieba()
    return int(jieba.dt.FREQ.get(word) or 0)


def dictionary_tag(word: str) -> str | None:
    """jieba dictionary POS tag of `word` (None when unknown)."""
    init_jieba()
    return _tags().get(word)


def dictionary_tags() -> dict[str, str]:
    """The whole word -> POS tag table of the bundled dictionary (read-only use)."""
    init_jieba()
    return _tags()


def dictionary_frequencies() -> dict[str, int]:
    """The whole word -> frequency table of the bundled dictionary (read-only use)."""
    init_jieba()
    return jieba.dt.FREQ


_CJK = re.compile(f"^[{HAN_RANGE}]+$")


@lru_cache(maxsize=65536)
def is_cjk(word: str) -> bool:
    """True when every character is a CJK ideograph (memoized: the name and address rules ask
    it of the same tokens and short slices ~170 times a note)."""
    return bool(_CJK.match(word))
