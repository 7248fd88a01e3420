"""Connector for FHIR R4 JSON (Bundles, single resources, NDJSON bulk exports) -> the EHR tables.

Each bundle entry (or NDJSON line) is one input unit. Resources of a mapped type are checked
with the `fhir.resources` models (R4B: the package ships no R4 models, and R4B changed none
of the mapped resources' required elements), then for the references the tables need (an
Observation without a subject cannot be joined to a patient); a failing resource is
quarantined with its file, entry index and the failing elements. Other resource types
(Claim, DiagnosticReport ...) are counted as `not_mapped:<Type>`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import ValidationError

from connectors.base import QUARANTINE_SCHEMA, Connector, IngestResult
from connectors.parquet_chunks import ChunkedParquet
from connectors.registry import register
from connectors.synthea_csv import remove_tree, write_tables
from schemas.medical import EHR_TABLES

Row = dict[str, Any]
Mapper = Callable[[dict[str, Any]], list[tuple[str, Row]]]
ENCOUNTER_CLASS = {
    "AMB": "ambulatory", "EMER": "emergency", "IMP": "inpatient", "ACUTE": "inpatient",
    "NONAC": "inpatient", "HH": "home", "VR": "virtual", "OBSENC": "observation",
    "SS": "short stay", "PRENC": "pre-admission",
}  # fmt: skip
# Elements each mapped resource needs for its table row, beyond what FHIR itself requires.
REQUIRED: dict[str, tuple[str, ...]] = {
    "Patient": ("id",),
    "Encounter": ("id", "subject"),
    "Condition": ("subject", "code"),
    "Observation": ("subject",),
    "MedicationRequest": ("subject",),
    "Immunization": ("patient",),
    "Procedure": ("subject",),
    "Organization": ("id",),
    "Practitioner": ("id",),
}


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


def instant(value: str | None) -> datetime | None:
    """A FHIR dateTime/instant as UTC (a date, even a partial one, is its first midnight UTC)."""
    if not value:
        return None
    if len(value) <= 10:
        first = day(value)
        return datetime(first.year, first.month, first.day, tzinfo=UTC) if first else None
    stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC)


def day(value: str | None) -> date | None:
    """A FHIR date or dateTime as a date; a partial one (1980, 1980-05) is its first day."""
    if not value:
        return None
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


Problem = tuple[str, str]


def _units(path: Path) -> Iterator[tuple[int, Any, Problem | None]]:
    """(index, resource or raw text, (reason, detail) when unreadable) per entry or line."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix.lower() == ".ndjson":
        for line, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                yield line, json.loads(raw), None
            except json.JSONDecodeError as exc:
                yield line, raw, ("malformed_json", f"{exc.msg} at column {exc.colno}")
        return
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        yield exc.lineno, text[:2000], ("malformed_json", f"{exc.msg} at line {exc.lineno}")
        return
    if isinstance(doc, dict) and doc.get("resourceType") == "Bundle":
        for index, entry in enumerate(doc.get("entry") or []):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict):
                yield index, resource, None
            else:
                yield index, json.dumps(entry), ("malformed_entry", "no resource object")
        return
    if not isinstance(doc, dict):
        yield 0, text[:2000], ("malformed_entry", "not a JSON object")
        return
    yield 0, doc, None


def validation_problem(resource: dict[str, Any]) -> tuple[str, str] | None:
    """(reason, detail) when a mapped resource breaks FHIR or lacks what its table needs."""
    from fhir.resources.R4B import get_fhir_model_class

    kind = resource["resourceType"]
    body = {k: v for k, v in resource.items() if k != "resourceType"}
    try:
        get_fhir_model_class(kind).model_validate(body)
    except ValidationError as exc:
        errors = "; ".join(
            f"{kind}.{'.'.join(str(p) for p in e['loc']) or '(resource)'}: "
            f"{e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()[:3]
        )
        return "invalid_resource", errors
    missing = [f"{kind}.{f}" for f in REQUIRED[kind] if not resource.get(f)]
    if missing:
        return "missing_required_field", f"empty {', '.join(missing)}"
    return None


@register
class FhirBundleConnector(Connector):
    """Reads FHIR R4 JSON bundles into the same twelve EHR tables as the Synthea CSV connector."""

    format = "fhir_bundle"
    tables = tuple(EHR_TABLES)

    def read(
        self, paths: list[Path], out_dir: Path, declared_date: date | None = None
    ) -> IngestResult:
        """Validate and map every entry; bad entries go to the quarantine with file and index."""
        out_dir.mkdir(parents=True, exist_ok=True)
        sinks = {
            t: ChunkedParquet(out_dir / ".fhir_rows" / t, EHR_TABLES[t].polars_schema())
            for t in EHR_TABLES
        }
        bad: list[tuple[Any, ...]] = []
        ledger: Counter[str] = Counter()
        units = 0
        for path in map(Path, paths):
            if not path.is_file():
                raise FileNotFoundError(f"FHIR file not found: {path}")
            where = "line" if path.suffix.lower() == ".ndjson" else "entry"
            for index, resource, problem in _units(path):
                units += 1
                kind = resource.get("resourceType") if problem is None else None
                if problem is None and kind not in MAPPERS:
                    ledger[f"not_mapped:{kind}"] += 1
                    continue
                problem = problem or validation_problem(resource)
                mapped: list[tuple[str, Row]] = []
                if problem is None:
                    try:
                        mapped = MAPPERS[kind](resource)
                    except (ValueError, TypeError) as exc:
                        problem = ("unparsable_field", f"{kind}: {exc}")
                if problem is not None:
                    raw = resource if isinstance(resource, str) else json.dumps(resource)
                    at = f"{where} {index}" if where == "line" else f"entry[{index}]"
                    bad.append((path.name, index, "ingest", problem[0], f"{at}: {problem[1]}", raw))
                    continue
                ledger[kind] += 1
                for table, row in mapped:
                    values = row | {"source_file": path.name, "source_line": index}
                    sinks[table].append(tuple(values.get(c) for c in EHR_TABLES[table].names))
        goods = {t: [sink.scan()] for t, sink in sinks.items()}
        quarantine = pl.DataFrame(bad, schema=QUARANTINE_SCHEMA, orient="row").lazy()
        counts = write_tables(out_dir, goods, [quarantine])
        remove_tree(out_dir / ".fhir_rows")
        ledger["quarantined"] = len(bad)
        return IngestResult(
            table_path=None,
            quarantine_path=out_dir / "quarantine.parquet",
            rows_out=sum(counts.values()),
            rows_quarantined=len(bad),
            input_units=units,
            ledger=+ledger,
            unit="resource",
            tables={t: out_dir / f"{t}.parquet" for t in EHR_TABLES},
        )
