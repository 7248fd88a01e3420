"""Values read out of FHIR R4 resources: references, codings, dates and Patient columns."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from connectors.base import plausible_year

Row = dict[str, Any]

SYSTEMS = {
    "http://snomed.info/sct": "SNOMED-CT", "http://loinc.org": "LOINC",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm", "http://hl7.org/fhir/sid/cvx": "CVX",
    "http://hl7.org/fhir/sid/icd-10": "ICD-10", "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
}  # fmt: skip
IDENTIFIER_COLUMNS = {"SS": "ssn", "DL": "drivers_license", "PPN": "passport"}
GENDER = {"male": "M", "female": "F", "other": "O", "unknown": "U"}
# US Core race / ethnicity OMB codes -> the words the Synthea CSV exporter writes.
OMB = {
    "2106-3": "white", "2054-5": "black", "2028-9": "asian", "1002-5": "native",
    "2076-8": "hawaiian", "2131-1": "other", "2135-2": "hispanic", "2186-5": "nonhispanic",
}  # fmt: skip
US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"


def ref_id(reference: dict[str, Any] | None) -> str | None:
    """The id in a reference: urn:uuid:X, Patient/X, or Type?identifier=system|X."""
    ref = (reference or {}).get("reference")
    if not ref:
        return None
    if "?identifier=" in ref:
        return ref.rsplit("|", 1)[-1]
    return ref.removeprefix("urn:uuid:").rsplit("/", 1)[-1]


def coded(concept: dict[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    """(code, system name, display) of a CodeableConcept's first coding."""
    if not concept:
        return None, None, None
    coding = (concept.get("coding") or [{}])[0]
    system = coding.get("system")
    text = concept.get("text") or coding.get("display")
    return coding.get("code"), SYSTEMS.get(system, system), text


class ImplausibleDate(ValueError):
    """A date whose year no real record carries (0001, 9999): quarantined, never shifted."""

    def __init__(self, value: str) -> None:
        super().__init__(f"implausible date {value[:40]!r}")
        self.value = value


def _year(value: str) -> int:
    """The year of a FHIR date/dateTime, checked before any calendar arithmetic can overflow."""
    year = int(value.split("-", 1)[0] if not value.startswith("-") else value)
    if not plausible_year(year):
        raise ImplausibleDate(value)
    return year


def instant(value: str | None) -> datetime | None:
    """A FHIR dateTime/instant as UTC (a date, even a partial one, is its first midnight UTC)."""
    if not value:
        return None
    _year(value)
    if len(value) <= 10:
        first = day(value)
        return datetime(first.year, first.month, first.day, tzinfo=UTC) if first else None
    stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)


def day(value: str | None) -> date | None:
    """A FHIR date or dateTime as a date; a partial one (1980, 1980-05) is its first day."""
    if not value:
        return None
    _year(value)
    parts = [int(p) for p in value[:10].split("-")]
    return date(parts[0], *(parts[1:] + [1, 1])[:2])


def _extension(r: dict[str, Any], url: str) -> dict[str, Any]:
    """The extension with `url`, or an empty mapping."""
    return next((e for e in r.get("extension") or [] if e.get("url") == url), {})


def _omb(r: dict[str, Any], name: str) -> str | None:
    """Race or ethnicity from the US Core extension, in the Synthea CSV words."""
    parts = _extension(r, US_CORE + name).get("extension") or []
    code = next((p["valueCoding"].get("code") for p in parts if "valueCoding" in p), None)
    text = next((p.get("valueString") for p in parts if p.get("url") == "text"), None)
    return OMB.get(code or "", text.lower() if text else None)


def patient_row(r: dict[str, Any]) -> Row:
    """The patients row of a Patient resource, with every direct identifier it carries."""
    row: Row = {"patient_id": r.get("id"), "birth_date": day(r.get("birthDate"))}
    row["death_date"] = day(r.get("deceasedDateTime"))
    for ident in r.get("identifier") or []:
        kind = ((ident.get("type") or {}).get("coding") or [{}])[0].get("code")
        if kind in IDENTIFIER_COLUMNS:
            row[IDENTIFIER_COLUMNS[kind]] = ident.get("value")
    names = r.get("name") or []
    name = next((n for n in names if n.get("use") == "official"), names[0] if names else {})
    row |= {
        "prefix": " ".join(name.get("prefix") or []) or None,
        "first_name": " ".join(name.get("given") or []) or None,
        "last_name": name.get("family"), "suffix": " ".join(name.get("suffix") or []) or None,
        "maiden_name": next((n.get("family") for n in names if n.get("use") == "maiden"), None),
        "marital": coded(r.get("maritalStatus"))[0], "race": _omb(r, "us-core-race"),
        "ethnicity": _omb(r, "us-core-ethnicity"), "gender": GENDER.get(r.get("gender") or ""),
        "phone": next((t.get("value") for t in r.get("telecom") or []
                       if t.get("system") == "phone"), None),
    }  # fmt: skip
    born = _extension(r, "http://hl7.org/fhir/StructureDefinition/patient-birthPlace")
    place = born.get("valueAddress") or {}
    parts = [place.get(k) for k in ("city", "state", "country") if place.get(k)]
    row["birthplace"] = "  ".join(parts) or None
    addr = (r.get("address") or [{}])[0]
    geo = _extension(addr, "http://hl7.org/fhir/StructureDefinition/geolocation")
    point = {e.get("url"): e.get("valueDecimal") for e in geo.get("extension") or []}
    return row | {
        "address": " ".join(addr.get("line") or []) or None, "city": addr.get("city"),
        "state": addr.get("state"), "county": addr.get("district"),
        "zip": addr.get("postalCode"), "lat": point.get("latitude"), "lon": point.get("longitude"),
    }  # fmt: skip


def observation_values(part: dict[str, Any]) -> Row:
    """Code and value columns of an Observation or one of its components."""
    code, system, text = coded(part.get("code"))
    row: Row = {"code": code, "code_system": system, "description": text}
    if "valueQuantity" in part:
        qty = part["valueQuantity"]
        number = qty.get("value")
        return row | {
            "value": None if number is None else str(number),
            "value_numeric": None if number is None else float(number),
            "units": qty.get("code") or qty.get("unit"), "type": "numeric",
        }  # fmt: skip
    for key in ("valueInteger", "valueDecimal"):
        if key in part:
            return row | {"value": str(part[key]), "value_numeric": float(part[key]),
                          "type": "numeric"}  # fmt: skip
    if "valueCodeableConcept" in part:
        return row | {"value": coded(part["valueCodeableConcept"])[2], "type": "text"}
    for key in ("valueString", "valueBoolean", "valueDateTime"):
        if key in part:
            return row | {"value": str(part[key]), "type": "text"}
    return row
