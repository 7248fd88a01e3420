"""Project-generated medical samples: a Synthea-format CSV export, a FHIR R4 bundle, and
Chinese + English clinical notes with planted personal data.

The population is synthetic (seeded, standard library only): yearly wellness visits with
age-appropriate vital signs and labs, chronic conditions with their medications and care
plans, acute visits, immunizations, allergies, and deaths. The CSV export uses the Synthea
v3 headers and value formats; the FHIR bundle carries the same patients as R4 resources.
A few records are deliberately wrong (PLANTED) so every quarantine path is exercised.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from samples.medical_fhir import FHIR_PATIENTS, PLANTED_FHIR, fhir_bundle
from samples.medical_notes import (
    DEMO_NOTES,
    PLANTED_NOTES,
    NoteRecord,
    clinical_notes,
    note_lines,
)
from samples.medical_population import (
    DEMO_PATIENTS,
    PLANTED,
    SEED,
    Population,
    csv_text,
    synthetic_population,
    write_synthea_zip,
)
from samples.registry import register


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


__all__ = [
    "DEMO_NOTES",
    "DEMO_PATIENTS",
    "FHIR_PATIENTS",
    "PLANTED",
    "PLANTED_FHIR",
    "PLANTED_NOTES",
    "SEED",
    "NoteRecord",
    "Population",
    "clinical_notes",
    "csv_text",
    "fhir_bundle",
    "note_lines",
    "synthetic_population",
    "write_synthea_zip",
]
