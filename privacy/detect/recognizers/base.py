"""Common base for Bohai recognizers: match on normalized text, report original offsets.

A recognizer is a small class with a `find(NormalizedText) -> list[Span]` step. The same
step serves the Presidio engine (through `analyze`) and the fast scanner (through
`find_batch`), so both paths give the same answers. Concrete classes register themselves
with `@register` when their module is imported.
"""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from typing import ClassVar

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.detect.normalize import NormalizedText, normalize_cached
from privacy.detect.spans import Span

_REGISTRY: list[type[BohaiRecognizer]] = []

# Digit separators tolerated inside grouped numbers ("138 1234 5678", "6222-0212-...").
SEP = r"[ \-]{0,2}"
# Mainland characters that never sit inside an identifier: used for boundaries instead of \b,
# which does not fire between a CJK character and a digit.
NOT_DIGIT_BEFORE = r"(?<![0-9])"
NOT_DIGIT_AFTER = r"(?![0-9])"
NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"


def register(cls: type[BohaiRecognizer]) -> type[BohaiRecognizer]:
    """Class decorator: make a recognizer part of Bohai's default registry."""
    _REGISTRY.append(cls)
    return cls


def registered() -> list[type[BohaiRecognizer]]:
    """Every registered recognizer class, in import order."""
    return list(_REGISTRY)


def digits_only(raw: str) -> str:
    """Drop the separators of a grouped number, keeping digits and a trailing X."""
    return "".join(ch for ch in raw if ch.isalnum()).upper()


def context_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Case-insensitive alternation of context cue words, longest first."""
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE)


class BohaiRecognizer(EntityRecognizer):
    """Presidio recognizer whose work is done by `find` on normalized text."""

    ENTITIES: ClassVar[tuple[str, ...]] = ()
    # Engine languages the recognizer is created for ("en" only: runs on English-resolved text).
    LANGUAGES: ClassVar[tuple[str, ...]] = ("zh", "en")
    # A regex (Rust syntax, as polars runs it) that every text with a possible match satisfies;
    # the scanner skips `find` on texts where it does not match. None: always run.
    PREFILTER: ClassVar[str | None] = None
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    # How far before / after a match context cues are looked for (normalized characters).
    CONTEXT_BEFORE: ClassVar[int] = 16
    CONTEXT_AFTER: ClassVar[int] = 6

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=type(self).__name__,
            supported_language=supported_language,
            # Bohai scores context itself (Chinese cues are not space-separated tokens), so
            # Presidio's lemma-based enhancer is given nothing to act on.
            context=[],
        )
        self._context_re = context_regex(self.CONTEXT) if self.CONTEXT else None

    def load(self) -> None:
        """Nothing to load: patterns are compiled at import."""

    @abstractmethod
    def find(self, norm: NormalizedText) -> list[Span]:
        """Detections in `norm`, as spans in ORIGINAL offsets."""

    def find_batch(self, norms: Sequence[NormalizedText]) -> list[list[Span]]:
        """`find` over many texts; NLP recognizers override this to batch their models."""
        return [self.find(n) for n in norms]

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Presidio entry point: normalize (memoized), find, convert to RecognizerResult."""
        wanted = set(entities) if entities else set(self.ENTITIES)
        return [
            to_result(span, self)
            for span in self.find(normalize_cached(text))
            if span.entity_type in wanted
        ]

    def has_context(self, norm: NormalizedText, start: int, end: int) -> bool:
        """True when a context cue occurs shortly before or after normalized [start, end)."""
        if self._context_re is None:
            return False
        text = norm.text
        if self._context_re.search(text, max(0, start - self.CONTEXT_BEFORE), start):
            return True
        return bool(self._context_re.search(text, end, min(len(text), end + self.CONTEXT_AFTER)))

    def span(self, norm: NormalizedText, start: int, end: int, entity: str, score: float) -> Span:
        """A Span in original offsets for the normalized match [start, end)."""
        o_start, o_end = norm.to_original(start, end)
        return Span(o_start, o_end, entity, round(min(score, 1.0), 4), norm.original[o_start:o_end])


def to_result(span: Span, recognizer: EntityRecognizer) -> RecognizerResult:
    """Presidio's result type for a Bohai span, tagged with the recognizer that found it."""
    return RecognizerResult(
        entity_type=span.entity_type,
        start=span.start,
        end=span.end,
        score=span.score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )
