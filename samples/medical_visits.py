"""The visits of one synthetic patient (wellness, acute, chronic care) as Synthea table rows."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from connectors.synthea_layout import HEADERS
from samples.medical_codes import ACUTE, ALLERGENS, CHRONIC, LABS, VITALS, Row

if TYPE_CHECKING:
    from samples.medical_population import PopulationGenerator

FIRST_VISIT, LAST_VISIT = date(2016, 1, 1), date(2024, 6, 30)


def seeded_uuid(rng: random.Random) -> str:
    """A random UUID from the seeded stream (reproducible ids)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def stamp(moment: datetime) -> str:
    """A UTC time the way Synthea writes it (2023-01-27T16:17:47Z)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class PatientLife:
    """The visits of one patient: wellness every 1-2 years, acute episodes, chronic care."""

    def __init__(
        self, gen: PopulationGenerator, patient: Row, born: date, died: date | None
    ) -> None:
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
            "Id": seeded_uuid(self.rng), "START": stamp(start),
            "STOP": stamp(start + timedelta(minutes=minutes)), "PATIENT": self.patient["Id"],
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
                "STOP": stamp(stop) if stop else "",
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
                "Id": seeded_uuid(self.rng),
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
