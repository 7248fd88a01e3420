"""Medical samples: real Synthea headers, valid codes and IDs, planted errors exactly where said."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
from fhir.resources.R4B import get_fhir_model_class

from connectors.fhir_bundle import FhirBundleConnector
from connectors.synthea_csv import HEADERS, SyntheaCsvConnector
from privacy.detect.checksums import resident_id_checksum_ok
from quality.rules.medical_codes import loinc_problem, snomed_problem
from quality.rules.medical_vitals import VITAL_SIGNS
from samples.medical import (
    PLANTED,
    PLANTED_FHIR,
    clinical_notes,
    fhir_bundle,
    note_lines,
    synthetic_population,
    write_synthea_zip,
)

SNOMED_COLUMNS = {
    "conditions": ("CODE",), "procedures": ("CODE", "REASONCODE"),
    "encounters": ("CODE", "REASONCODE"), "careplans": ("CODE", "REASONCODE"),
    "allergies": ("CODE", "REACTION1"), "medications": ("REASONCODE",),
}  # fmt: skip
_RID = re.compile(r"\d{17}[\dX]")


def test_headers_are_the_real_synthea_headers(shared_data: Path) -> None:
    folder = shared_data / "medical" / "synthea"
    for table, header in HEADERS.items():
        with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
            assert tuple(next(csv.reader(fh))) == header, table


def test_the_zip_export_is_reproducible_and_has_every_table(tmp_path: Path) -> None:
    write_synthea_zip(tmp_path / "a.zip", patients=20)
    write_synthea_zip(tmp_path / "b.zip", patients=20)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        members = zf.namelist()
        first = zf.read("csv/patients.csv").decode().splitlines()[0]
    assert sorted(members) == sorted(f"csv/{t}.csv" for t in HEADERS)
    assert first == ",".join(HEADERS["patients"])


def test_codes_and_vitals_are_valid_except_the_planted_ones() -> None:
    pop = synthetic_population()
    bad_snomed = {
        row[c]
        for table, columns in SNOMED_COLUMNS.items()
        for row in pop.tables[table]
        for c in columns
        if row.get(c) and snomed_problem(str(row[c]))
    }
    assert bad_snomed == {"44054005"}
    observations = pop.tables["observations"]
    assert {o["CODE"] for o in observations if loinc_problem(o["CODE"])} == {"8480-5"}
    outside = [
        (o["CODE"], o["VALUE"])
        for o in observations
        if o["CODE"] in VITAL_SIGNS
        and not any(lo <= o["VALUE"] <= hi for lo, hi in VITAL_SIGNS[o["CODE"]][1].values())
    ]
    assert outside == [("8310-5", 55.0)]
    assert {o["UNITS"] for o in observations if o["CODE"] == "8310-5"} == {"Cel"}
    assert len(PLANTED) == 6


def test_the_population_is_plausible() -> None:
    pop = synthetic_population()
    patients = {p["Id"]: p for p in pop.tables["patients"]}
    assert len(patients) == len(pop.tables["patients"]) == 150
    visits = pop.tables["encounters"]
    assert {v["PATIENT"] for v in visits} == set(patients)
    for visit in visits:
        born = patients[visit["PATIENT"]]["BIRTHDATE"]
        assert born <= visit["START"][:10]
    dead = [p for p in patients.values() if p["DEATHDATE"]]
    assert dead and all(
        v["START"][:10] <= patients[v["PATIENT"]]["DEATHDATE"]
        for v in visits
        if patients[v["PATIENT"]]["DEATHDATE"]
    )
    surveys = [o for o in pop.tables["observations"] if o["CODE"] == "56799-0"]
    assert surveys and all(o["VALUE"] == patients[o["PATIENT"]]["ADDRESS"] for o in surveys)


def test_the_connector_finds_exactly_the_planted_ingest_errors(tmp_path: Path) -> None:
    write_synthea_zip(tmp_path / "export.zip")
    result = SyntheaCsvConnector().read([tmp_path / "export.zip"], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    assert sorted(quarantine["reason"]) == ["unparsable_field", "wrong_field_count"]
    assert result.reconciles() and result.ledger["quarantined"] == 2


def test_fhir_bundle_validates_except_the_planted_resources(tmp_path: Path) -> None:
    bundle = fhir_bundle(synthetic_population())
    invalid = []
    for index, entry in enumerate(bundle["entry"]):
        body = {k: v for k, v in entry["resource"].items() if k != "resourceType"}
        try:
            get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(body)
        except ValueError:
            invalid.append(index)
    planted = [
        i for i, e in enumerate(bundle["entry"]) if e["resource"]["id"].startswith("planted")
    ]
    assert invalid == planted[:2] and len(planted) == len(PLANTED_FHIR)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    result = FhirBundleConnector().read([path], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    assert quarantine.select("source_line", "reason").rows() == [
        (planted[0], "invalid_resource"),
        (planted[1], "invalid_resource"),
        (planted[2], "missing_required_field"),
    ]
    assert result.ledger["Patient"] == 3 and result.ledger["not_mapped:Provenance"] == 1


def test_notes_carry_valid_identifiers_in_both_languages() -> None:
    notes = clinical_notes(30)
    assert {n.record.get("language", n.record.get("lang")) for n in notes} == {"zh", "en"}
    for note in notes:
        text = note.record["text"]
        assert all(value in text for value in note.planted)
        ids = _RID.findall(text)
        assert ids and all(resident_id_checksum_ok(i) for i in ids)
        assert all(date(int(i[6:10]), int(i[10:12]), int(i[12:14])) for i in ids)  # birth date
    zh = next(n.record["text"] for n in notes if n.record.get("language") == "zh")
    assert re.search(r"血压\d+/\d+mmHg。诊断：", zh)


def test_note_lines_hold_the_planted_bad_lines() -> None:
    lines, notes = note_lines(12)
    assert len(lines) == 15 and lines.count("") == 1
    broken = [line for line in lines if line]
    parsed = []
    for line in broken:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            parsed.append(None)
    assert parsed.count(None) == 1
    assert [p["note_id"] for p in parsed if p and not p["text"].strip()] == ["N-EMPTY"]
