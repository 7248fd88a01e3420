"""The synthetic patients as a FHIR R4 transaction Bundle, with planted bad resources."""

from __future__ import annotations

import random

from samples.medical_codes import Row
from samples.medical_population import Population
from samples.medical_visits import seeded_uuid

FHIR_PATIENTS = 3
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
        "resourceType": "Observation", "id": seeded_uuid(random.Random(str(o) + str(len(parts)))),
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
    rid = {"id": seeded_uuid(random.Random(f"{kind}{sorted(r.items())}"))}
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
