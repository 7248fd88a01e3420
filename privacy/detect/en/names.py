"""Person names in Latin-script text from the bundled name list, name shapes and cue words.

The small spaCy model misses many names (lone first names, foreign names, names in
lower-case text). This finder is its recall-first complement and works without any model:
  - a run of capitalized words (with initials and particles: "Ella H. Snider", "Willemine
    ten Pas") is a name when it holds a listed first or last name, or a surname shape
    (-ović, -ski, -ova, -sson ...); a listed name that is also a common English word
    ("Will", "Grace") needs a second name beside it;
  - a title or role before a run (Mr., Dr., Captain, Patient ...) or a "my name is" cue
    makes any capitalized run a name;
  - runs that are street or company names (a street word after the run, an org word inside,
    a house number before) are not names;
  - a text with no capital letter at all gives case no say: listed names that are not
    English words count in lower case too ("follow up with patricia desrosiers").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from privacy.detect.en.names_lists import NameEntry, lookup
from privacy.detect.en.names_words import (
    KIN_WORDS,
    ORG_WORDS,
    PARTICLES,
    PLACE_PREFIXES,
    ROLE_WORDS,
    STREET_WORDS,
    SURNAME_SHAPE,
)
from privacy.detect.spans import Candidate

# A listed first name that is no English word is scored above spaCy's 0.85, so it wins when
# the small model calls an unfamiliar name a place ("Why is Magnus so ...": GPE).
SCORE_CUED = 0.9
SCORE_FULL_STRONG = 0.88
SCORE_SINGLE_STRONG = 0.86
SCORE_FULL = 0.8
SCORE_SINGLE = 0.6
SCORE_SHAPE = 0.55
SCORE_LOWER = 0.5
MAX_NAME_TOKENS = 4

_L = "A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ"
_WORD = re.compile(rf"[{_L}]+(?:['’\-][{_L}]+)*")
_JOIN = re.compile(r"[ \t]{1,2}")
_JOIN_AFTER_INITIAL = re.compile(r"\.?[ \t]{1,2}")
_DIGITS_BEFORE = re.compile(r"(?<![0-9:/.\-])[0-9]{1,6}[ \t]{1,2}$")
_NUMBER_AFTER = re.compile(r"[ \t]{1,2}[0-9]{1,6}\b")
_HOUSE_NUMBER_AFTER = re.compile(r"[ \t]{1,2}[0-9]{1,4}[a-zA-Z]?(?![0-9])")
_WORD_BEFORE = re.compile(rf"([{_L}]+)\.?[ \t]{{1,2}}$")
_CUE_BEFORE = re.compile(
    r"(?:\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|madam|mme|mlle|herr|frau|capt|rev|fr)\.?"
    r"|\b(?:captain|master|agent|patient|doctor|nurse|driver|officer|engineer|chief|pilot)"
    r"|\b(?:bosun|boatswain|oiler|wiper|messman|cadet|seaman|seafarer|surveyor|electrician)"
    r"|\b(?:operator|supervisor)|\b(?-i:AB|OS)"
    r"|\bname\s*(?:is|:)|\bnamed|\bcalls? me)[ \t]{1,2}$",
    re.IGNORECASE,
)
_CUE_WINDOW = 24
# Capitalized word, initial, capitalized word: "Mijail C Adomo", "Ella H. Snider".
_INITIAL_SHAPE = re.compile(r"[NWSU]I+[NWSU]")


NameHit = Candidate  # one name candidate: [start, end) in the searched text and a score


@dataclass(slots=True, frozen=True)
class _Tok:
    """A Latin-script word with its offsets and case shape."""

    word: str
    start: int
    end: int
    kind: str  # "cap" | "init" | "lower" | "upper" | "other"


def _tokens(text: str) -> list[_Tok]:
    """Latin words with possessive 's cut off, classified by case."""
    out: list[_Tok] = []
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if len(word) > 3 and word[-2:] in ("'s", "’s"):
            word, end = word[:-2], end - 2
        if len(word) == 1 and word.isupper():
            kind = "init"
        elif word[0].isupper() and not word.isupper():
            kind = "cap"
        elif word.isupper():
            kind = "upper"
        elif word.islower():
            kind = "lower"
        else:
            kind = "other"
        out.append(_Tok(word, start, end, kind))
    return out


