"""Latin-script street addresses (ADDRESS): streets, units, PO boxes (privacy.detect.en.address)."""

from __future__ import annotations

from typing import ClassVar

from privacy.detect.en.address import find_street_addresses
from privacy.detect.en.address_units import unit_blocks
from privacy.detect.entities import ADDRESS
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

CONTEXT_BOOST = 0.2


@register
class LatinAddressRecognizer(BohaiRecognizer):
    """Pattern-found address blocks; kept below identifier scores so it never swallows one."""

    ENTITIES: ClassVar[tuple[str, ...]] = (ADDRESS,)
    # Every part holds a number next to a word (or a military APO/FPO/DPO code).
    PREFILTER: ClassVar[str | None] = (
        r"\p{L}\.?[ \t]+#?[ \t]*[0-9]|[0-9]\.?[ \t]+\p{L}|[AFD]PO[ \t]+A[AEP]"
    )
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "address",
        "addr",
        "lives at",
        "living at",
        "resides",
        "residence",
        "located at",
        "mailing",
        "billing",
        "shipping",
        "ship to",
        "deliver to",
        "home",
        "street",
        "地址",
        "住址",
        "住在",
        "居住",
    )
    CONTEXT_BEFORE: ClassVar[int] = 30

    def find(self, norm: NormalizedText) -> list[Span]:
        """Each address block, boosted when an address cue stands just before or after it."""
        out: list[Span] = []
        for hit in [*find_street_addresses(norm.text), *unit_blocks(norm.text)]:
            score = hit.score + (CONTEXT_BOOST if self.has_context(norm, hit.start, hit.end) else 0)
            out.append(self.span(norm, hit.start, hit.end, ADDRESS, score))
        return out
