"""The synthetic patient population and its Synthea CSV export.

The population is synthetic (seeded, standard library only): yearly wellness visits with
age-appropriate vital signs and labs, chronic conditions with their medications and care
plans, acute visits, immunizations, allergies, and deaths. The CSV export uses the Synthea
v3 headers and value formats. A few records are deliberately wrong (PLANTED) so every
quarantine path is exercised.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from connectors.synthea_layout import HEADERS
from privacy.corpora.identifiers import EN_FIRST, EN_LAST
from samples.medical_codes import Row
from samples.medical_visits import FIRST_VISIT, LAST_VISIT, PatientLife, seeded_uuid

SEED = 11
DEMO_PATIENTS = 150
# (county, city, zip, lat, lon, weight): a few counties, so k-anonymity has classes to form.
PLACES = (
    ("Middlesex County", "Cambridge", "02138", 42.375, -71.118, 4),
    ("Middlesex County", "Somerville", "02143", 42.387, -71.099, 3),
    ("Suffolk County", "Boston", "02108", 42.357, -71.063, 4),
    ("Norfolk County", "Quincy", "02169", 42.251, -71.002, 2),
)
RACES = (("white", 70), ("black", 10), ("asian", 15), ("other", 5))
STREETS = ("Main St", "Elm St", "Park Ave", "Harbor Rd", "Maple Ln", "Oak Ct", "Pine Way")
ORGS = (("MOUNT AUBURN HOSPITAL", "330 MOUNT AUBURN STREET", "Cambridge", "02138", "6174923500"),
        ("BOSTON MEDICAL CENTER", "1 BOSTON MEDICAL CENTER PL", "Boston", "02118", "6176388000"),
        ("QUINCY MEDICAL CENTER", "114 WHITWELL STREET", "Quincy", "02169", "6177732100"),
        )  # fmt: skip
PAYERS = (("Medicare", "7500 Security Blvd", "Baltimore", "MD", "21244", "1-800-633-4227"),
          ("Medicaid", "7500 Security Blvd", "Baltimore", "MD", "21244", "1-877-267-2323"),
          ("Blue Cross Blue Shield", "101 Huntington Ave", "Boston", "MA", "02199",
           "1-800-262-2583"))  # fmt: skip
# (table, description) of each deliberate error in the CSV export.
PLANTED = (
    ("observations", "body temperature 55.0 Cel (vital_sign_range)"),
    ("observations", "LOINC 8480-5 with a wrong check digit (loinc_check_digit)"),
    ("observations", "a record with one field too many (wrong_field_count)"),
    ("conditions", "SNOMED 44054005 with a wrong Verhoeff digit (snomed_ct_id)"),
    ("encounters", "stop before start (within_lifetime)"),
    ("medications", "START 2021-13-45 (unparsable_field)"),
)


@dataclass(slots=True)
class Population:
    """Rows per Synthea table (keys are Synthea headers), plus the planted errors' places."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in HEADERS})
    extra_lines: dict[str, list[str]] = field(default_factory=dict)


def _synthea_name(rng: random.Random, names: list[str]) -> str:
    """A name the way Synthea writes them: a common name plus a number (Maynard46)."""
    return f"{rng.choice(names)}{rng.randrange(10, 999)}"