@lru_cache(maxsize=4096)
def find_english_names(text: str) -> tuple[NameHit, ...]:
    """Name candidates in `text` (capitalized runs, or lower-case mode for uncased text);
    memoized, as the name-list recognizer and the NER sentence filter both ask."""
    tokens = _tokens(text)
    if not tokens:
        return ()
    if not any(ch.isupper() for ch in text):
        return tuple(_lower_case_names(text, tokens))
    return tuple(hit for run in _runs(text, tokens) if (hit := _judge(text, run)) is not None)


def _joined(text: str, left: _Tok, right: _Tok) -> bool:
    """True when only one or two spaces (a dot after an initial) separate two tokens."""
    gap = text[left.end : right.start]
    pattern = _JOIN_AFTER_INITIAL if left.kind == "init" else _JOIN
    return pattern.fullmatch(gap) is not None


def _runs(text: str, tokens: list[_Tok]) -> list[list[_Tok]]:
    """Maximal runs of capitalized words and initials, with particles between them."""
    runs: list[list[_Tok]] = []
    i, n = 0, len(tokens)
    while i < n:
        if tokens[i].kind not in ("cap", "init"):
            i += 1
            continue
        run = [tokens[i]]
        j = i + 1
        while j < n and _joined(text, tokens[j - 1], tokens[j]):
            tok = tokens[j]
            if tok.kind in ("cap", "init"):
                run.append(tok)
            elif (
                tok.kind == "lower"
                and tok.word in PARTICLES
                and j + 1 < n
                and tokens[j + 1].kind == "cap"
                and _joined(text, tok, tokens[j + 1])
            ):
                run.append(tok)
            else:
                break
            j += 1
        runs.append(run)
        i = j
    return runs


def _label(tok: _Tok) -> str:
    """N known name, W name that is also a common word, S surname shape, I initial,
    P particle, U unknown."""
    if tok.kind == "init":
        return "I"
    if tok.kind == "lower":
        return "P"
    entry = lookup(tok.word)
    if entry is not None:
        return "W" if entry.common or len(tok.word) < 3 else "N"
    if len(tok.word) >= 5 and SURNAME_SHAPE.search(tok.word):
        return "S"
    return "U"


def _cued(text: str, start: int) -> bool:
    """True when a title, role or 'name is' cue ends right before `start`."""
    return _CUE_BEFORE.search(text[max(0, start - _CUE_WINDOW) : start]) is not None


def _street_or_org(text: str, run: list[_Tok], following: str) -> bool:
    """True when the run reads as a street, place or company name rather than a person."""
    words = [t.word.casefold() for t in run]
    if any(w in ORG_WORDS for w in words):
        return True
    if words[-1] in STREET_WORDS or (len(words) > 1 and words[0] in PLACE_PREFIXES):
        return True
    before = text[max(0, run[0].start - 12) : run[0].start]
    if _DIGITS_BEFORE.search(before) or _HOUSE_NUMBER_AFTER.match(text, run[-1].end):
        return True
    previous = _WORD_BEFORE.search(before)
    if previous and previous.group(1).casefold() in PLACE_PREFIXES | PARTICLES:
        return True
    return following in STREET_WORDS


def _following_word(text: str, end: int) -> str:
    """The next word after `end` on the same line, skipping one house number; lower case."""
    rest = text[end : end + 24]
    number = _NUMBER_AFTER.match(rest)
    if number:
        rest = rest[number.end() :]
    m = re.match(rf"[ \t]{{0,2}}([{_L}]+)", rest)
    return m.group(1).casefold() if m else ""


