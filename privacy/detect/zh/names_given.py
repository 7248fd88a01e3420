"""How name-like a character is as part of a Chinese given name, from jieba's bundled dictionary.

The dictionary tags tens of thousands of people (郭仲荀, 陈佐湟 ...) `nr`; a character's share
among the given-name characters of those names, against its share of all dictionary text
(weighted by word frequency), gives a log-ratio: 伟/芳/磊 score high, 的/是/队/票 low. Derived
from the installed jieba dictionary only (no corpus, no download), computed once on first use.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from privacy.detect.zh.names_shape import SURNAMES_STRONG
from privacy.detect.zh.segment import dictionary_frequencies, dictionary_tags

# Added to both counts so rare characters stay near 0 instead of swinging wildly.
_GIVEN_PRIOR = 0.5
_TEXT_PRIOR = 50.0
_CLIP = 3.0


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    """Character -> clipped log-ratio of given-name share to dictionary-text share."""
    given: Counter[str] = Counter()
    for word, tag in dictionary_tags().items():
        if tag in ("nr", "nrfg") and len(word) == 3 and word[0] in SURNAMES_STRONG:
            given.update(word[1:])
    text: Counter[str] = Counter()
    for word, freq in dictionary_frequencies().items():
        if freq:
            for ch in word:
                text[ch] += freq
    g_total, t_total = sum(given.values()), sum(text.values())
    table: dict[str, float] = {}
    for ch in given.keys() | text.keys():
        ratio = math.log((given[ch] + _GIVEN_PRIOR) / g_total) - math.log(
            (text[ch] + _TEXT_PRIOR) / t_total
        )
        table[ch] = max(-_CLIP, min(_CLIP, ratio))
    return table


def char_score(ch: str) -> float:
    """Log-ratio for one character (positive: typical of given names; unknown characters 0)."""
    return _table().get(ch, 0.0)


def given_score(chars: str) -> float:
    """Mean character score of a 1-2 character given name."""
    if not chars:
        return 0.0
    return sum(char_score(c) for c in chars) / len(chars)
