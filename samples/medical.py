"""Project-generated medical samples: a Synthea-format CSV export, a FHIR R4 bundle, and
Chinese + English clinical notes with planted personal data.

The population is synthetic (seeded, standard library only): yearly wellness visits with
age-appropriate vital signs and labs, chronic conditions with their medications and care
plans, acute visits, immunizations, allergies, and deaths. The CSV export uses the Synthea
v3 headers and value formats; the FHIR bundle carries the same patients as R4 resources.
A few records are deliberately wrong (PLANTED) so every quarantine path is exercised.
"""

from __future__ import annotations

import csv
import io
import json
import random
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from connectors.synthea_csv import HEADERS
from privacy.synth import EN_FIRST, EN_LAST, PiiFactory
from samples.registry import register

Row = dict[str, Any]
SEED = 11
DEMO_PATIENTS = 150
DEMO_NOTES = 48
FHIR_PATIENTS = 3
FIRST_VISIT, LAST_VISIT = date(2016, 1, 1), date(2024, 6, 30)
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
# LOINC code -> (description, unit, category) of the observations written at each visit.
VITALS = {
    "8302-2": ("Body Height", "cm"), "29463-7": ("Body Weight", "kg"),
    "39156-5": ("Body Mass Index", "kg/m2"), "8480-6": ("Systolic Blood Pressure", "mm[Hg]"),
    "8462-4": ("Diastolic Blood Pressure", "mm[Hg]"), "8867-4": ("Heart rate", "/min"),
    "9279-1": ("Respiratory rate", "/min"), "8310-5": ("Body temperature", "Cel"),
    "72514-3": ("Pain severity - 0-10 verbal numeric rating [Score] - Reported", "{score}"),
}  # fmt: skip
LABS = {"2339-0": ("Glucose", "mg/dL", 70, 140), "2093-3": ("Total Cholesterol", "mg/dL", 150, 260),
        "4548-4": ("Hemoglobin A1c/Hemoglobin.total in Blood", "%", 4.8, 8.5)}  # fmt: skip
# condition -> (SNOMED code, description, yearly onset chance from age 30, drug, care plan)
CHRONIC = {
    "hypertension": ("59621000", "Hypertension", 0.05,
                     ("314076", "lisinopril 10 MG Oral Tablet"),
                     ("443402002", "Lifestyle education regarding hypertension")),
    "diabetes": ("44054006", "Diabetes mellitus type 2 (disorder)", 0.02,
                 ("860975", "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet"),
                 ("698360004", "Diabetes self management plan")),
}  # fmt: skip
ACUTE = (("444814009", "Viral sinusitis (disorder)", None),
         ("195662009", "Acute viral pharyngitis (disorder)", None),
         ("10509002", "Acute bronchitis (disorder)",
          ("308182", "Amoxicillin 250 MG Oral Capsule")))  # fmt: skip
ALLERGENS = (("84489001", "Mold (organism)", "environment"),
             ("256277009", "Grass pollen (substance)", "environment"),
             ("762952008", "Peanut (substance)", "food"))  # fmt: skip
# (table, description) of each deliberate error in the CSV export.
PLANTED = (
    ("observations", "body temperature 55.0 Cel (vital_sign_range)"),
    ("observations", "LOINC 8480-5 with a wrong check digit (loinc_check_digit)"),
    ("observations", "a record with one field too many (wrong_column_count)"),
    ("conditions", "SNOMED 44054005 with a wrong Verhoeff digit (snomed_ct_id)"),
    ("encounters", "stop before start (within_lifetime)"),
    ("medications", "START 2021-13-45 (unparsable_field)"),
)


@dataclass(slots=True)
class Population:
    """Rows per Synthea table (keys are Synthea headers), plus the planted errors' places."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in HEADERS})
    extra_lines: dict[str, list[str]] = field(default_factory=dict)


def _uuid(rng: random.Random) -> str:
    """A random UUID from the seeded stream (reproducible ids)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _synthea_name(rng: random.Random, names: list[str]) -> str:
    """A name the way Synthea writes them: a common name plus a number (Maynard46)."""
    return f"{rng.choice(names)}{rng.randrange(10, 999)}"


