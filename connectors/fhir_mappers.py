"""Mappers from each FHIR R4 resource type to its rows in the EHR tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.fhir_values import Row, coded, day, instant, observation_values, patient_row, ref_id

Mapper = Callable[[dict[str, Any]], list[tuple[str, Row]]]
ENCOUNTER_CLASS = {
    "AMB": "ambulatory", "EMER": "emergency", "IMP": "inpatient", "ACUTE": "inpatient",
    "NONAC": "inpatient", "HH": "home", "VR": "virtual", "OBSENC": "observation",
    "SS": "short stay", "PRENC": "pre-admission",
}  # fmt: skip


def _encounter(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """The encounters row of an Encounter."""
    period = r.get("period") or {}
    code, system, text = coded((r.get("type") or [None])[0])
    reason, _, reason_text = coded((r.get("reasonCode") or [None])[0])
    performer = next((p.get("individual") for p in r.get("participant") or []), None)
    cls = (r.get("class") or {}).get("code")
    return [
        ("encounters", {
            "encounter_id": r.get("id"), "start": instant(period.get("start")),
            "stop": instant(period.get("end")), "patient_id": ref_id(r.get("subject")),
            "organization_id": ref_id(r.get("serviceProvider")), "provider_id": ref_id(performer),
            "encounter_class": ENCOUNTER_CLASS.get(cls, cls.lower() if cls else None),
            "code": code, "code_system": system, "description": text,
            "reason_code": reason, "reason_description": reason_text,
        })
    ]  # fmt: skip


def _condition(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """The conditions row of a Condition."""
    code, system, text = coded(r.get("code"))
    return [
        ("conditions", {
            "start": day(r.get("onsetDateTime") or r.get("recordedDate")),
            "stop": day(r.get("abatementDateTime")), "patient_id": ref_id(r.get("subject")),
            "encounter_id": ref_id(r.get("encounter")), "code": code, "code_system": system,
            "description": text,
        })
    ]  # fmt: skip


def _observation(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """One observations row per value: the Observation's own or each component's."""
    category, _, _ = coded((r.get("category") or [None])[0])
    common = {
        "date": instant(r.get("effectiveDateTime") or (r.get("effectivePeriod") or {}).get("start")
                        or r.get("issued")),
        "patient_id": ref_id(r.get("subject")), "encounter_id": ref_id(r.get("encounter")),
        "category": category,
    }  # fmt: skip
    parts = r.get("component") or [r]
    return [("observations", common | observation_values(part)) for part in parts]


def _medication(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """The medications row of a MedicationRequest."""
    code, system, text = coded(r.get("medicationCodeableConcept"))
    if code is None and r.get("medicationReference"):
        text = r["medicationReference"].get("display")
    reason, _, reason_text = coded((r.get("reasonCode") or [None])[0])
    if reason is None and r.get("reasonReference"):
        reason_text = r["reasonReference"][0].get("display")
    return [
        ("medications", {
            "start": instant(r.get("authoredOn")), "patient_id": ref_id(r.get("subject")),
            "encounter_id": ref_id(r.get("encounter")), "code": code, "code_system": system,
            "description": text, "reason_code": reason, "reason_description": reason_text,
        })
    ]  # fmt: skip


def _immunization(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """The immunizations row of an Immunization."""
    code, system, text = coded(r.get("vaccineCode"))
    return [
        ("immunizations", {
            "date": instant(r.get("occurrenceDateTime")), "patient_id": ref_id(r.get("patient")),
            "encounter_id": ref_id(r.get("encounter")), "code": code, "code_system": system,
            "description": text,
        })
    ]  # fmt: skip


def _procedure(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """The procedures row of a Procedure."""
    code, system, text = coded(r.get("code"))
    period = r.get("performedPeriod") or {}
    reason, _, reason_text = coded((r.get("reasonCode") or [None])[0])
    return [
        ("procedures", {
            "start": instant(period.get("start") or r.get("performedDateTime")),
            "stop": instant(period.get("end")), "patient_id": ref_id(r.get("subject")),
            "encounter_id": ref_id(r.get("encounter")), "code": code, "code_system": system,
            "description": text, "reason_code": reason, "reason_description": reason_text,
        })
    ]  # fmt: skip


def _identifier(r: dict[str, Any]) -> str | None:
    """The business identifier other resources reference (Synthea / NPI), else the id."""
    values = [i.get("value") for i in r.get("identifier") or [] if i.get("value")]
    return values[0] if values else r.get("id")


def _place(r: dict[str, Any]) -> Row:
    """Address columns from the first address of a resource."""
    addr = (r.get("address") or [{}])[0]
    return {
        "address": " ".join(addr.get("line") or []) or None, "city": addr.get("city"),
        "state": addr.get("state"), "zip": addr.get("postalCode"),
    }  # fmt: skip


def _organization(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """The organizations row of an Organization."""
    phone = next((t.get("value") for t in r.get("telecom") or []), None)
    row = {"organization_id": _identifier(r), "name": r.get("name"), "phone": phone}
    return [("organizations", row | _place(r))]


def _practitioner(r: dict[str, Any]) -> list[tuple[str, Row]]:
    """The providers row of a Practitioner."""
    name = (r.get("name") or [{}])[0]
    full = " ".join([*(name.get("given") or []), name.get("family") or ""]).strip() or None
    gender = {"male": "M", "female": "F"}.get(r.get("gender") or "", r.get("gender"))
    row = {"provider_id": _identifier(r), "name": full, "gender": gender}
    return [("providers", row | _place(r))]


MAPPERS: dict[str, Mapper] = {
    "Patient": lambda r: [("patients", patient_row(r))],
    "Encounter": _encounter,
    "Condition": _condition,
    "Observation": _observation,
    "MedicationRequest": _medication,
    "Immunization": _immunization,
    "Procedure": _procedure,
    "Organization": _organization,
    "Practitioner": _practitioner,
}
