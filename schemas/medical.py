"""Contracts of the analysis-ready medical tables, shared by the Synthea CSV and FHIR connectors.

Column names follow the Synthea CSV exporter (lower snake case) with explicit `*_id` keys;
dates that Synthea writes without a time are `date`, instants are UTC `datetime`. Every
table carries `source_file`/`source_line` so a quarantined row names where it came from.
"""

from __future__ import annotations

from schemas.registry import register
from schemas.table import Column, TableSchema

SOURCE = (
    Column("source_file", "str", False, None, "Raw file (archive!member) the row came from"),
    Column(
        "source_line",
        "int64",
        False,
        None,
        "1-based line (CSV, NDJSON) or 0-based Bundle entry index (entry[i], as in FHIRPath)",
    ),
)


def _patient(nullable: bool = False) -> Column:
    """The patient key column (non-null in every event table)."""
    return Column("patient_id", "str", nullable, None, "Patient identifier (pseudonymized)")


def _encounter(nullable: bool = True) -> Column:
    """The encounter column of an event table."""
    return Column("encounter_id", "str", nullable, None, "Encounter the record belongs to")


def _coded(system: str) -> tuple[Column, ...]:
    """Code, code system and display columns of a coded record."""
    return (
        Column("code", "str", True, None, f"Code ({system})"),
        Column("code_system", "str", True, None, f"Code system of `code` (default {system})"),
        Column("description", "str", True, None, "Display text of the code"),
    )


def _reason() -> tuple[Column, ...]:
    """Reason code and text columns."""
    return (
        Column("reason_code", "str", True, None, "SNOMED CT code of the reason"),
        Column("reason_description", "str", True, None, "Display text of the reason"),
    )


def _place() -> tuple[Column, ...]:
    """Address and coordinate columns of a place."""
    return (
        Column("address", "str", True, None, "Street address"),
        Column("city", "str", True, None, "City"),
        Column("state", "str", True, None, "State"),
        Column("zip", "str", True, None, "Postal code"),
        Column("lat", "float64", True, "degree", "Latitude, WGS84"),
        Column("lon", "float64", True, "degree", "Longitude, WGS84"),
    )


def _table(name: str, description: str, *columns: Column) -> TableSchema:
    """Register a medical contract with the source columns appended."""
    return register(TableSchema(name=name, description=description, columns=(*columns, *SOURCE)))


PATIENTS = _table(
    "medical_patients",
    "One row per patient: demographics and the direct identifiers a scrub must remove.",
    _patient(),
    Column("birth_date", "date", True, None, "Date of birth"),
    Column("death_date", "date", True, None, "Date of death"),
    Column("ssn", "str", True, None, "Social security number (direct identifier)"),
    Column("drivers_license", "str", True, None, "Driver's licence number (direct identifier)"),
    Column("passport", "str", True, None, "Passport number (direct identifier)"),
    Column("prefix", "str", True, None, "Name prefix"),
    Column("first_name", "str", True, None, "Given name(s)"),
    Column("last_name", "str", True, None, "Family name"),
    Column("suffix", "str", True, None, "Name suffix"),
    Column("maiden_name", "str", True, None, "Maiden name"),
    Column("marital", "str", True, None, "Marital status code (M, S, D, W ...)"),
    Column("race", "str", True, None, "Race"),
    Column("ethnicity", "str", True, None, "Ethnicity"),
    Column("gender", "str", True, None, "Administrative gender (M, F, O, U)"),
    Column("birthplace", "str", True, None, "Place of birth"),
    Column("phone", "str", True, None, "Telephone number (FHIR telecom)"),
    *_place()[:3],
    Column("county", "str", True, None, "County of residence"),
    Column("fips", "str", True, None, "County FIPS code (Synthea 3.1+)"),
    *_place()[3:],
    Column("healthcare_expenses", "float64", True, "USD", "Lifetime healthcare expenses"),
    Column("healthcare_coverage", "float64", True, "USD", "Lifetime costs covered by payers"),
    Column("income", "float64", True, "USD", "Annual income (Synthea 3.1+)"),
)