def _stamp(moment: datetime) -> str:
    """A UTC time the way Synthea writes it (2023-01-27T16:17:47Z)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Generator:
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
        row = {"Id": _uuid(self.rng), "NAME": name, "ADDRESS": street, "CITY": city,
               "STATE": "MA", "ZIP": zip_, "LAT": 42.3, "LON": -71.1, "PHONE": phone,
               "REVENUE": 0.0, "UTILIZATION": 0}  # fmt: skip
        self.pop.tables["organizations"].append(row)
        return row

    def _provider(self, org: Row) -> Row:
        """Register one clinician of an organization."""
        r = self.rng
        row = {"Id": _uuid(r), "ORGANIZATION": org["Id"], "GENDER": r.choice("MF"),
               "NAME": f"{_synthea_name(r, EN_FIRST)} {_synthea_name(r, EN_LAST)}",
               "SPECIALITY": "GENERAL PRACTICE", "ADDRESS": org["ADDRESS"], "CITY": org["CITY"],
               "STATE": "MA", "ZIP": org["ZIP"], "LAT": org["LAT"], "LON": org["LON"],
               "UTILIZATION": 0}  # fmt: skip
        self.pop.tables["providers"].append(row)
        return row

    def _payer(self, name: str, street: str, city: str, state: str, zip_: str, phone: str) -> Row:
        """Register one payer."""
        row = {h: 0 for h in HEADERS["payers"]} | {
            "Id": _uuid(self.rng), "NAME": name, "ADDRESS": street, "CITY": city,
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
        pid = _uuid(r)
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
        _Life(self, row, born, died).live()


class _Life:
    """The visits of one patient: wellness every 1-2 years, acute episodes, chronic care."""

    def __init__(self, gen: _Generator, patient: Row, born: date, died: date | None) -> None:
        """Fixed traits of the patient: provider, payer, adult height, BMI."""
        self.gen, self.rng, self.patient, self.born, self.died = gen, gen.rng, patient, born, died
        self.provider = self.rng.choice(gen.providers)
        self.payer = self.rng.choice(gen.payers)
        self.chronic: set[str] = set()
        tall = 176 if patient["GENDER"] == "M" else 163
        self.adult_height = self.rng.gauss(tall, 7)
        self.bmi = self.rng.uniform(19, 33)

    def age(self, when: date) -> float:
        """Age in years on a day."""
        return (when - self.born).days / 365.25

    def live(self) -> None:
        """Walk from the first visit date to the end of life or of the sample window."""
        day = max(FIRST_VISIT, self.born) + timedelta(days=self.rng.randrange(0, 300))
        end = min(LAST_VISIT, self.died) if self.died else LAST_VISIT
        while day < end:
            self.wellness(day)
            if self.rng.random() < 0.5:
                self.acute(day + timedelta(days=self.rng.randrange(20, 200)), end)
            day += timedelta(days=self.rng.randrange(330, 700))
        if self.died:
            self.encounter(datetime.combine(self.died, datetime.min.time(), UTC), "ambulatory",
                           ("308646001", "Death Certification"), minutes=10)  # fmt: skip

    def encounter(
        self, start: datetime, cls: str, code: tuple[str, str], minutes: int = 20,
        reason: tuple[str, str] | None = None,
    ) -> Row:  # fmt: skip
        """Record one encounter and return its row."""
        row = {
            "Id": _uuid(self.rng), "START": _stamp(start),
            "STOP": _stamp(start + timedelta(minutes=minutes)), "PATIENT": self.patient["Id"],
            "ORGANIZATION": self.provider["ORGANIZATION"], "PROVIDER": self.provider["Id"],
            "PAYER": self.payer["Id"], "ENCOUNTERCLASS": cls, "CODE": code[0],
            "DESCRIPTION": code[1], "BASE_ENCOUNTER_COST": 136.8,
            "TOTAL_CLAIM_COST": round(self.rng.uniform(136.8, 2000), 2),
            "PAYER_COVERAGE": round(self.rng.uniform(0, 136.8), 2),
            "REASONCODE": reason[0] if reason else "",
            "REASONDESCRIPTION": reason[1] if reason else "",
        }  # fmt: skip
        self.gen.pop.tables["encounters"].append(row)
        return row

    def observe(self, enc: Row, code: str, desc: str, value: Any, unit: str, cat: str) -> None:
        """Record one observation of an encounter."""
        kind = "numeric" if isinstance(value, float | int) else "text"
        self.gen.pop.tables["observations"].append(
            {
                "DATE": enc["START"],
                "PATIENT": enc["PATIENT"],
                "ENCOUNTER": enc["Id"],
                "CATEGORY": cat,
                "CODE": code,
                "DESCRIPTION": desc,
                "VALUE": value,
                "UNITS": unit,
                "TYPE": kind,
            }  # fmt: skip
        )

    def vitals(self, enc: Row, day: date) -> None:
        """Age-appropriate vital signs of one visit."""
        r, age = self.rng, self.age(day)
        height = self.adult_height if age >= 18 else min(self.adult_height, 50 + 6.6 * age)
        bmi = self.bmi if age >= 18 else r.uniform(14, 21)
        values = {
            "8302-2": round(height, 1), "29463-7": round(bmi * (height / 100) ** 2, 1),
            "39156-5": round(bmi, 1),
            "8480-6": float(r.randrange(100, 128) + (25 if "hypertension" in self.chronic else 0)),
            "8462-4": float(r.randrange(62, 84) + (10 if "hypertension" in self.chronic else 0)),
            "8867-4": float(r.randrange(60, 100) + (20 if age < 10 else 0)),
            "9279-1": float(r.randrange(12, 18) + (8 if age < 5 else 0)),
            "8310-5": round(r.uniform(36.2, 37.4), 1), "72514-3": float(r.randrange(0, 4)),
        }  # fmt: skip
        for code, value in values.items():
            self.observe(enc, code, *VITALS[code][:1], value, VITALS[code][1], "vital-signs")

    def wellness(self, day: date) -> None:
        """A yearly check-up: vitals, labs, survey, vaccine, new chronic conditions."""
        r = self.rng
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
            hours=r.randrange(8, 17)
        )
        child = self.age(day) < 18
        code = ("410620009", "Well child visit (procedure)") if child else (
            "162673000", "General examination of patient (procedure)")  # fmt: skip
        enc = self.encounter(start, "wellness", code, minutes=r.randrange(15, 40))
        self.vitals(enc, day)
        if not child:
            for lab, (desc, unit, lo, hi) in LABS.items():
                self.observe(enc, lab, desc, round(r.uniform(lo, hi), 1), unit, "laboratory")
            smoking = r.choice(("Never smoked tobacco (finding)", "Former smoker (finding)"))
            self.observe(enc, "72166-2", "Tobacco smoking status NHIS", smoking, "", "survey")
            if r.random() < 0.3:  # Synthea's social-needs survey records the home address
                self.observe(enc, "56799-0", "What address do you live at?",
                             self.patient["ADDRESS"], "", "survey")  # fmt: skip
        self.immunize(enc)
        self.procedure(enc, ("430193006", "Medication Reconciliation (procedure)"))
        for name, (scode, sdesc, chance, drug, plan) in CHRONIC.items():
            if name not in self.chronic and self.age(day) > 30 and r.random() < chance * 3:
                self.chronic.add(name)
                self.condition(enc, (scode, sdesc), stop=None)
                self.medication(enc, drug, (scode, sdesc), stop=None)
                self.careplan(enc, plan, (scode, sdesc))
        if not self.gen.pop.tables["allergies"] or r.random() < 0.02:
            self.allergy(enc)

    def acute(self, day: date, end: date) -> None:
        """An acute episode: visit, resolved condition, sometimes an antibiotic."""
        if day >= end:
            return
        r = self.rng
        code, desc, drug = r.choice(ACUTE)
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
            hours=r.randrange(8, 20)
        )
        enc = self.encounter(start, "ambulatory", ("185345009", "Encounter for symptom"),
                             reason=(code, desc))  # fmt: skip
        self.vitals(enc, day)
        self.condition(enc, (code, desc), stop=day + timedelta(days=r.randrange(7, 21)))
        if drug:
            self.medication(enc, drug, (code, desc), stop=start + timedelta(days=10))

    def condition(self, enc: Row, code: tuple[str, str], stop: date | None) -> None:
        """Record one diagnosis."""
        self.gen.pop.tables["conditions"].append(
            {
                "START": enc["START"][:10],
                "STOP": stop.isoformat() if stop else "",
                "PATIENT": enc["PATIENT"],
                "ENCOUNTER": enc["Id"],
                "CODE": code[0],
                "DESCRIPTION": code[1],
            }  # fmt: skip
        )

    def medication(
        self, enc: Row, drug: tuple[str, str], reason: tuple[str, str], stop: datetime | None
    ) -> None:
        """Record one prescription."""
        cost = round(self.rng.uniform(1, 60), 2)
        self.gen.pop.tables["medications"].append(
            {
                "START": enc["START"],
                "STOP": _stamp(stop) if stop else "",
                "PATIENT": enc["PATIENT"],
                "PAYER": enc["PAYER"],
                "ENCOUNTER": enc["Id"],
                "CODE": drug[0],
                "DESCRIPTION": drug[1],
                "BASE_COST": cost,
                "PAYER_COVERAGE": 0.0,
                "DISPENSES": 1,
                "TOTALCOST": cost,
                "REASONCODE": reason[0],
                "REASONDESCRIPTION": reason[1],
            }  # fmt: skip
        )

    def careplan(self, enc: Row, plan: tuple[str, str], reason: tuple[str, str]) -> None:
        """Record one care plan."""
        self.gen.pop.tables["careplans"].append(
            {
                "Id": _uuid(self.rng),
                "START": enc["START"][:10],
                "STOP": "",
                "PATIENT": enc["PATIENT"],
                "ENCOUNTER": enc["Id"],
                "CODE": plan[0],
                "DESCRIPTION": plan[1],
                "REASONCODE": reason[0],
                "REASONDESCRIPTION": reason[1],
            }  # fmt: skip
        )

    def immunize(self, enc: Row) -> None:
        """Record the seasonal flu vaccine."""
        self.gen.pop.tables["immunizations"].append(
            {
                "DATE": enc["START"],
                "PATIENT": enc["PATIENT"],
                "ENCOUNTER": enc["Id"],
                "CODE": "140",
                "DESCRIPTION": "Influenza  seasonal  injectable  preservative free",
                "BASE_COST": 140.52,
            }  # fmt: skip
        )

    def procedure(self, enc: Row, code: tuple[str, str]) -> None:
        """Record one procedure done during the encounter."""
        self.gen.pop.tables["procedures"].append(
            {
                "START": enc["START"],
                "STOP": enc["STOP"],
                "PATIENT": enc["PATIENT"],
                "ENCOUNTER": enc["Id"],
                "CODE": code[0],
                "DESCRIPTION": code[1],
                "BASE_COST": 431.4,
                "REASONCODE": "",
                "REASONDESCRIPTION": "",
            }  # fmt: skip
        )

    def allergy(self, enc: Row) -> None:
        """Record one allergy with a mild reaction."""
        code, desc, category = self.rng.choice(ALLERGENS)
        self.gen.pop.tables["allergies"].append(
            {h: "" for h in HEADERS["allergies"]}
            | {
                "START": enc["START"][:10],
                "PATIENT": enc["PATIENT"],
                "ENCOUNTER": enc["Id"],
                "CODE": code,
                "SYSTEM": "SNOMED-CT",
                "DESCRIPTION": desc,
                "TYPE": "allergy",
                "CATEGORY": category,
                "REACTION1": "247472004",
                "DESCRIPTION1": "Wheal (finding)",
                "SEVERITY1": "MILD",
            }  # fmt: skip
        )


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
    gen = _Generator(seed)
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


@register("medical/synthea")
def synthea_sample(target: Path, day: date | None) -> None:
    """A Synthea CSV export (.zip) of a small synthetic population."""
    write_synthea_zip(target)


@register("medical/fhir")
def fhir_sample(target: Path, day: date | None) -> None:
    """A FHIR R4 transaction bundle of a few synthetic patients, with planted bad resources."""
    bundle = fhir_bundle(synthetic_population(DEMO_PATIENTS, SEED), FHIR_PATIENTS)
    target.write_text(json.dumps(bundle, indent=1), encoding="utf-8")


@register("medical/clinical_notes")
def notes_sample(target: Path, day: date | None) -> None:
    """Chinese and English clinical notes (JSON Lines) with planted personal data."""
    lines, _ = note_lines(DEMO_NOTES, SEED)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- FHIR R4 ------------------------------------------------------------------------------
SCT, LOINC, UCUM = "http://snomed.info/sct", "http://loinc.org", "http://unitsofmeasure.org"
SYNTHEA_ID = "https://github.com/synthetichealth/synthea"
FHIR_CLASS = {"wellness": "AMB", "ambulatory": "AMB", "inpatient": "IMP", "emergency": "EMER"}
# (planted resource, what is wrong) in the FHIR sample.
PLANTED_FHIR = (
    ("Observation", "no code (invalid_resource)"),
    ("MedicationRequest", "no medication[x] (invalid_resource)"),
    ("Observation", "no subject (missing_required_field)"),
)


def _concept(system: str, code: str, display: str) -> Row:
    """A CodeableConcept with one coding."""
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _when(stamp: str) -> str:
    """A Synthea timestamp as a FHIR dateTime with offset."""
    return stamp.replace("Z", "+00:00") if "T" in stamp else stamp


def _fhir_patient(p: Row) -> Row:
    """A US Core style Patient with the identifiers Synthea writes."""
    ids = [("SS", "http://hl7.org/fhir/sid/us-ssn", p["SSN"]),
           ("DL", "urn:oid:2.16.840.1.113883.4.3.25", p["DRIVERS"]),
           ("PPN", "http://hl7.org/fhir/sid/passport-USA", p["PASSPORT"])]  # fmt: skip
    race = {"white": "2106-3", "black": "2054-5", "asian": "2028-9", "other": "2131-1"}
    eth = {"hispanic": "2135-2", "nonhispanic": "2186-5"}
    core = "http://hl7.org/fhir/us/core/StructureDefinition/"
    city, state, country = p["BIRTHPLACE"].split("  ")
    return {
        "resourceType": "Patient", "id": p["Id"],
        "extension": [
            {"url": core + "us-core-race", "extension": [
                {"url": "ombCategory", "valueCoding": {"code": race[p["RACE"]]}},
                {"url": "text", "valueString": p["RACE"].title()}]},
            {"url": core + "us-core-ethnicity", "extension": [
                {"url": "ombCategory", "valueCoding": {"code": eth[p["ETHNICITY"]]}}]},
            {"url": "http://hl7.org/fhir/StructureDefinition/patient-birthPlace",
             "valueAddress": {"city": city, "state": state, "country": country}},
        ],
        "identifier": [{"system": SYNTHEA_ID, "value": p["Id"]}] + [
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                  "code": kind}]}, "system": system, "value": value}
            for kind, system, value in ids if value
        ],
        "name": [{"use": "official", "family": p["LAST"], "given": [p["FIRST"]],
                  **({"prefix": [p["PREFIX"]]} if p["PREFIX"] else {})}],
        "telecom": [{"system": "phone", "value": f"555-{p['SSN'][4:6]}1-{p['SSN'][-4:]}"}],
        "gender": {"M": "male", "F": "female"}[p["GENDER"]], "birthDate": p["BIRTHDATE"],
        **({"deceasedDateTime": p["DEATHDATE"]} if p["DEATHDATE"] else {}),
        "address": [{"line": [p["ADDRESS"]], "city": p["CITY"], "district": p["COUNTY"],
                     "state": "MA", "postalCode": p["ZIP"], "country": "US"}],
    }  # fmt: skip


def _fhir_encounter(e: Row) -> Row:
    """An Encounter referencing its patient, provider and organization."""
    return {
        "resourceType": "Encounter", "id": e["Id"], "status": "finished",
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                  "code": FHIR_CLASS[e["ENCOUNTERCLASS"]]},
        "type": [_concept(SCT, e["CODE"], e["DESCRIPTION"])],
        "subject": {"reference": f"urn:uuid:{e['PATIENT']}"},
        "participant": [{"individual": {"reference":
                         f"Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|{e['PROVIDER']}"}}],
        "period": {"start": _when(e["START"]), "end": _when(e["STOP"])},
        "serviceProvider": {"reference":
                            f"Organization?identifier={SYNTHEA_ID}|{e['ORGANIZATION']}"},
        **({"reasonCode": [_concept(SCT, e["REASONCODE"], e["REASONDESCRIPTION"])]}
           if e["REASONCODE"] else {}),
    }  # fmt: skip


def _fhir_observations(obs: list[Row]) -> list[Row]:
    """Observations of one encounter; blood pressure becomes one panel with two components."""
    out, bp = [], {o["CODE"]: o for o in obs if o["CODE"] in ("8480-6", "8462-4")}
    for o in obs:
        if o["CODE"] in bp:
            continue
        out.append(_fhir_observation(o, [o]))
    if len(bp) == 2:
        panel = dict(bp["8480-6"], CODE="85354-9", DESCRIPTION="Blood pressure panel")
        out.append(_fhir_observation(panel, list(bp.values())))
    return out


def _value(o: Row) -> Row:
    """The value[x] of an observation row."""
    if o["TYPE"] == "numeric":
        return {"valueQuantity": {"value": o["VALUE"], "unit": o["UNITS"], "system": UCUM,
                                  "code": o["UNITS"]}}  # fmt: skip
    return {"valueString": str(o["VALUE"])}


def _fhir_observation(o: Row, parts: list[Row]) -> Row:
    """An Observation with its value, or with components for a panel."""
    body = {
        "resourceType": "Observation", "id": _uuid(random.Random(str(o) + str(len(parts)))),
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/"
                                  "observation-category", "code": o["CATEGORY"]}]}],
        "code": _concept(LOINC, o["CODE"], o["DESCRIPTION"]),
        "subject": {"reference": f"urn:uuid:{o['PATIENT']}"},
        "encounter": {"reference": f"urn:uuid:{o['ENCOUNTER']}"},
        "effectiveDateTime": _when(o["DATE"]),
    }  # fmt: skip
    if len(parts) > 1:
        return body | {"component": [
            {"code": _concept(LOINC, p["CODE"], p["DESCRIPTION"])} | _value(p) for p in parts
        ]}  # fmt: skip
    return body | _value(o)


def _fhir_clinical(kind: str, r: Row) -> Row:
    """Condition, MedicationRequest, Immunization or Procedure from its Synthea row."""
    ref = {"subject": {"reference": f"urn:uuid:{r['PATIENT']}"},
           "encounter": {"reference": f"urn:uuid:{r['ENCOUNTER']}"}}  # fmt: skip
    rid = {"id": _uuid(random.Random(f"{kind}{sorted(r.items())}"))}
    if kind == "conditions":
        return {"resourceType": "Condition", **rid, **ref,
                "clinicalStatus": {"coding": [{"code": "resolved" if r["STOP"] else "active"}]},
                "code": _concept(SCT, r["CODE"], r["DESCRIPTION"]), "onsetDateTime": r["START"],
                **({"abatementDateTime": r["STOP"]} if r["STOP"] else {})}  # fmt: skip
    if kind == "medications":
        rxnorm = "http://www.nlm.nih.gov/research/umls/rxnorm"
        return {"resourceType": "MedicationRequest", **rid, **ref, "intent": "order",
                "status": "stopped" if r["STOP"] else "active", "authoredOn": _when(r["START"]),
                "medicationCodeableConcept": _concept(rxnorm, r["CODE"], r["DESCRIPTION"]),
                }  # fmt: skip
    if kind == "immunizations":
        cvx = "http://hl7.org/fhir/sid/cvx"
        return {"resourceType": "Immunization", **rid, "status": "completed",
                "patient": ref["subject"], "encounter": ref["encounter"],
                "vaccineCode": _concept(cvx, r["CODE"], r["DESCRIPTION"]),
                "occurrenceDateTime": _when(r["DATE"]), "primarySource": True}  # fmt: skip
    return {"resourceType": "Procedure", **rid, **ref, "status": "completed",
            "code": _concept(SCT, r["CODE"], r["DESCRIPTION"]),
            "performedPeriod": {"start": _when(r["START"]), "end": _when(r["STOP"])}}  # fmt: skip


def fhir_bundle(pop: Population, patients: int = FHIR_PATIENTS) -> Row:
    """A transaction Bundle of the first patients' records, plus the PLANTED_FHIR resources."""
    chosen = {p["Id"]: p for p in pop.tables["patients"][:patients]}
    resources = [_fhir_patient(p) for p in chosen.values()]
    valid = [
        e for e in pop.tables["encounters"] if e["PATIENT"] in chosen and e["START"] < e["STOP"]
    ]
    by_encounter: dict[str, list[Row]] = {}
    for o in pop.tables["observations"]:
        by_encounter.setdefault(o["ENCOUNTER"], []).append(o)
    for e in valid:
        resources.append(_fhir_encounter(e))
        resources.extend(_fhir_observations(by_encounter.get(e["Id"], [])))
    ids = {e["Id"] for e in valid}
    for kind in ("conditions", "medications", "immunizations", "procedures"):
        rows = [r for r in pop.tables[kind] if r["ENCOUNTER"] in ids]
        resources.extend(_fhir_clinical(kind, r) for r in rows if "-13-" not in str(r.get("START")))
    first = next(r for r in resources if r["resourceType"] == "Observation")
    medication = next(r for r in resources if r["resourceType"] == "MedicationRequest")
    resources += [
        {k: v for k, v in first.items() if k != "code"} | {"id": "planted-no-code"},
        {k: v for k, v in medication.items() if k != "medicationCodeableConcept"}
        | {"id": "planted-no-medication"},
        {k: v for k, v in first.items() if k != "subject"} | {"id": "planted-no-subject"},
        {"resourceType": "Provenance", "id": "provenance-1", "recorded": "2024-06-30T00:00:00Z",
         "target": [{"reference": f"urn:uuid:{next(iter(chosen))}"}],
         "agent": [{"who": {"display": "Bohai sample generator"}}]},
    ]  # fmt: skip
    return {
        "resourceType": "Bundle", "type": "transaction",
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r,
                   "request": {"method": "POST", "url": r["resourceType"]}} for r in resources],
    }  # fmt: skip