class PopulationGenerator:
    """Builds one synthetic population from a seed."""

    def __init__(self, seed: int) -> None:
        """Organizations, clinicians and payers first; patients are added by `patient`."""
        self.rng = random.Random(seed)
        self.pop = Population()
        self.orgs = [self._org(*o) for o in ORGS]
        self.providers = [self._provider(o) for o in self.orgs for _ in range(3)]
        self.payers = [self._payer(*p) for p in PAYERS]

    def _org(self, name: str, street: str, city: str, zip_: str, phone: str) -> Row:
        """Register one organization."""
        row = {"Id": seeded_uuid(self.rng), "NAME": name, "ADDRESS": street, "CITY": city,
               "STATE": "MA", "ZIP": zip_, "LAT": 42.3, "LON": -71.1, "PHONE": phone,
               "REVENUE": 0.0, "UTILIZATION": 0}  # fmt: skip
        self.pop.tables["organizations"].append(row)
        return row

    def _provider(self, org: Row) -> Row:
        """Register one clinician of an organization."""
        r = self.rng
        row = {"Id": seeded_uuid(r), "ORGANIZATION": org["Id"], "GENDER": r.choice("MF"),
               "NAME": f"{_synthea_name(r, EN_FIRST)} {_synthea_name(r, EN_LAST)}",
               "SPECIALITY": "GENERAL PRACTICE", "ADDRESS": org["ADDRESS"], "CITY": org["CITY"],
               "STATE": "MA", "ZIP": org["ZIP"], "LAT": org["LAT"], "LON": org["LON"],
               "UTILIZATION": 0}  # fmt: skip
        self.pop.tables["providers"].append(row)
        return row

    def _payer(self, name: str, street: str, city: str, state: str, zip_: str, phone: str) -> Row:
        """Register one payer."""
        row = {h: 0 for h in HEADERS["payers"]} | {
            "Id": seeded_uuid(self.rng), "NAME": name, "ADDRESS": street, "CITY": city,
            "STATE_HEADQUARTERED": state, "ZIP": zip_, "PHONE": phone, "QOLS_AVG": 0.8,
        }  # fmt: skip
        self.pop.tables["payers"].append(row)
        return row

    def patient(self) -> None:
        """One patient with a life history of visits between FIRST_VISIT and LAST_VISIT."""
        r = self.rng
        born = date(1935, 1, 1) + timedelta(days=r.randrange(0, 365 * 85))
        died = None
        if r.random() < 0.06 and born.year < 1960:
            died = FIRST_VISIT + timedelta(days=r.randrange(200, (LAST_VISIT - FIRST_VISIT).days))
        county, city, zip_, lat, lon, _ = r.choices(PLACES, [p[5] for p in PLACES])[0]
        gender = r.choice("MF")
        pid = seeded_uuid(r)
        row = {
            "Id": pid, "BIRTHDATE": born.isoformat(), "DEATHDATE": died.isoformat() if died else "",
            "SSN": f"999-{r.randrange(10, 99)}-{r.randrange(1000, 9999)}",
            "DRIVERS": f"S99{r.randrange(1000000, 9999999)}" if born.year < 2007 else "",
            "PASSPORT": f"X{r.randrange(10**7, 10**8)}X" if r.random() < 0.6 else "",
            "PREFIX": ("Mr." if gender == "M" else "Ms.") if born.year < 2007 else "",
            "FIRST": _synthea_name(r, EN_FIRST), "LAST": _synthea_name(r, EN_LAST),
            "SUFFIX": "", "MAIDEN": "",
            "MARITAL": r.choice("MSMD") if born.year < 2004 else "",
            "RACE": r.choices([x for x, _ in RACES], [w for _, w in RACES])[0],
            "ETHNICITY": "hispanic" if r.random() < 0.1 else "nonhispanic", "GENDER": gender,
            "BIRTHPLACE": f"{r.choice(('Boston', 'Worcester', 'Lowell'))}  Massachusetts  US",
            "ADDRESS": f"{r.randrange(1, 999)} {r.choice(STREETS)}", "CITY": city,
            "STATE": "Massachusetts", "COUNTY": county, "ZIP": zip_,
            "LAT": round(lat + r.uniform(-0.01, 0.01), 6),
            "LON": round(lon + r.uniform(-0.01, 0.01), 6),
            "HEALTHCARE_EXPENSES": round(r.uniform(5e3, 9e5), 2),
            "HEALTHCARE_COVERAGE": round(r.uniform(0, 2e4), 2),
        }  # fmt: skip
        self.pop.tables["patients"].append(row)
        PatientLife(self, row, born, died).live()


def _plant(pop: Population) -> None:
    """Corrupt one record per PLANTED kind, in place (clean rows are never dropped)."""
    obs, t = pop.tables["observations"], pop.tables
    temps = [o for o in obs if o["CODE"] == "8310-5"]
    temps[0]["VALUE"] = 55.0
    systolic = [o for o in obs if o["CODE"] == "8480-6"]
    systolic[1]["CODE"] = "8480-5"
    bad = dict(temps[2])
    pop.extra_lines["observations"] = [
        ",".join(str(bad[h]) for h in HEADERS["observations"]) + ",surplus"
    ]
    diabetes = [c for c in t["conditions"] if c["CODE"] == "44054006"] or t["conditions"]
    diabetes[0]["CODE"] = "44054005"
    enc = t["encounters"][3]
    enc["STOP"], enc["START"] = enc["START"], enc["STOP"]
    t["medications"][0]["START"] = "2021-13-45T10:00:00Z"


def synthetic_population(patients: int = DEMO_PATIENTS, seed: int = SEED) -> Population:
    """A reproducible population in the Synthea CSV layout, with the PLANTED errors."""
    gen = PopulationGenerator(seed)
    for _ in range(patients):
        gen.patient()
    _plant(gen.pop)
    return gen.pop


def csv_text(table: str, rows: list[Row], extra: list[str] | None = None) -> str:
    """One table as Synthea writes it: its header, empty fields for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS[table])
    for row in rows:
        writer.writerow(["" if row.get(h) is None else row.get(h, "") for h in HEADERS[table]])
    for line in extra or []:
        out.write(line + "\n")
    return out.getvalue()


def write_synthea_zip(target: Path, patients: int = DEMO_PATIENTS, seed: int = SEED) -> Population:
    """Write the population as a zip of Synthea CSVs (the layout Synthea's downloads use)."""
    pop = synthetic_population(patients, seed)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table, rows in pop.tables.items():
            member = zipfile.ZipInfo(f"csv/{table}.csv", date_time=(2024, 7, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(member, csv_text(table, rows, pop.extra_lines.get(table)))
    return pop