ENCOUNTERS = _table(
    "medical_encounters",
    "One row per encounter (visit, admission, emergency, virtual ...).",
    Column("encounter_id", "str", False, None, "Encounter identifier"),
    Column("start", "datetime", True, "UTC", "Start of the encounter"),
    Column("stop", "datetime", True, "UTC", "End of the encounter"),
    _patient(),
    Column("organization_id", "str", True, None, "Organization that provided the encounter"),
    Column("provider_id", "str", True, None, "Clinician of the encounter"),
    Column("payer_id", "str", True, None, "Payer of the encounter"),
    Column("encounter_class", "str", True, None, "ambulatory, wellness, inpatient, emergency ..."),
    *_coded("SNOMED-CT"),
    Column("base_encounter_cost", "float64", True, "USD", "Base cost of the encounter"),
    Column("total_claim_cost", "float64", True, "USD", "Total cost of the claim"),
    Column("payer_coverage", "float64", True, "USD", "Amount covered by the payer"),
    *_reason(),
)

CONDITIONS = _table(
    "medical_conditions",
    "Diagnoses with onset and resolution dates.",
    Column("start", "date", True, None, "Onset date"),
    Column("stop", "date", True, None, "Resolution date; null while active"),
    _patient(),
    _encounter(),
    *_coded("SNOMED-CT"),
)

OBSERVATIONS = _table(
    "medical_observations",
    "Vital signs, laboratory results and survey answers (one row per value).",
    Column("date", "datetime", True, "UTC", "Time of the observation"),
    _patient(),
    _encounter(),
    Column("category", "str", True, None, "vital-signs, laboratory, survey ..."),
    *_coded("LOINC"),
    Column("value", "str", True, None, "Value as recorded (number or text)"),
    Column("value_numeric", "float64", True, None, "Value as a number when `type` is numeric"),
    Column("units", "str", True, None, "UCUM unit of the value"),
    Column("type", "str", True, None, "numeric or text"),
)

MEDICATIONS = _table(
    "medical_medications",
    "Medication orders and their costs.",
    Column("start", "datetime", True, "UTC", "Start of the prescription"),
    Column("stop", "datetime", True, "UTC", "End of the prescription"),
    _patient(),
    Column("payer_id", "str", True, None, "Payer of the medication"),
    _encounter(),
    *_coded("RxNorm"),
    Column("base_cost", "float64", True, "USD", "Cost of one dispense"),
    Column("payer_coverage", "float64", True, "USD", "Amount covered by the payer"),
    Column("dispenses", "int64", True, None, "Number of dispenses"),
    Column("total_cost", "float64", True, "USD", "Total cost"),
    *_reason(),
)

PROCEDURES = _table(
    "medical_procedures",
    "Procedures performed on patients.",
    Column("start", "datetime", True, "UTC", "Start of the procedure"),
    Column("stop", "datetime", True, "UTC", "End of the procedure"),
    _patient(),
    _encounter(),
    *_coded("SNOMED-CT"),
    Column("base_cost", "float64", True, "USD", "Cost of the procedure"),
    *_reason(),
)

ALLERGIES = _table(
    "medical_allergies",
    "Allergies and intolerances with up to two reactions.",
    Column("start", "date", True, None, "Date the allergy was recorded"),
    Column("stop", "date", True, None, "Date it resolved"),
    _patient(),
    _encounter(),
    *_coded("SNOMED-CT"),
    Column("type", "str", True, None, "allergy or intolerance"),
    Column("category", "str", True, None, "food, medication, environment ..."),
    *(
        Column(f"{part}{i}", "str", True, None, f"{label} of reaction {i}")
        for i in (1, 2)
        for part, label in (
            ("reaction", "SNOMED CT code"),
            ("description", "Text"),
            ("severity", "Severity"),
        )
    ),
)

