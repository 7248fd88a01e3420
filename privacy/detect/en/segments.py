"""Which sentences of a text the English NER model reads: only those where it can add a name.

spaCy's cost grows with every token, and most sentences of a note need no model:
  - "BP 120/80, HR 88.", "lab order 20240315.": no capitalized word, so no name or place
    to find (names in lower-case text are the name list's job);
  - "Patient John Lewis, DOB: 1993-07-04.", "Seen by Dr. Young.": every capitalized word is
    already a name the name list found with strong evidence (privacy.detect.en.names), a title or
    month, or the sentence's first word when that is a common English word (not a noun:
    nouns include places) and no listed name.
NER reads the rest (unknown names, places, names the list is unsure of). Both detection
paths use these segments, so they stay identical."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS

from privacy.detect.en.names import SCORE_SINGLE_STRONG, NameHit, find_english_names
from privacy.detect.en.names_lists import lookup
from privacy.detect.en.names_words import ROLE_WORDS

WordTest = Callable[[str], bool]
CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)

# A sentence ends at . ! ? (or their full-width forms) followed by white space, or at a line
# break; not after a title, an initial or another short abbreviation ("Dr. Mary", "J. Smith").
_BOUNDARY = re.compile(r"(?<=[.!?。！？])[ \t]+|[。！？]|\n+")
_LAST_WORD = re.compile(r"([A-Za-z]+)\.$")
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt capt gen col lt sgt rev hon jr sr no vol dept inc ltd co corp "
    "vs etc approx e.g i.e".split()
)
# A capitalized word: an upper-case letter followed by a lower-case one (any Latin script).
_CAPITALIZED = re.compile(r"(?<![^\W\d_])[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]")
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_TITLE_WORD = re.compile(r"(?<![^\W\d_])[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ][^\W\d_'’\-]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `text`, split where a sentence clearly ends."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group().startswith((" ", "\t")):
            word = _LAST_WORD.search(text, max(0, m.start() - 12), m.start())
            if word and (len(word.group(1)) < 2 or word.group(1).lower() in ABBREVIATIONS):
                continue
        end = m.end() if not m.group().isspace() else m.start()
        if end > start:
            out.append((start, end))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def may_hold_name(sentence: str) -> bool:
    """True when the sentence has a capitalized word (a name or place may start there)."""
    return _CAPITALIZED.search(sentence) is not None


def is_stop_word(word: str) -> bool:
    """The fallback English-word test: spaCy's stop words only."""
    return word.lower() in STOP_WORDS


def ner_segments(
    text: str, is_word: WordTest = is_stop_word, names_in: str | None = None
) -> list[tuple[int, int]]:
    """[start, end) of the sentences worth running NER on, in text order; `names_in` is a
    same-length form of `text` to look names up in (the normalized text, whose name hits
    are already memoized)."""
    reach: tuple[list[int], list[int]] | None = None
    out: list[tuple[int, int]] = []
    for start, end in sentences(text):
        if not may_hold_name(text[start:end]):
            continue
        if reach is None:
            found = find_english_names(names_in if names_in is not None else text)
            reach = _reach([h for h in found if h.score >= SCORE_SINGLE_STRONG])
        if not _explained(text, start, end, reach, is_word):
            out.append((start, end))
    return out


def _reach(hits: list[NameHit]) -> tuple[list[int], list[int]]:
    """Starts of the hits in order and the furthest end reached by each prefix (computed once
    per text: a 1 MB field has ~10^4 sentences and hits, and testing each pair was quadratic)."""
    spans = sorted((h.start, h.end) for h in hits)
    return [s for s, _ in spans], list(itertools.accumulate((e for _, e in spans), max))


def _explained(
    text: str, start: int, end: int, hits: tuple[list[int], list[int]], is_word: WordTest
) -> bool:
    """True when every capitalized word of the sentence is a strong name hit, a title, a
    month, or the first word being a common English word that is no listed name."""
    first = _FIRST_WORD.search(text, start, end)
    starts, reach = hits
    for m in _TITLE_WORD.finditer(text, start, end):
        k = bisect.bisect_right(starts, m.start())  # hits[:k] start at or before the word
        if k and reach[k - 1] >= m.end():
            continue  # inside a strong name hit
        word = m.group()
        if word.casefold() in ROLE_WORDS or word.casefold() in CALENDAR:
            continue
        at_start = first is not None and m.start() == first.start()
        if at_start and lookup(word) is None and is_word(word):
            continue
        return False
    return True