def _judge(text: str, run: list[_Tok]) -> NameHit | None:
    """The name inside one capitalized run, if the evidence is strong enough."""
    while run and run[0].word.casefold() in ROLE_WORDS:
        run = run[1:]
    if len(run) >= 3 and run[0].word.casefold() in KIN_WORDS and run[1].kind == "cap":
        run = run[1:]
    while run and run[-1].kind in ("lower", "init"):
        run = run[:-1]  # "Mary I love you": a trailing initial is rarely part of the name
    if not run:
        return None
    if _street_or_org(text, run, _following_word(text, run[-1].end)):
        return None
    labels = [_label(t) for t in run]
    if len([x for x in labels if x in "NWSU"]) > MAX_NAME_TOKENS:
        return None
    if _cued(text, run[0].start):
        return NameHit(run[0].start, run[-1].end, SCORE_CUED)
    if _INITIAL_SHAPE.search("".join(labels)):
        return NameHit(run[0].start, run[-1].end, SCORE_FULL)
    if "N" not in labels and "S" not in labels:
        return None
    # Leading unknown words ("Thanks John") are not part of the name; after a particle or a
    # place word they are the start of a place ("Villafranca del Cid", "São Tiago").
    first = next(i for i, x in enumerate(labels) if x in "NWSI")
    if first and (labels[first - 1] == "P" or run[first - 1].word.casefold() in PLACE_PREFIXES):
        return None
    core = run[first:]
    if len(core) > 1 and core[0].word.casefold() in PLACE_PREFIXES:
        return None  # "Dusino San Michele"
    start, end = core[0].start, core[-1].end
    named = [t for t, x in zip(core, labels[first:], strict=True) if x in "NWSU"]
    entries = [lookup(t.word) for t in named]
    strong_first = _strong_first(entries[0])
    if len(named) >= 2:
        last = entries[-1]
        first_last = entries[0] is not None and entries[0].first and last is not None and last.last
        return NameHit(start, end, SCORE_FULL_STRONG if strong_first or first_last else SCORE_FULL)
    entry = entries[0] if entries else None
    if entry is not None and not entry.common and len(named[0].word) >= 3:
        if strong_first:
            return NameHit(start, end, SCORE_SINGLE_STRONG)
        if entry.noun and not entry.first:
            return None  # a lone surname that is also a noun: Spain, Reed, Cid
        return NameHit(start, end, SCORE_SINGLE)
    if "S" in labels[first:]:
        return NameHit(start, end, SCORE_SHAPE)
    return None


def _strong_first(entry: NameEntry | None) -> bool:
    """A listed first name that is neither an English word nor a noun (Magnus, Zuzana)."""
    return entry is not None and entry.first and not entry.common and not entry.noun


@lru_cache(maxsize=4096)
def _lower_entry(word: str) -> NameEntry | None:
    """Name-list entry of a lower-case word that may be a name in uncased text."""
    if len(word) < 3 or word in STOP_WORDS or word in PARTICLES:
        return None
    entry = lookup(word)
    return None if entry is None or entry.common else entry


def _name_like(tok: _Tok) -> bool:
    """A lower-case word that can continue a name (not a stop, street or one-letter word)."""
    return len(tok.word) >= 2 and tok.word not in STOP_WORDS and tok.word not in STREET_WORDS


def _lower_case_names(text: str, tokens: list[_Tok]) -> list[NameHit]:
    """Names in a text without capitals: listed names, first [m] last, cue-led words."""
    hits: list[NameHit] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        entry = _lower_entry(tok.word)
        cued = _name_like(tok) and _cued(text, tok.start)
        last = i
        if (
            i + 2 < n
            and len(tokens[i + 1].word) == 1
            and _name_like(tok)
            and _name_like(tokens[i + 2])
            and _joined(text, tok, tokens[i + 1])
            and _joined(text, tokens[i + 1], tokens[i + 2])
            and (entry is not None or _lower_entry(tokens[i + 2].word) is not None)
        ):
            last = i + 2  # first + initial + last: "benjamin a seiler"
        elif entry is None and not cued:
            i += 1
            continue
        elif i + 1 < n and _name_like(tokens[i + 1]) and _joined(text, tok, tokens[i + 1]):
            nxt = _lower_entry(tokens[i + 1].word)
            first_name = entry is not None and entry.first and not entry.noun
            if nxt is not None or first_name or cued:
                last = i + 1
        start, end = tok.start, tokens[last].end
        if cued:
            hits.append(NameHit(start, end, SCORE_CUED))
        elif last > i or (entry is not None and not entry.noun and len(tok.word) >= 4):
            if not _street_or_org(text, tokens[i : last + 1], _following_word(text, end)):
                hits.append(NameHit(start, end, SCORE_LOWER))
        i = last + 1
    return hits
