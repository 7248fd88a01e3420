"""Domain precision for English PERSON / LOCATION spans: a name needs a name shape plus evidence.

Vetoed (the span is dropped):
  - a lower-case span in cased text ("anesthesia", "septum"): never a person or a place;
    in text with no capital at all, a span made only of English words;
  - a drug, a device / instrument eponym used as one ("a Foley", "Kelly clamp", "Vicryl"),
    a clinical word or shape ("Hemostasis", "Toradol", "Sacro-iliitis");
  - a lone word coordinated with a device or drug ("Foley and Vicryl", "Ancef and Levaquin",
    "Kling, and Kerlix") or followed by one ("Kennedy Merocel sponges"), unless it is a listed
    first name that names no device ("John and Vicodin" keeps John);
  - a PERSON made only of English words none of which is a listed name ("Newborn Nursery");
  - a PERSON made only of single initials and small words ("Dr. X's", "Dr. A.  The"): a
    de-identified initial names no one, title or not;
  - a ship with its prefix ("MV Ocean Star") or a company ("Mitsui Chemicals"), title or not;
  - a span with a dose unit or form or a specimen ("75 MG Oral Tablet": Oral is a listed first
    name), an analyte before its specimen ("IgE Ab in Serum") and an instrument ending in
    Scale / Score / Questionnaire ("Morse Fall Scale", "Patient Health Questionnaire"), title
    word or not: RxNorm and LOINC display texts;
Never vetoed otherwise: a span right after a title or role ("Dr. Foley", "Patient Kelly", "Nurse
Mayo"): that cue is stronger evidence than any lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from privacy.detect.en.names_lists import lookup
from privacy.detect.en.names_words import PARTICLES
from privacy.detect.en.veto_sector import vessel_or_company
from privacy.detect.en.veto_words import (
    BRAND_DRUGS,
    CLINICAL_SHAPE,
    CLINICAL_WORDS,
    DEVICE_EPONYMS,
    INSTRUMENT_HEADS,
    INSTRUMENT_NOUNS,
    drug_names,
)
from privacy.detect.entities import LOCATION, PERSON
from privacy.detect.spans import Span

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’\-][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
# A title or role right before the span (strong evidence: it wins over every veto).
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|madam|capt|rev|fr|sr|sister)\.?"
    r"|\b(?:captain|patient|doctor|nurse|physician|surgeon|dentist|officer|engineer|pilot|"
    r"master|chief|pt|attending|resident|name\s*(?:is|:)|named|seen\s+by|called))[ \t]{1,2}$",
    re.IGNORECASE,
)
# An article right before a lone capitalized word: "a Foley", "the Bovie" (a thing, not a person).
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)[ \t]{1,2}$", re.IGNORECASE)
_ARTICLE_WORD = re.compile(r"\b(a|an|the)[ \t]{1,2}$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"(?:['’]s|(?<=s)['’])?[ \t]{1,2}([A-Za-z]+)")  # Bell's, Graves'
# A credential after a name and its comma ("Rachel Goldberg, MD on ..."): no state, no place.
_CREDENTIAL = frozenset("MD DO RN NP PA PA-C PhD DDS DMD MBBS FACS".split())
_AFTER_COMMA = re.compile(r"[A-Za-z.],[ \t]{1,2}$")
_ZIP_AFTER = re.compile(r"[ \t]{1,2}[0-9]{5}")
# Contact and role abbreviations with their period ("Tel.", "Chief Eng."): no one's name.
_ABBREVIATIONS = frozenset("tel fax mob eng dept ext attn ref approx".split())
_ABBREVIATION_END = re.compile(r"[.:]|\s{1,2}[+(0-9]")
# What is done to a device, right after its name: "Foley removed.", "Foley in place".
_HANDLED = re.compile(
    r"[ \t]{1,2}(?:was[ \t]+|is[ \t]+)?(?:removed|inserted|placed|discontinued|changed|"
    r"exchanged|draining|drained|clamped|flushed|in[ \t]+place|catheter|to[ \t]+gravity)\b",
    re.IGNORECASE,
)
# A Chinese device noun right after a Latin eponym: 留置Foley导尿管, Kelly钳.
DEVICE_NOUN_ZH = re.compile(r"(?:导尿管|尿管|导管|管|钳|剪|缝线|线|夹|球囊|支架|拉钩|刀)")
# A conjunct after / before the span: "Foley and Vicryl", "Kling, and Kerlix", "Ancef or X".
_CONJUNCT_AFTER = re.compile(
    r"(?:['’]s)?(,?[ \t]{1,2}(?:and|or|&)|,)[ \t]{1,2}([A-Za-z][A-Za-z\-]*)", re.IGNORECASE
)
_CONJUNCT_BEFORE = re.compile(
    r"(?<![A-Za-z0-9\-])([A-Za-z][A-Za-z\-]*)(,?[ \t]{1,2}(?:and|or|&)|,)[ \t]{1,2}$",
    re.IGNORECASE,
)
# A span cut inside a hyphenated word ("Gore" of Gore-Tex, "Nezhat" of Nezhat-Dorsey).
_HYPHEN_AFTER = re.compile(r"-[A-Za-z]")
# A LOINC analyte before its specimen: "IgE Ab in Serum", "Hemoglobin [Presence] in Stool".
_SPECIMEN_AFTER = re.compile(
    r"(?:[ \t]{1,2}\[[^\]\n]{1,40}\])?[ \t]{1,2}(?:in|by)[ \t]{1,2}"
    r"(?:serum|plasma|urine|stool)\b",
    re.IGNORECASE,
)
_ARTICLE = frozenset({"a", "an", "the"})
_CODE = re.compile(r"[0-9]|^[IVXLC]+$|^X+$")
_CASED = re.compile(r"[A-Z][a-z]")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
WordTest = Callable[[str], bool]
# Last words of hospital units and rooms.
UNIT_WORDS = frozenset(
    "unit units nursery ward wards room suite clinic center centre department service icu "
    "floor lab laboratory theatre theater bay".split()
)


def _initial_or_small(word: str) -> bool:
    """A single letter (possessive or not) or a stop word: no part of a name that identifies."""
    return len(_POSSESSIVE.sub("", word)) == 1 or word.lower() in STOP_WORDS


def _clinical_noun(word: str) -> bool:
    """An instrument, a clinical noun or a procedure / pathology word shape."""
    return word in INSTRUMENT_NOUNS or word in CLINICAL_WORDS or bool(CLINICAL_SHAPE.search(word))


@dataclass(slots=True)
class EnglishVeto:
    """Vetoes for one engine: `is_word` tests common English words (verbs, adjectives, adverbs,
    inflections), `nouns` holds the pipeline's noun lemmas (WordNet; it lists names too)."""

    is_word: WordTest = field(default=lambda w: w.lower() in STOP_WORDS)
    nouns: frozenset[str] = frozenset()

    def keep(self, text: str, span: Span) -> bool:
        """False when `span` (PERSON or LOCATION in Latin script) is clinical, not personal."""
        if span.entity_type not in (PERSON, LOCATION):
            return True
        words = _WORD.findall(span.text)
        if vessel_or_company(text, span):
            return False  # "MV Ocean Star", "Mitsui Chemicals": a ship or an employer, no one
        if span.entity_type == LOCATION and _credential(text, span):
            return False
        if span.entity_type == PERSON and words and all(_initial_or_small(w) for w in words):
            return False  # "Dr. X's", "Dr. A.  The": an initial alone identifies no one
        if len(words) == 1 and _abbreviation(text, span, words[0]):
            return False  # "Tel. +49 ...", "(Chief Eng.)": even after a title word
        if len(words) > 1 and any(w.lower() in INSTRUMENT_HEADS for w in words[1:]):
            return False  # "Morse Fall Scale", "Health Questionnaire Nine Item": an instrument
        if _SPECIMEN_AFTER.match(text, span.end):
            return False  # "IgE Ab in Serum": an analyte, even one spelled like a first name
        if not words or _TITLE_BEFORE.search(text, max(0, span.start - 24), span.start):
            return True
        first = words[0]
        if _CODE.search(span.text) or _HYPHEN_AFTER.match(text, span.end):
            return False  # "T4", "IV", "Keflex 500", the "Gore" of Gore-Tex: no name shape
        if span.entity_type == PERSON and first.lower() in _ARTICLE and len(words) > 1:
            return False  # "A Codman Hakim": names take no article
        if len(words) == 1 and self._thing(text, span, first):
            return False
        if len(words) == 1 and self._coordinated_with_thing(text, span, first):
            return False  # "Foley and Vicryl used": listed with things, it is one of them
        if first[0].islower() and not (first in PARTICLES and len(words) > 1):
            if _CASED.search(text):
                return False  # lower case in cased text: never a name or a place
            return not all(self._english(w) for w in words)
        if any(self._device(text, span, w) or self._clinical(w) for w in words):
            return False
        if len(words) > 1 and words[-1].lower() in UNIT_WORDS:
            return False  # "Postanesthesia Care Unit", "Newborn Nursery": a ward, not a person
        if span.entity_type == PERSON and all(
            self._english(w) and lookup(w) is None for w in words
        ):
            return False
        return True

    def _thing(self, text: str, span: Span, word: str) -> bool:
        """A lone word after an article names a thing ("a Superblade", "the Bactiseal tubing"),
        unless it is a listed first name; "the" alone does not veto a place (the Hague)."""
        article = _ARTICLE_WORD.search(text, max(0, span.start - 6), span.start)
        if article is None:
            return False
        if article.group(1).lower() == "the" and span.entity_type != PERSON:
            return False
        entry = lookup(word)
        return entry is None or not entry.first

    def _coordinated_with_thing(self, text: str, span: Span, word: str) -> bool:
        """A conjunct of the span is a device or a drug, and the span is no plain first name.

        After a bare comma the span must itself be a device eponym ("Kling, Kerlix"): a comma
        also ends a clause ("seen by Jones, Percocet given").
        """
        low = word.lower()
        entry = lookup(low)
        device = _eponym(low) in DEVICE_EPONYMS
        if entry is not None and entry.first and not device:
            return False
        after = _CONJUNCT_AFTER.match(text, span.end)
        before = _CONJUNCT_BEFORE.search(text, max(0, span.start - 40), span.start)
        for found, joint, other in (
            (after, after and after.group(1), after and after.group(2)),
            (before, before and before.group(2), before and before.group(1)),
        ):
            if found is None or not other or not thing_word(other):
                continue
            if joint.strip() != "," or device:
                return True
        return False

    def _english(self, word: str) -> bool:
        """A common English word or noun (names included: callers check the name list)."""
        low = word.lower()
        return low in STOP_WORDS or low in self.nouns or self.is_word(low)

    def _device(self, text: str, span: Span, word: str) -> bool:
        """An eponymous device or instrument, in a use that names the thing."""
        low = word.lower()
        listed = lookup(low) is not None
        if low not in DEVICE_EPONYMS and low.endswith("s") and low[:-1] in DEVICE_EPONYMS:
            low = low[:-1]  # "Kerrisons", "Metzenbaums"
        if low in DEVICE_EPONYMS and not listed:
            return True
        following = _NEXT_WORD.match(text, span.end)
        if following and _clinical_noun(following.group(1).lower()):
            return True  # "Kelly clamp", "Doyle splints", "Stamm gastrostomy"
        if following and thing_word(following.group(1)):
            return True  # "Kennedy Merocel sponges": a brand right after it
        article = _ARTICLE_BEFORE.search(text, max(0, span.start - 6), span.start)
        if low in DEVICE_EPONYMS and article:
            return True  # "a Foley", "the Mayo"
        if low in DEVICE_EPONYMS and _HANDLED.match(text, span.end):
            return True  # "Foley removed.": a device is removed; a person takes a title cue
        return False

    def _clinical(self, word: str) -> bool:
        """A drug, a clinical word, or a clinical word shape, and no listed first name."""
        low = word.lower()
        entry = lookup(low)
        if entry is not None and entry.first:
            return False
        if low in CLINICAL_WORDS or low in drug_names() or low in BRAND_DRUGS:
            return True
        return entry is None and len(low) >= 5 and CLINICAL_SHAPE.search(low) is not None


