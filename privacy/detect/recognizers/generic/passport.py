"""Passport and identity-card numbers of any country, found by their label: "Passport
X1234567", "passport no.: 533380006", "ID card number: AB123456", "护照号：E12345678", a
seafarer's book ("海员证S00012345", an Indian CDC "MUM 104532", a Philippine SIRB), a UK NHS
number or a Brazilian CPF after its label.

Numbers are written as one run (up to three letters first: Spanish PAA123456) or in digit
groups (Russian "75 1234567", NHS "943 476 5919", CPF "123.456.789-09"); a grouped number holds
7-12 digits, so a spaced mainland ID card number stays CN_RESIDENT_ID's.
"""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import ID_NUMBER, PASSPORT
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.recognizers.country_specific.china.cn_passport import is_cn_passport
from privacy.detect.spans import Span

_SEP = r"(?:\s*(?:no\.?|number|num\.?|#|号码|号)?\s*(?:is|:|：|=)?\s*)"
_PASSPORT_CUE = r"(?:passport|pass\-port|护照|reisepass|passeport|pasaporte)"
_ID_CUE = (
    r"(?:(?:national\s+)?id(?:entity)?\s*card|identity\s+document|national\s+id|id\s+document"
    r"|身份证件|证件|seam[ae]n['’]?s\s+book|seafarer['’]?s\s+(?:id|book|identity\s+document)"
    r"|discharge\s+book|海员证|船员证|\bnhs|\bcpf|\bcdc|\bsirb|continuous\s+discharge\s+certificate)"
)
# One run, digit groups, or an Indian CDC's port code and serial ("MUM 104532").
_NUMBER = (
    r"([A-Z]{0,3}[0-9][0-9A-Z]{5,11}|[0-9]{2,4}(?:[ .\-][0-9]{2,7}){1,4}"
    r"|(?-i:[A-Z]{3}) [0-9]{5,7})(?![0-9A-Za-z])"
)
_GROUPED_DIGITS = (7, 12)
_PASSPORT = re.compile(_PASSPORT_CUE + _SEP + _NUMBER, re.IGNORECASE)
_ID = re.compile(_ID_CUE + _SEP + _NUMBER, re.IGNORECASE)
_ANY_DIGIT_LETTER = re.compile(r"[0-9]")
SCORE = 0.97  # a label is stronger evidence than a number shape (phones score 0.96)


@register
class IntlPassportRecognizer(BohaiRecognizer):
    """A 6-13 character document number right after a passport or identity-card label."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PASSPORT, ID_NUMBER)
    PREFILTER: ClassVar[str | None] = (
        r"(?i)passport|护照|reisepass|passeport|pasaporte|id|证件|海员证|船员证|seam[ae]n|"
        r"seafarer|discharge|nhs|cpf|cdc|sirb"
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Numbers after a label; the label decides the type."""
        out: list[Span] = []
        for pattern, entity in ((_PASSPORT, PASSPORT), (_ID, ID_NUMBER)):
            for m in pattern.finditer(norm.text):
                if entity == PASSPORT and is_cn_passport(m.group(1)):
                    continue  # a mainland passport: CN_PASSPORT reports it (one type)
                if not _grouped_length_ok(m.group(1)):
                    continue
                if m.group(1).isupper() or _ANY_DIGIT_LETTER.search(m.group(1)):
                    out.append(self.span(norm, m.start(1), m.end(1), entity, SCORE))
        return out


def _grouped_length_ok(number: str) -> bool:
    """A number written in digit groups holds 7-12 digits; a number in one run, or a CDC's port
    code and serial, always passes."""
    if not any(c in " .-" for c in number) or number[:1].isalpha():
        return True
    digits = sum(c.isdigit() for c in number)
    return _GROUPED_DIGITS[0] <= digits <= _GROUPED_DIGITS[1]
