"""Generated English sentences with international identifiers planted: phone numbers of many
countries in national and international layouts (made valid with `phonenumbers`), US SSNs
that pass the SSA rules, passport and identity-card numbers after their labels.

The benchmark (bench/pii_eval.py part (c)) scores recall and double typing on them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from privacy.detect.entities import ID_NUMBER, PASSPORT, PHONE_NUMBER, US_SSN
from privacy.detect.recognizers.country_specific.us.us_ssn import valid_ssn

REGIONS = ("US", "GB", "DE", "FR", "BR", "IN", "CA", "AU", "IE", "NZ", "SG", "PH", "JP", "RU")
PHONE_LEADS = (
    "Call the patient at {}.",
    "Her mobile is {} and she prefers texts.",
    "Contact: {}",
    "Next of kin can be reached on {}.",
    "The agent's phone {} was disconnected.",
    "Tel. {} (office hours).",
    "If no answer, try {} after 6 pm.",
)
SSN_LEADS = ("SSN {} on file.", "Social security number: {}.", "His SSN is {}.", "SSN: {}")
PASSPORT_LEADS = (
    "Passport {} issued in 2019.",
    "passport no. {} checked at the gangway.",
    "Crew member passport number: {}.",
    "Passport: {}",
)
ID_LEADS = ("ID card number: {}.", "National ID card {} presented.", "Identity card no. {}")
FORMATS = (PhoneNumberFormat.NATIONAL, PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164)


@dataclass(slots=True, frozen=True)
class IntlNote:
    """One sentence and its planted span (start, end, entity)."""

    text: str
    span: tuple[int, int, str]


def _phone(rng: random.Random) -> str:
    """A valid number of a random region and type, in a random layout."""
    while True:
        region = rng.choice(REGIONS)
        kind = rng.choice((PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE))
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        national = str(example.national_number)
        keep = max(2, len(national) - 4)
        digits = national[:keep] + "".join(str(rng.randint(0, 9)) for _ in national[keep:])
        number = phonenumbers.parse(f"+{example.country_code}{digits}", None)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, rng.choice(FORMATS))


def _ssn(rng: random.Random) -> str:
    while True:
        area, group, serial = f"{rng.randint(1, 899):03d}", f"{rng.randint(1, 99):02d}", ""
        serial = f"{rng.randint(1, 9999):04d}"
        if valid_ssn(area, group, serial):
            return f"{area}-{group}-{serial}"


def _document(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(0, 2)))
    return letters + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(7, 9)))


def generate_intl(n: int, seed: int = 0) -> list[IntlNote]:
    """`n` sentences, cycling phone, SSN, passport and identity-card cases."""
    rng = random.Random(seed)
    makers = (
        (PHONE_LEADS, _phone, PHONE_NUMBER),
        (PHONE_LEADS, _phone, PHONE_NUMBER),
        (SSN_LEADS, _ssn, US_SSN),
        (PASSPORT_LEADS, _document, PASSPORT),
        (ID_LEADS, _document, ID_NUMBER),
    )
    notes: list[IntlNote] = []
    for k in range(n):
        leads, make, entity = makers[k % len(makers)]
        value = make(rng)
        lead = rng.choice(leads)
        start = lead.index("{}")
        notes.append(IntlNote(lead.format(value), (start, start + len(value), entity)))
    return notes