# --- clinical notes -------------------------------------------------------------------------
ZH_CASES = (
    ("反复胸闷气短3天", "冠状动脉粥样硬化性心脏病，不稳定型心绞痛",
     "予阿司匹林100mg qd、阿托伐他汀20mg qn，择期冠脉造影"),
    ("咳嗽咳痰伴发热2天", "社区获得性肺炎", "予头孢曲松2g静滴qd，复查血常规及胸片"),
    ("多饮多尿伴体重下降1月", "2型糖尿病", "予二甲双胍0.5g tid，糖尿病饮食教育，监测血糖"),
    ("右下腹疼痛6小时", "急性阑尾炎", "急诊行腹腔镜阑尾切除术，术后抗感染治疗"),
    ("头晕头痛1周", "原发性高血压2级", "予氨氯地平5mg qd，低盐饮食，家庭自测血压"),
)  # fmt: skip
EN_CASES = (
    ("chest pain radiating to the left arm", "NSTEMI",
     "aspirin 300 mg loading dose, cardiology consult"),
    ("productive cough and fever for 3 days", "community-acquired pneumonia",
     "ceftriaxone 1 g IV daily, repeat chest X-ray in 48 h"),
    ("polyuria and fatigue", "type 2 diabetes mellitus",
     "metformin 500 mg twice daily, diet counselling"),
    ("sudden onset headache", "hypertensive urgency",
     "amlodipine 5 mg daily, recheck BP in 1 week"),
)  # fmt: skip
ZH_TYPES = ("入院记录", "出院小结", "门诊病历")
EN_TYPES = ("admission", "discharge", "progress")
# Lines of the notes sample that are deliberately unusable (reason codes of the connector).
PLANTED_NOTES = ("malformed_json", "missing_required_field", "blank_line")