IMMUNIZATIONS = _table(
    "medical_immunizations",
    "Vaccines administered.",
    Column("date", "datetime", True, "UTC", "Time of administration"),
    _patient(),
    _encounter(),
    *_coded("CVX"),
    Column("base_cost", "float64", True, "USD", "Cost of the immunization"),
)

CAREPLANS = _table(
    "medical_careplans",
    "Care plans and the reasons they were started.",
    Column("careplan_id", "str", False, None, "Care plan identifier"),
    Column("start", "date", True, None, "Start date"),
    Column("stop", "date", True, None, "End date"),
    _patient(),
    _encounter(),
    *_coded("SNOMED-CT"),
    *_reason(),
)

ORGANIZATIONS = _table(
    "medical_organizations",
    "Healthcare organizations (institutions, not persons).",
    Column("organization_id", "str", False, None, "Organization identifier"),
    Column("name", "str", True, None, "Name"),
    *_place(),
    Column("phone", "str", True, None, "Switchboard number"),
    Column("revenue", "float64", True, "USD", "Revenue"),
    Column("utilization", "int64", True, None, "Number of encounters"),
)

PROVIDERS = _table(
    "medical_providers",
    "Clinicians and the organization they work for.",
    Column("provider_id", "str", False, None, "Provider identifier"),
    Column("organization_id", "str", True, None, "Organization of the provider"),
    Column("name", "str", True, None, "Clinician's name (personal data)"),
    Column("gender", "str", True, None, "Gender"),
    Column("speciality", "str", True, None, "Speciality"),
    *_place(),
    Column("utilization", "int64", True, None, "Number of encounters"),
    Column("procedures", "int64", True, None, "Number of procedures (Synthea 3.3+)"),
)

PAYERS = _table(
    "medical_payers",
    "Insurers and their aggregate figures.",
    Column("payer_id", "str", False, None, "Payer identifier"),
    Column("name", "str", True, None, "Name"),
    Column("ownership", "str", True, None, "Ownership (Synthea 3.1+)"),
    *_place()[:3],
    Column("zip", "str", True, None, "Postal code"),
    Column("phone", "str", True, None, "Customer service number"),
    *(
        Column(name, "float64", True, "USD", name.replace("_", " ").capitalize())
        for name in ("amount_covered", "amount_uncovered", "revenue")
    ),
    *(
        Column(f"{kind}_{what}", "int64", True, None, f"{kind.capitalize()} {what}")
        for what in ("encounters", "medications", "procedures", "immunizations")
        for kind in ("covered", "uncovered")
    ),
    Column("unique_customers", "int64", True, None, "Distinct customers"),
    Column("qols_avg", "float64", True, None, "Average quality of life score"),
    Column("member_months", "int64", True, None, "Member months"),
)

CLINICAL_NOTES = _table(
    "medical_clinical_notes",
    "Free-text clinical notes (Chinese or English), one per row.",
    Column("note_id", "str", False, None, "Note identifier"),
    Column("patient_id", "str", True, None, "Patient identifier (pseudonymized)"),
    Column("note_date", "date", True, None, "Date the note was written"),
    Column("language", "str", False, None, "zh or en"),
    Column("note_type", "str", True, None, "admission, progress, discharge ..."),
    Column("text", "str", False, None, "The note itself (scrubbed of personal data)"),
)

# Table name -> contract, in the order a multi-table medical spec lists them (parents first).
EHR_TABLES: dict[str, TableSchema] = {
    "patients": PATIENTS,
    "organizations": ORGANIZATIONS,
    "providers": PROVIDERS,
    "payers": PAYERS,
    "encounters": ENCOUNTERS,
    "conditions": CONDITIONS,
    "observations": OBSERVATIONS,
    "medications": MEDICATIONS,
    "procedures": PROCEDURES,
    "allergies": ALLERGIES,
    "immunizations": IMMUNIZATIONS,
    "careplans": CAREPLANS,
}
