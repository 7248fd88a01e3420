"""Chinese addresses (ADDRESS) and lone place names (LOCATION); see privacy.address_zh."""

from __future__ import annotations

from typing import ClassVar

from privacy.address_zh import find_addresses
from privacy.entities import ADDRESS, LOCATION
from privacy.normalize import HAN, NormalizedText
from privacy.recognizers.base import BohaiRecognizer, register
from privacy.segment_zh import tokenize_cached
from privacy.spans import Span


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
