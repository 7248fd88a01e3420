"""Entity type names Bohai detects, grouped by how they are found, and which are off by default."""

from __future__ import annotations

from collections.abc import Iterable

# Chinese structured identifiers (pattern + validator; scanned in bulk by the fast path).
CN_RESIDENT_ID = "CN_RESIDENT_ID"
CN_MOBILE = "CN_MOBILE"
CN_LANDLINE = "CN_LANDLINE"
CN_BANK_CARD = "CN_BANK_CARD"
CN_USCC = "CN_USCC"
CN_VEHICLE_PLATE = "CN_VEHICLE_PLATE"
CN_PASSPORT = "CN_PASSPORT"
CN_TRAVEL_PERMIT = "CN_TRAVEL_PERMIT"
MEDICAL_RECORD_NUMBER = "MEDICAL_RECORD_NUMBER"
HEALTH_INSURANCE_ID = "HEALTH_INSURANCE_ID"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
IP_ADDRESS = "IP_ADDRESS"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
# International identifiers (phonenumbers, SSA rules, labels, Presidio checksums).
PHONE_NUMBER = "PHONE_NUMBER"
US_SSN = "US_SSN"
PASSPORT = "PASSPORT"
ID_NUMBER = "ID_NUMBER"
IBAN_CODE = "IBAN_CODE"
CREDIT_CARD = "CREDIT_CARD"
# @handles on Weibo, WeChat, Twitter ...: an account leads to its person.
SOCIAL_HANDLE = "SOCIAL_HANDLE"
# HIPAA Safe Harbor identifiers beyond the above: a postal code after its cue (a place finer than
# a province) and a calendar date with its month and day (admission, surgery).
POSTAL_CODE = "POSTAL_CODE"
DATE = "DATE"
# An age of 90 or more (Safe Harbor's one age category: younger ages are clinical content).
AGE_OVER_89 = "AGE_OVER_89"

# Found by language processing (jieba for Chinese, spaCy NER for English).
PERSON = "PERSON"
ADDRESS = "ADDRESS"
LOCATION = "LOCATION"

STRUCTURED: frozenset[str] = frozenset(
    {
        CN_RESIDENT_ID,
        CN_MOBILE,
        CN_LANDLINE,
        CN_BANK_CARD,
        CN_USCC,
        CN_VEHICLE_PLATE,
        CN_PASSPORT,
        CN_TRAVEL_PERMIT,
        MEDICAL_RECORD_NUMBER,
        HEALTH_INSURANCE_ID,
        EMAIL_ADDRESS,
        IP_ADDRESS,
        DATE_OF_BIRTH,
        PHONE_NUMBER,
        US_SSN,
        PASSPORT,
        ID_NUMBER,
        IBAN_CODE,
        CREDIT_CARD,
        SOCIAL_HANDLE,
        POSTAL_CODE,
        DATE,
        AGE_OVER_89,
    }
)
NLP: frozenset[str] = frozenset({PERSON, ADDRESS, LOCATION})
BOHAI_ENTITIES: frozenset[str] = STRUCTURED | NLP

# Presidio's predefined recognizers that misfire on Chinese sector text (checked on generated
# clinical notes, shift logs and port records): bare 9-10 digit numbers become UK_NHS /
# US_BANK_NUMBER / US_PASSPORT / US_DRIVER_LICENSE, timestamps become DATE_TIME, and the rest
# duplicate a Bohai recognizer that validates Chinese formats (PHONE_NUMBER, CREDIT_CARD,
# EMAIL_ADDRESS, IP_ADDRESS); UUID / MAC_ADDRESS / URL / IBAN / CRYPTO identify things, not
# people, in this data. They stay available: pass them in `enabled` to switch them on (the
# scanner then runs the engine for them, which is slower).
DEFAULT_DISABLED: frozenset[str] = frozenset(
    {
        "UK_NHS",
        "US_BANK_NUMBER",
        "US_DRIVER_LICENSE",
        "US_PASSPORT",
        "US_ITIN",
        "DATE_TIME",
        "MEDICAL_LICENSE",
        "NRP",
        "URL",
        "CRYPTO",
        "ORGANIZATION",
        "MAC_ADDRESS",
        "UUID",
    }
)

# Types whose overlapping detections are merged into one span (several recognizers find parts
# of the same name).
MERGED_ON_OVERLAP: frozenset[str] = frozenset({PERSON})

# When two detections overlap with equal score and length, the lower rank wins.
PRIORITY: dict[str, int] = {
    CN_RESIDENT_ID: 0,
    CN_USCC: 1,
    CN_BANK_CARD: 2,
    CN_MOBILE: 3,
    CN_LANDLINE: 4,
    CN_PASSPORT: 5,
    CN_TRAVEL_PERMIT: 6,
    MEDICAL_RECORD_NUMBER: 7,
    HEALTH_INSURANCE_ID: 8,
    DATE_OF_BIRTH: 9,
    EMAIL_ADDRESS: 10,
    IP_ADDRESS: 11,
    CN_VEHICLE_PLATE: 12,
    PASSPORT: 13,
    ID_NUMBER: 14,
    US_SSN: 15,
    CREDIT_CARD: 16,
    IBAN_CODE: 17,
    PHONE_NUMBER: 18,
    SOCIAL_HANDLE: 19,
    PERSON: 20,
    ADDRESS: 21,
    LOCATION: 22,
    POSTAL_CODE: 23,
    DATE: 24,
    AGE_OVER_89: 25,
}


def resolve_enabled(
    available: Iterable[str],
    enabled: Iterable[str] | None = None,
    disabled: Iterable[str] | None = None,
) -> frozenset[str]:
    """Entities to detect: `enabled` (default: all available but DEFAULT_DISABLED) minus `disabled`.

    Unknown names in `enabled` raise so a typo in a dataset spec cannot silently switch
    detection off.
    """
    pool = frozenset(available)
    if enabled is None:
        chosen = pool - DEFAULT_DISABLED
    else:
        chosen = frozenset(enabled)
        unknown = chosen - pool
        if unknown:
            raise ValueError(f"unknown entity types {sorted(unknown)}; known: {sorted(pool)}")
    return chosen - frozenset(disabled or ())
