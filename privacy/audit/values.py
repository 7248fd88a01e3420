"""Validated identifiers in any string value, found with one vectorized regex and checksums.

The leak audit runs this over every string column of a candidate release. Candidates come
out of polars' Rust regex (`extract_all`) in bulk; each distinct candidate is then checked
once in Python: resident IDs by their MOD 11-2 check character and birth date, bank cards
by Luhn and card-network prefix, credit codes by their GB 32100 check character.
"""

from __future__ import annotations

import re

from privacy.detect import entities as E
from privacy.detect.checksums import (
    luhn_ok,
    resident_id_checksum_ok,
    resident_id_shape_ok,
    uscc_checksum_ok,
    uscc_shape_ok,
)

# Leftmost-first alternation (Rust regex, no look-around): a boundary character is part of
# the match and stripped again by `classify`.
CANDIDATES = "|".join(
    (
        r"(?:^|[^0-9A-Za-z])[0-9]{11,}[0-9A-Za-z]?",  # digit runs (IDs, cards, mobiles)
        r"(?:^|[^0-9])1[3-9][0-9][ \-][0-9]{4}[ \-][0-9]{4}",  # grouped mobile 138 1234 5678
        r"(?:^|[^0-9])[0-9]{4}(?:[ \-][0-9]{4}){3}(?:[ \-]?[0-9]{1,3})?",  # grouped card
        r"(?:^|[^0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{18}",  # unified social credit code
        r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}",  # e-mail
    )
)
# Bohai's own replacements (<CN_MOBILE>, <PERSON:1461609a...>): their hex tokens can hold
# digit runs, so the audit blanks them before looking for identifiers (Rust and Python regex).
PLACEHOLDER = r"<[A-Z][A-Z0-9_]*(?::[0-9A-Za-z_\-+/=]*)?>"
_PLACEHOLDER = re.compile(PLACEHOLDER)
# Cheap test a value must pass before candidates are extracted.
PREFILTER = r"[0-9]{4}|@"

SCORE_RESIDENT_ID = 1.0
SCORE_USCC = 0.95
SCORE_BANK_CARD = 0.9
SCORE_MOBILE = 0.85
SCORE_EMAIL = 0.9
# Card networks: 3 (JCB/Amex/Diners), 4 (Visa), 5 (Mastercard), 6 (UnionPay 62, Discover).
_CARD_PREFIX = frozenset("3456")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
_EDGE = re.compile(r"^[^0-9A-Za-z]|[^0-9A-Za-z]$")


def blank_placeholders(text: str) -> str:
    """`text` with each Bohai placeholder turned into spaces of the same length (offsets kept)."""
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)


def classify(candidate: str) -> tuple[str, float, str] | None:
    """(entity type, score, cleaned value) of one extracted candidate, or None if it is none."""
    token = _EDGE.sub("", candidate.strip())
    if "@" in token:
        return (E.EMAIL_ADDRESS, SCORE_EMAIL, token.lower()) if _EMAIL.match(token) else None
    compact = token.replace(" ", "").replace("-", "")
    if len(compact) == 18 and resident_id_checksum_ok(compact) and resident_id_shape_ok(compact):
        return E.CN_RESIDENT_ID, SCORE_RESIDENT_ID, compact
    if len(compact) == 18 and uscc_checksum_ok(compact) and uscc_shape_ok(compact):
        return E.CN_USCC, SCORE_USCC, compact
    if not compact.isdigit():
        return None  # a digit run glued to letters (a hex token, a part number ...)
    if compact.startswith(("0086", "86")) and len(compact) in (13, 15):
        mobile = compact[-11:]
        return (E.CN_MOBILE, SCORE_MOBILE, mobile) if _mobile_shape(mobile) else None
    if len(compact) == 11 and _mobile_shape(compact):
        return E.CN_MOBILE, SCORE_MOBILE, compact
    if 16 <= len(compact) <= 19 and compact[0] in _CARD_PREFIX and luhn_ok(compact):
        return E.CN_BANK_CARD, SCORE_BANK_CARD, compact
    return None


def _mobile_shape(digits: str) -> bool:
    """1[3-9] followed by nine digits."""
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"
