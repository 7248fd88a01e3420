"""Chinese addresses (ADDRESS) and lone place names (LOCATION); see privacy.detect.zh.address."""

from __future__ import annotations

from typing import ClassVar

from privacy.detect.entities import ADDRESS, LOCATION
from privacy.detect.normalize import HAN, NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span
from privacy.detect.zh.address import find_addresses
from privacy.detect.zh.segment import tokenize_cached


@register
class ZhAddressRecognizer(BohaiRecognizer):
    """Hierarchical addresses (省/市/区/.../号/室) and place names in Chinese text."""

    ENTITIES: ClassVar[tuple[str, ...]] = (ADDRESS, LOCATION)
    PREFILTER: ClassVar[str | None] = r"\p{Han}"

    def find(self, norm: NormalizedText) -> list[Span]:
        """Multi-part chains become ADDRESS, single place names LOCATION (lower score)."""
        if not HAN.search(norm.text):
            return []
        hits = find_addresses(norm.text, tokenize_cached(norm.text))
        return [
            self.span(norm, h.start, h.end, ADDRESS if h.full else LOCATION, h.score) for h in hits
        ]