@dataclass(slots=True)
class NoteRecord:
    """One generated note and the personal data planted in its text."""

    record: Row
    planted: list[str]


def _zh_note(f: PiiFactory, index: int) -> NoteRecord:
    """A Chinese note with a patient, relative, doctor, ID, MRN, phones and address."""
    r = f.rng
    born = f.birth_date()
    name, relative, doctor = f.zh_name(), f.zh_name(), f.zh_name()
    address, _area, region, _plate = f.zh_address()
    rid, mrn, mobile, mobile2 = f.resident_id(born, region), f.mrn(), f.mobile(), f.mobile()
    complaint, diagnosis, plan = r.choice(ZH_CASES)
    seen = date(2024, 1, 1) + timedelta(days=r.randrange(0, 180))
    text = (
        f"患者{name}，{r.choice('男女')}，{seen.year - born.year}岁，身份证号{rid}，住院号{mrn}。"
        f"主诉：{complaint}。查体：体温{r.uniform(36.2, 38.9):.1f}℃，"
        f"脉搏{r.randrange(62, 118)}次/分，"
        f"血压{r.randrange(105, 165)}/{r.randrange(62, 98)}mmHg。诊断：{diagnosis}。处理：{plan}。"
        f"联系电话：{mobile}。家属：{relative}，电话：{mobile2}。现住址：{address}。主治医师：{doctor}。"
    )
    record = {"note_id": f"N{index:05d}", "patient_id": mrn, "note_date": seen.isoformat(),
              "language": "zh", "note_type": r.choice(ZH_TYPES), "text": text}  # fmt: skip
    return NoteRecord(record, [name, relative, doctor, rid, mrn, mobile, mobile2, address])


