"""Accident records in the EPA RMP `rmp_accident_detailed` CSV layout, for petrochemical sites.

Same 76 columns and value conventions as the public file: 'Yes' / 'N/A' check boxes, dates
as 'Mon-YY', times as 'H:MM', durations as zero-padded hours and minutes, counts and dollar
amounts as plain integers. A few records are broken on purpose (a field missing, a date and a
wind speed that do not parse) so the quarantine has something to show.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from schemas.petrochemical import RMP_ACCIDENT_FIELDS, RmpField

SEED = 2016
ROWS = 240
NAICS = (
    ("32411", "Petroleum Refineries"),
    ("325110", "Petrochemical Manufacturing"),
    ("325120", "Industrial Gas Manufacturing"),
    ("325199", "All Other Basic Organic Chemical"),
    ("325211", "Plastics Material and Resin"),
    ("424710", "Petroleum Bulk Stations and Terminals"),
    ("486210", "Pipeline Transportation of Natural Gas"),
)
EVENTS = ("Equipment Failure", "Human Error", "Unknown", "Natural(Weather Conditions")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YEARS = (*range(94, 100), *range(0, 25))  # two-digit years 1994-2024, as in the public file
_WIND_UNITS = ("Miles/h", "Meters/second", "N/A")
_DIRECTIONS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW", "N/A")
_SOURCES = ("N/A", "Compressor", "Flange gasket", "Relief valve")
# Share of records with each check box ticked (the rest say N/A).
_RATES = {"Gas Release": 0.7, "Fire": 0.15, "Explosion": 0.05, "Piping": 0.25, "Valve": 0.25}
PLANTED = {
    40: ("wrong_field_count", "Wind Direction"),
    120: ("unparsable_field", "Date of Accident"),
    200: ("unparsable_field", "Wind Speed"),
}  # data row index -> (quarantine reason, field broken)
_AT = {f.header: i for i, f in enumerate(RMP_ACCIDENT_FIELDS)}


def _value(field: RmpField, rng: random.Random, facility: str, seq: int) -> str:
    """One field's text in the RMP conventions."""
    h = field.header
    if field.kind == "yes":
        return "Yes" if rng.random() < _RATES.get(h, 0.1) or h == "Has Accident" else "N/A"
    fixed = {
        "EPA Facility ID": facility,
        "Facility Accident ID": f"{facility}_{seq}",
        "Accident History ID": str(seq),
        "Date of Accident": f"{rng.choice(MONTHS)}-{rng.choice(_YEARS):02d}",
        "Time Accident Began": f"{rng.randrange(0, 24)}:{rng.randrange(0, 60):02d}",
        "Release Duration (Hours)": f"{rng.choice((0, 0, 0, 1, 2, 5)):03d}",
        "Release Duration (Minutes)": f"{rng.randrange(0, 60):02d}",
        "Wind Speed Units": rng.choice(_WIND_UNITS),
        "Wind Direction": rng.choice(_DIRECTIONS),
        "Atmospheric Stability Class": rng.choice("ABCDEFN"),
        "Initiating Event": rng.choice(EVENTS),
        "Other Release Source": rng.choice(_SOURCES),
        "Off-Site Responders Notified": rng.choice(("No, not notified", "Notified Only", "")),
    }
    if h in fixed:
        return fixed[h]
    if h == "Wind Speed":
        return str(rng.randrange(0, 25)) if rng.random() < 0.6 else ""
    if h == "Temperature":
        return str(rng.randrange(10, 100)) if rng.random() < 0.6 else ""
    if "Damage ($)" in h:
        return str(rng.choice((0, 0, 0, 5000, 250000)))
    if field.kind == "int":
        return str(rng.choice((0, 0, 0, 0, 1, 2)))
    return "N/A" if field.kind == "na_text" else ""


def accident_rows(n: int = ROWS, seed: int = SEED) -> list[list[str]]:
    """Header plus n accident records (the planted broken ones included)."""
    rng = random.Random(seed)
    rows = [[f.header for f in RMP_ACCIDENT_FIELDS]]
    facilities = rng.sample(range(10_000, 100_000), n // 3 + 1)
    for i in range(n):
        facility = f"1000000{facilities[i // 3]}"  # up to three accidents per facility
        naics, text = rng.choice(NAICS)
        record = [_value(f, rng, facility, 1 + i % 3) for f in RMP_ACCIDENT_FIELDS]
        record[_AT["NAICS Code"]] = naics if rng.random() < 0.2 else ""
        record[_AT["NAICS Code of Process Involved"]] = naics
        record[_AT["NAICS Description"]] = text
        record[_AT["Accident Count"]] = str(1 + i % 3)
        reason, broken = PLANTED.get(i, ("", ""))
        at = _AT.get(broken, -1)
        if reason == "wrong_field_count":
            del record[at]
        elif broken == "Date of Accident":
            record[at] = "Sept 2019"
        elif broken == "Wind Speed":
            record[at] = "calm"
        rows.append(record)
    return rows


def write_rmp_csv(target: Path, n: int = ROWS, seed: int = SEED) -> None:
    """Write the accident CSV as the RMP export does (comma separated, minimal quoting)."""
    with target.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(accident_rows(n, seed))
