"""One place where domain vetoes meet detections: both detection paths call `apply`.

Only free-text entity types (PERSON, LOCATION) are ever vetoed: structured identifiers,
addresses with a chain of parts, and anything inside them keep their detections; the
language of each span decides which rules (privacy.detect.en.veto, privacy.detect.zh.veto) judge it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language

from privacy.detect.en.veto import DEVICE_NOUN_ZH, EnglishVeto, device_eponym
from privacy.detect.entities import ADDRESS, LOCATION, PERSON
from privacy.detect.normalize import HAN
from privacy.detect.recognizers.nlp.en_person import english_word_test
from privacy.detect.spans import Span
from privacy.detect.zh import veto as veto_zh
from privacy.detect.zh.veto_words import latin_non_name

VETOED_TYPES = frozenset({PERSON, LOCATION})
# Chinese addresses without a street or number part may be place lists (美国俄亥俄州).
ZH_VETOED_TYPES = VETOED_TYPES | {ADDRESS}
_GLUED_DIGIT = re.compile(r"[0-9₀-₉]|<su[bp]>")


@dataclass(slots=True)
class DomainVeto:
    """Drops clinical words read as names or places; `english` carries the word tests."""

    english: EnglishVeto = field(default_factory=EnglishVeto)

    def apply(self, text: str, spans: Sequence[Span]) -> list[Span]:
        """`spans` minus the vetoed ones (order kept)."""
        chinese = HAN.search(text) is not None  # once per text, not per span (1 MB fields)
        return [
            s for s in spans if s.entity_type not in ZH_VETOED_TYPES or self._keep(text, s, chinese)
        ]

    def _keep(self, text: str, span: Span, chinese: bool) -> bool:
        """Chinese rules when the span or its surroundings are Chinese, English rules else."""
        if span.entity_type == ADDRESS:
            return not HAN.search(span.text) or veto_zh.keep(text, span)
        if _GLUED_DIGIT.match(text, span.end) and not HAN.search(span.text):
            return False  # PaCO2, PaO<sub>2: a Latin word glued to a digit is a code, not a name
        if chinese and latin_non_name(text, span.start, span.end):
            return False  # mg/（kg•d）, PPHN in Chinese text: a unit or an acronym, not a name
        if device_eponym(span.text) and DEVICE_NOUN_ZH.match(text, span.end):
            return False  # 留置Foley导尿管: the catheter, not Dr. Foley (Foley医生 stays)
        near = text[max(0, span.start - 2) : span.end + 2]
        if HAN.search(near):
            return veto_zh.keep(text, span)
        return self.english.keep(text, span)


def build_veto(nlp: Language | None = None) -> DomainVeto:
    """A veto whose English word tests come from the pipeline's lemmatizer tables if any."""
    if nlp is None or "lemmatizer" not in nlp.pipe_names:
        return DomainVeto()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    nouns: frozenset[str] = frozenset()
    if lookups is not None and lookups.has_table("lemma_index"):
        nouns = frozenset(lookups.get_table("lemma_index").get("noun", ()))
    return DomainVeto(EnglishVeto(is_word=english_word_test(nlp), nouns=nouns))