def _en_note(f: PiiFactory, index: int) -> NoteRecord:
    """An English note with a name, DOB, MRN, Chinese ID and mobile."""
    r = f.rng
    born = f.birth_date()
    name, doctor = f.en_name(), r.choice(EN_LAST)
    mrn, mobile, rid = f.mrn(), f.mobile(), f.resident_id(born, "210202")
    complaint, diagnosis, plan = r.choice(EN_CASES)
    seen = date(2024, 1, 1) + timedelta(days=r.randrange(0, 180))
    text = (
        f"Patient {name}, DOB: {born:%Y-%m-%d}, MRN: {mrn}, presented with "
        f"{complaint}. T {r.uniform(36.2, 38.9):.1f} C, HR {r.randrange(62, 118)}, "
        f"BP {r.randrange(105, 165)}/{r.randrange(62, 98)} mmHg. Assessment: {diagnosis}. "
        f"Plan: {plan}. Chinese ID card {rid}. Contact mobile {mobile}. Seen by Dr. {doctor}."
    )
    record = {"note_id": f"N{index:05d}", "patient_id": mrn, "note_date": seen.isoformat(),
              "lang": "en", "type": r.choice(EN_TYPES), "text": text}  # fmt: skip
    return NoteRecord(record, [name, f"{born:%Y-%m-%d}", mrn, rid, mobile, doctor])


def clinical_notes(n: int = DEMO_NOTES, seed: int = SEED) -> list[NoteRecord]:
    """`n` notes, two Chinese for each English one, with their planted personal data."""
    f = PiiFactory(seed, messy=0.0)
    return [(_en_note if i % 3 == 2 else _zh_note)(f, i) for i in range(n)]


def note_lines(n: int = DEMO_NOTES, seed: int = SEED) -> tuple[list[str], list[NoteRecord]]:
    """JSON Lines of the notes, with the PLANTED_NOTES lines placed among them."""
    notes = clinical_notes(n, seed)
    lines = [json.dumps(note.record, ensure_ascii=False) for note in notes]
    lines.insert(3, '{"note_id": "N-BROKEN", "text": "未闭合的记录')
    lines.insert(7, json.dumps({"note_id": "N-EMPTY", "language": "zh", "text": "  "}))
    lines.insert(11, "")
    return lines, notes


__all__ = [
    "PLANTED",
    "PLANTED_FHIR",
    "PLANTED_NOTES",
    "NoteRecord",
    "Population",
    "clinical_notes",
    "csv_text",
    "fhir_bundle",
    "note_lines",
    "synthetic_population",
    "write_synthea_zip",
]
