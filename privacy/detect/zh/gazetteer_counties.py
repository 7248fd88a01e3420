"""County and district names without their unit (邹平, 嘉鱼, 荔波), read from jieba's dictionary.

The dictionary tags 邹平县 and 嘉鱼县 as places (ns) but their bare names as person names or
nouns, and text often drops the unit. A bare name counts as a place when some ns entry is that
name plus 县/市/区/旗 and the bare name is rare as a word of its own (so 和平区 does not make
和平 a place). Derived at first use from the installed dictionary; no list is shipped.
"""

from __future__ import annotations

from functools import lru_cache

from privacy.detect.zh.segment import dictionary_tags, is_cjk, word_frequency

UNITS = frozenset("县市区旗")
# Last characters of a stem that is a generic area, not a name (林区, 新区, 市区, 景区).
_GENERIC_ENDS = frozenset("地林矿郊景牧灾库新市老特自港园校")
# Endings of ns words that describe a kind of city (宜居城市, 老城区), not one place.
_GENERIC_WORD_ENDS = ("城市", "城区")
# Bare names tagged as names or unknown stay places up to this dictionary frequency; bare
# names that are everyday words (nouns, verbs, adjectives) only when rarer still.
NAME_FREQ = 300
WORD_FREQ = 30
_NAME_TAGS = frozenset({None, "nr", "nrt", "nrfg", "nz", "j"})


def is_county_stem(word: str) -> bool:
    """True when `word` is a county / district / city name written without its unit."""
    return word in _county_stems()


@lru_cache(maxsize=1)
def _county_stems() -> frozenset[str]:
    """Bare names of the dictionary's 3-5 character ns entries ending in a unit."""
    tags = dictionary_tags()
    stems = set()
    for word, tag in tags.items():
        if tag != "ns" or not 3 <= len(word) <= 5 or word[-1] not in UNITS:
            continue
        if word.endswith(_GENERIC_WORD_ENDS):
            continue
        stem = word[:-1]
        if stem[-1] in _GENERIC_ENDS or not is_cjk(stem) or tags.get(stem) == "ns":
            continue
        limit = NAME_FREQ if tags.get(stem) in _NAME_TAGS else WORD_FREQ
        if word_frequency(stem) <= limit:
            stems.add(stem)
    return frozenset(stems)
