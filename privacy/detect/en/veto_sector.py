"""Port and plant text names ships and companies in a person's shape: "MV Ocean Star",
"the tanker under M/T Nordic Grace", "Mitsui Chemicals". They identify no one, so an English
PERSON / LOCATION span that is one of them is dropped."""

from __future__ import annotations

import re

from privacy.detect.spans import Span

# A vessel prefix at the start of the span or right before it (motor / steam / fishing vessel,
# motor tanker, LPG / LNG carrier): "MV Ocean Star", "M/T Nordic Grace".
_VESSEL = r"(?:M/?V|M/?T|S/?S|F/?V|LPG/C|LNG/C)"
_VESSEL_START = re.compile(_VESSEL + r"[ \t]+[A-Z]")
# The prefix before the span, maybe with the first words of the name ("MV Pacific | Harmony").
_VESSEL_BEFORE = re.compile(r"\b" + _VESSEL + r"\.?[ \t]{1,2}(?:[A-Z][A-Za-z\-]*[ \t]{1,2}){0,3}$")
# Last words of a company's name: a PERSON ending in one is an employer, not an employee.
COMPANY_TAILS = frozenset(
    "chemicals chemical petrochemical petrochemicals group shipping logistics lines marine "
    "engineering industries holdings corporation corp inc ltd llc plc gmbh co company "
    "refining refinery terminals".split()
)
_LAST_WORD = re.compile(r"([A-Za-z]+)\.?$")


def vessel_or_company(text: str, span: Span) -> bool:
    """True when the span names a ship (after or with its MV / MT prefix) or a company."""
    if _VESSEL_START.match(span.text):
        return True
    if _VESSEL_BEFORE.search(text, max(0, span.start - 48), span.start):
        return True
    last = _LAST_WORD.search(span.text)
    return bool(last and " " in span.text.strip() and last.group(1).lower() in COMPANY_TAILS)
