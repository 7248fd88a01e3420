"""IBAN and credit-card numbers from Presidio's own recognizers (checksum-validated), run as
Bohai steps so the fast scanner batches them; cards in Chinese text are left to CN_BANK_CARD
(UnionPay numbers pass the Luhn check too), so a number gets one type."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import PatternRecognizer
from presidio_analyzer.predefined_recognizers import CreditCardRecognizer, IbanRecognizer

from privacy.detect.entities import CREDIT_CARD, IBAN_CODE
from privacy.detect.normalize import HAN, NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

MAX_SCORE = 0.85
# A card in Latin text outranks the CN_BANK_CARD reading of the same digits (Luhn-valid both).
LATIN_SCORE = 0.96


class PresidioPatternStep(BohaiRecognizer):
    """A Presidio PatternRecognizer (patterns + validation) behind Bohai's `find`."""

    PRESIDIO: ClassVar[type[PatternRecognizer]]
    LATIN_ONLY: ClassVar[bool] = False

    def __init__(self, supported_language: str = "zh") -> None:
        super().__init__(supported_language=supported_language)
        self._inner = self.PRESIDIO(supported_language="en")

    def find(self, norm: NormalizedText) -> list[Span]:
        """Presidio's validated matches, scores capped below Bohai's validated identifiers."""
        if self.LATIN_ONLY and HAN.search(norm.text):
            return []
        results = self._inner.analyze(norm.text, list(self.ENTITIES), None)
        cap = LATIN_SCORE if self.LATIN_ONLY else MAX_SCORE
        return [
            self.span(norm, r.start, r.end, r.entity_type, min(float(r.score), cap))
            for r in results
            if r.score > 0
        ]


@register
class IbanStep(PresidioPatternStep):
    """IBANs with their mod-97 check (Presidio's IbanRecognizer)."""

    ENTITIES: ClassVar[tuple[str, ...]] = (IBAN_CODE,)
    PRESIDIO: ClassVar[type[PatternRecognizer]] = IbanRecognizer
    # The start of Presidio's pattern, which is case-sensitive: two capitals, two digits and
    # two groups of four (the case-insensitive filter let 86% of mixed notes through).
    PREFILTER: ClassVar[str | None] = r"[A-Z]{2}[0-9]{2}(?:[ \-]?[A-Z0-9]{4}){2}"


@register
class CreditCardStep(PresidioPatternStep):
    """Card numbers with the Luhn check (Presidio's CreditCardRecognizer), Latin text only."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CREDIT_CARD,)
    PRESIDIO: ClassVar[type[PatternRecognizer]] = CreditCardRecognizer
    PREFILTER: ClassVar[str | None] = r"[0-9]{4}[ \-]?[0-9]{4}[ \-]?[0-9]{2,4}"
    LATIN_ONLY: ClassVar[bool] = True
