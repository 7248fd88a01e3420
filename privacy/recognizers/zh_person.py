"""Chinese person names (PERSON) via jieba tokens, surnames and cue words; see privacy.names_zh."""

from __future__ import annotations

from typing import ClassVar

from privacy.entities import PERSON
from privacy.names_zh import find_names
from privacy.normalize import HAN, NormalizedText
from privacy.recognizers.base import BohaiRecognizer, register
from privacy.segment_zh import tokenize_cached
from privacy.spans import Span


@register
class ZhPersonRecognizer(BohaiRecognizer):
    """Names written in Chinese characters; texts without any Han character are skipped."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PERSON,)
    PREFILTER: ClassVar[str | None] = r"\p{Han}"

    def find(self, norm: NormalizedText) -> list[Span]:
        """Segment (memoized, shared with the address recognizer) and pick name spans."""
        if not HAN.search(norm.text):
            return []
        hits = find_names(norm.text, tokenize_cached(norm.text))
        return [self.span(norm, h.start, h.end, PERSON, h.score) for h in hits]