def _abbreviation(text: str, span: Span, word: str) -> bool:
    """A contact or role abbreviation with its period, colon or number ("Tel.", "Eng.",
    "Tel +44 ...")."""
    return word.lower() in _ABBREVIATIONS and _ABBREVIATION_END.match(text, span.end) is not None


def _credential(text: str, span: Span) -> bool:
    """A credential after a name's comma ("Chen, MD. Assistant"), not a state before its ZIP."""
    return (
        span.text in _CREDENTIAL
        and _AFTER_COMMA.search(text, max(0, span.start - 4), span.start) is not None
        and _ZIP_AFTER.match(text, span.end) is None
    )


def _eponym(low: str) -> str:
    """A device eponym's listed form ("kerrisons" -> "kerrison")."""
    if low not in DEVICE_EPONYMS and low.endswith("s") and low[:-1] in DEVICE_EPONYMS:
        return low[:-1]
    return low


def device_eponym(word: str) -> bool:
    """True for a listed eponymous device or instrument (Foley, Kelly, Metzenbaums)."""
    return _eponym(word.lower()) in DEVICE_EPONYMS


def thing_word(word: str) -> bool:
    """A word that names a thing, never a person: an unlisted device eponym or a drug."""
    low = word.lower()
    if low in drug_names() or low in BRAND_DRUGS:
        return lookup(low) is None
    return _eponym(low) in DEVICE_EPONYMS and lookup(_eponym(low)) is None
