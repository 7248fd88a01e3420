"""English-text person names from the bundled name list and cues; see privacy.detect.en.names."""

from __future__ import annotations

from typing import ClassVar

from privacy.detect.en.names import find_english_names
from privacy.detect.entities import PERSON
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span


@register
class EnglishNameListRecognizer(BohaiRecognizer):
    """Names spaCy misses (lone first names, foreign and lower-case names); needs no model."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PERSON,)
    LANGUAGES: ClassVar[tuple[str, ...]] = ("en",)
    PREFILTER: ClassVar[str | None] = r"[A-Za-z]{2}"

    def find(self, norm: NormalizedText) -> list[Span]:
        """Every name candidate in the normalized text, in original offsets."""
        return [
            self.span(norm, h.start, h.end, PERSON, h.score) for h in find_english_names(norm.text)
        ]
