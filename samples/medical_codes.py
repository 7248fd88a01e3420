"""Clinical vocabulary of the synthetic population: the vital signs, labs, chronic and acute
conditions, and allergens written at each visit (LOINC, SNOMED CT and RxNorm codes)."""

from __future__ import annotations

from typing import Any

Row = dict[str, Any]
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
