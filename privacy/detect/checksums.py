"""Check-character validators for Chinese identifiers and cards: a match earns a high score."""

from __future__ import annotations

from datetime import date

# GB 11643-1999, ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, check chars for remainder 0..10.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 11643 address codes: first two digits are a province-level division.
PROVINCE_CODES: frozenset[str] = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83 91".split()
)

# GB 32100-2015: 31-character alphabet (no I, O, S, V, Z) and position weights 3^i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# First character: registration authority (1 government bodies, 5 civil affairs, 9 market
# regulation, Y other); the others are allowed by the standard but rare.
USCC_AUTHORITIES = frozenset("123456789ANY")
# Second character: organization category within the authority (1-5, 9 across all authorities).
USCC_CATEGORIES = frozenset("123459")


def resident_id_check_char(first17: str) -> str:
    """The MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of a resident ID."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_checksum_ok(digits: str) -> bool:
    """True when an 18-character resident ID's last character matches its MOD 11-2 check."""
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    return resident_id_check_char(digits[:17]) == digits[17].upper()


def plausible_birth_date(yyyymmdd: str, today: date | None = None) -> bool:
    """True for a real calendar date between 1900-01-01 and today."""
    if len(yyyymmdd) != 8 or not yyyymmdd.isdigit():
        return False
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= (today or date.today())


def resident_id_shape_ok(digits: str) -> bool:
    """Province code and birth date of an 18- or 15-digit resident ID are real (check ignored)."""
    if digits[:2] not in PROVINCE_CODES:
        return False
    if len(digits) == 18:
        return (
            digits[:17].isdigit()
            and digits[17] in "0123456789Xx"
            and plausible_birth_date(digits[6:14])
        )
    if len(digits) == 15:
        return digits.isdigit() and plausible_birth_date("19" + digits[6:12])
    return False


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check used by bank cards."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that makes `payload + digit` pass Luhn (for generating test cards)."""
    for d in "0123456789":
        if luhn_ok(payload + d):
            return d
    raise AssertionError("unreachable: one Luhn digit always fits")


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters of a unified social credit code."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17.upper(), _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_checksum_ok(code: str) -> bool:
    """True when an 18-character USCC uses the GB 32100 alphabet and its check character fits."""
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_VALUE for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def uscc_shape_ok(code: str) -> bool:
    """Alphabet, authority code and region code of a USCC are plausible (check ignored)."""
    code = code.upper()
    if len(code) != 18 or any(c not in _USCC_VALUE for c in code):
        return False
    return (
        code[0] in USCC_AUTHORITIES
        and code[1] in USCC_CATEGORIES
        and code[2:8].isdigit()
        and code[2:4] in PROVINCE_CODES
    )
