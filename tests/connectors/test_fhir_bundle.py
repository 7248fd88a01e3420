"""FHIR R4 JSON -> the EHR tables; invalid resources quarantined with file, entry and reason."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from connectors.base import SourceFormatError
from connectors.fhir_bundle import FhirBundleConnector, day, instant, ref_id
from schemas.medical import EHR_TABLES

PATIENT = {
    "resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1990-05-06",
    "name": [{"use": "official", "family": "Lee", "given": ["Ann", "Marie"], "prefix": ["Ms."]}],
    "identifier": [{"type": {"coding": [{"code": "SS"}]}, "value": "999-12-3456"},
                   {"type": {"coding": [{"code": "PPN"}]}, "value": "X1234567X"}],
    "telecom": [{"system": "phone", "value": "555-123-4567"}],
    "address": [{"line": ["1 Main St"], "city": "Boston", "district": "Suffolk County",
                 "state": "MA", "postalCode": "02108"}],
    "extension": [{"url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race",
                   "extension": [{"url": "ombCategory", "valueCoding": {"code": "2028-9"}}]}],
}  # fmt: skip
ENCOUNTER = {
    "resourceType": "Encounter", "id": "e1", "status": "finished", "class": {"code": "AMB"},
    "subject": {"reference": "urn:uuid:p1"},
    "period": {"start": "2020-01-01T10:00:00+02:00", "end": "2020-01-01T10:30:00+02:00"},
    "serviceProvider": {"reference": "Organization?identifier=https://x|org-9"},
}  # fmt: skip
BP = {
    "resourceType": "Observation", "id": "o1", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
    "subject": {"reference": "Patient/p1"}, "encounter": {"reference": "Encounter/e1"},
    "effectiveDateTime": "2020-01-01T10:05:00Z",
    "component": [
        {"code": {"coding": [{"system": "http://loinc.org", "code": code}]},
         "valueQuantity": {"value": value, "unit": "mmHg", "code": "mm[Hg]"}}
        for code, value in (("8480-6", 120), ("8462-4", 80))
    ],
}  # fmt: skip
MEDICATION = {
    "resourceType": "MedicationRequest", "id": "m1", "status": "active", "intent": "order",
    "subject": {"reference": "urn:uuid:p1"}, "authoredOn": "2020-01-01T10:20:00Z",
    "medicationCodeableConcept": {"coding": [{
        "system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "314076",
        "display": "lisinopril 10 MG Oral Tablet"}]},
}  # fmt: skip


def _bundle(path: Path, resources: list[dict[str, Any]]) -> Path:
    entries = [{"resource": r} for r in resources]
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}))
    return path


def _read(paths: list[Path], out: Path) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, Any]:
    result = FhirBundleConnector().read(paths, out)
    tables = {t: pl.read_parquet(p) for t, p in result.outputs("patients").items()}
    return tables, pl.read_parquet(result.quarantine_path), result


def test_references_of_every_form_resolve_to_ids() -> None:
    assert ref_id({"reference": "urn:uuid:abc"}) == "abc"
    assert ref_id({"reference": "Patient/abc"}) == "abc"
    assert (
        ref_id({"reference": "Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|99"}) == "99"
    )
    assert ref_id(None) is None and ref_id({"display": "Dr X"}) is None


def test_partial_dates_start_their_period() -> None:
    assert str(day("1980")) == "1980-01-01" and str(day("1980-05")) == "1980-05-01"
    assert instant("2020-02").isoformat() == "2020-02-01T00:00:00+00:00"
    assert instant("2020-01-01T10:00:00+02:00").isoformat() == "2020-01-01T08:00:00+00:00"


def test_resources_become_rows_of_the_ehr_tables(tmp_path: Path) -> None:
    claim = {"resourceType": "Claim", "id": "c1"}
    path = _bundle(tmp_path / "b.json", [PATIENT, ENCOUNTER, BP, MEDICATION, claim])
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine.height == 0 and result.reconciles() and result.input_units == 5
    assert result.ledger == {"Patient": 1, "Encounter": 1, "Observation": 1,
                             "MedicationRequest": 1, "not_mapped:Claim": 1}  # fmt: skip
    person = tables["patients"].row(0, named=True)
    assert (person["first_name"], person["last_name"], person["prefix"]) == (
        "Ann Marie",
        "Lee",
        "Ms.",
    )
    assert (person["ssn"], person["passport"], person["phone"]) == (
        "999-12-3456",
        "X1234567X",
        "555-123-4567",
    )
    assert (person["gender"], person["race"], person["county"]) == ("F", "asian", "Suffolk County")
    encounter = tables["encounters"].row(0, named=True)
    assert encounter["start"].isoformat() == "2020-01-01T08:00:00+00:00"
    assert (encounter["patient_id"], encounter["organization_id"]) == ("p1", "org-9")
    assert encounter["encounter_class"] == "ambulatory"
    bp = tables["observations"].sort("code")
    assert bp["code"].to_list() == ["8462-4", "8480-6"]
    assert bp["value_numeric"].to_list() == [80.0, 120.0] and set(bp["units"]) == {"mm[Hg]"}
    assert set(bp["encounter_id"]) == {"e1"} and set(bp["source_line"]) == {2}
    assert tables["medications"]["code_system"].to_list() == ["RxNorm"]
    for table, frame in tables.items():
        assert frame.schema == EHR_TABLES[table].polars_schema(), table


def test_resources_missing_required_fields_are_quarantined(tmp_path: Path) -> None:
    no_code = {k: v for k, v in BP.items() if k != "code"}
    no_subject = {k: v for k, v in BP.items() if k != "subject"}
    no_drug = {k: v for k, v in MEDICATION.items() if k != "medicationCodeableConcept"}
    path = _bundle(tmp_path / "b.json", [PATIENT, no_code, no_subject, no_drug])
    tables, quarantine, result = _read([path], tmp_path / "out")
    rows = {r["source_line"]: r for r in quarantine.iter_rows(named=True)}
    assert {i: r["reason"] for i, r in rows.items()} == {
        1: "invalid_resource",
        2: "missing_required_field",
        3: "invalid_resource",
    }
    assert rows[1]["detail"] == "entry[1]: Observation.code: Field required"
    assert rows[2]["detail"] == "entry[2]: empty Observation.subject"
    assert "medicationCodeableConcept" in rows[3]["detail"]
    assert json.loads(rows[2]["raw"])["id"] == "o1"
    assert set(quarantine["source_file"]) == {"b.json"}
    assert tables["observations"].height == 0 and tables["patients"].height == 1
    assert result.rows_quarantined == 3 and result.reconciles()


def test_ndjson_lines_and_broken_json_are_units(tmp_path: Path) -> None:
    path = tmp_path / "Patient.ndjson"
    path.write_text(json.dumps(PATIENT) + "\n{not json\n\n" + json.dumps(ENCOUNTER) + "\n")
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [(2, "malformed_json")]
    assert tables["encounters"]["source_line"].to_list() == [4]
    broken = tmp_path / "broken.json"
    broken.write_text('{"resourceType": "Bundle", "entry": [')
    _, quarantine, result = _read([broken], tmp_path / "out2")
    assert quarantine["reason"].to_list() == ["truncated_json"] and result.reconciles()


@pytest.mark.parametrize("name", ["bundle.json", "Patient.ndjson"])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_a_utf16_file_is_refused_naming_the_conversion(
    tmp_path: Path, name: str, codec: str
) -> None:
    """A UTF-16 bundle was one malformed_json unit 'Expecting value at line 1 column 1' (fuzz:
    utf16); like an NDJSON file it is now refused whole, saying what it is and how to convert."""
    path = _bundle(tmp_path / name, [PATIENT])
    path.write_bytes(path.read_text(encoding="utf-8").encode(codec))
    with pytest.raises(SourceFormatError, match=rf"{name}, line 1: UTF-16 LE .*iconv -f UTF-16"):
        FhirBundleConnector().read([path], tmp_path / "out")


def _expected(bundle: dict[str, Any]) -> tuple[Counter[str], dict[str, int]]:
    """Entries per resource type, and rows per table computed from the JSON itself."""
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    observations = sum(
        max(1, len(e["resource"].get("component", [])))
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    )
    return kinds, {
        "patients": kinds["Patient"], "encounters": kinds["Encounter"],
        "conditions": kinds["Condition"], "observations": observations,
        "medications": kinds["MedicationRequest"], "immunizations": kinds["Immunization"],
        "procedures": kinds["Procedure"],
    }  # fmt: skip


@pytest.mark.integration
def test_real_synthea_bundle(tmp_path: Path, shared_data: Path) -> None:
    folder = shared_data / "medical" / "fhir"
    paths = sorted(folder.glob("*.json"))
    if not paths:
        pytest.skip(f"no FHIR bundle under {folder}")
    bundle = json.loads(paths[0].read_text(encoding="utf-8"))
    kinds, expected = _expected(bundle)
    tables, quarantine, result = _read(paths[:1], tmp_path / "out")
    assert quarantine.height == 0 and result.reconciles()
    assert result.input_units == len(bundle["entry"])
    assert {t: tables[t].height for t in expected} == expected
    mapped = {"Patient", "Encounter", "Condition", "Observation", "MedicationRequest",
              "Immunization", "Procedure", "Organization", "Practitioner"}  # fmt: skip
    assert {k: n for k, n in result.ledger.items() if k.startswith("not_mapped:")} == {
        f"not_mapped:{k}": n for k, n in kinds.items() if k not in mapped
    }
    patient = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    ssn = next(i["value"] for i in patient["identifier"] if i.get("system", "").endswith("us-ssn"))
    row = tables["patients"].row(0, named=True)
    assert (row["patient_id"], row["ssn"], str(row["birth_date"])) == (
        patient["id"],
        ssn,
        patient["birthDate"],
    )
    assert set(tables["encounters"]["patient_id"]) == {patient["id"]}


# --- issue 12: the real Synthea bundle with one realistic defect each --------------------------


def _real_bundle(shared_data: Path) -> tuple[Path, dict[str, Any]]:
    paths = sorted((shared_data / "medical" / "fhir").glob("*.json"))
    if not paths:
        pytest.skip("no FHIR bundle under shared/data/medical/fhir")
    return paths[0], json.loads(paths[0].read_text(encoding="utf-8"))


def _index(bundle: dict[str, Any], kind: str, nth: int = 0) -> int:
    return [i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == kind][nth]


def _write(path: Path, bundle: dict[str, Any]) -> Path:
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    return path


def _heights(tables: dict[str, pl.DataFrame]) -> dict[str, int]:
    return {t: f.height for t, f in tables.items()}


@pytest.mark.integration
@pytest.mark.parametrize(
    ("edit", "detail"),
    [
        (lambda r: r.pop("resourceType"), "no resourceType"),
        (lambda r: r.update(resourceType=["Encounter"]), "resourceType is list"),
        (lambda r: r.update(resourceType=7), "resourceType is int"),
    ],
)
def test_resource_without_a_string_type_is_quarantined(
    edit: Any, detail: str, tmp_path: Path, shared_data: Path
) -> None:
    """Not `not_mapped:None`, not a TypeError: the entry is missing_resource_type."""
    _, bundle = _real_bundle(shared_data)
    index = _index(bundle, "Encounter", 3)
    edit(bundle["entry"][index]["resource"])
    tables, quarantine, result = _read([_write(tmp_path / "b.json", bundle)], tmp_path / "out")
    row = quarantine.row(0, named=True)
    assert (quarantine.height, row["source_line"], row["reason"]) == (
        1,
        index,
        "missing_resource_type",
    )
    assert detail in row["detail"]
    assert not any(k.startswith("not_mapped:None") for k in result.ledger)
    assert result.input_units == len(bundle["entry"]) and result.reconciles()


@pytest.mark.integration
def test_ndjson_line_that_is_an_array_or_a_scalar_is_a_quarantine_row(
    tmp_path: Path, shared_data: Path
) -> None:
    """Each NDJSON line is a unit; an array or a number is quarantined, the rest are read."""
    _, bundle = _real_bundle(shared_data)
    lines = [json.dumps(e["resource"]) for e in bundle["entry"][:40]]
    lines[5] = json.dumps([bundle["entry"][5]["resource"]])
    lines[9] = "42"
    path = tmp_path / "export.ndjson"
    path.write_text("\n".join(lines) + "\n\n")
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [
        (6, "unreadable_record"),
        (10, "unreadable_record"),
    ]
    assert "an array" in quarantine["detail"][0]
    assert result.input_units == 41 and result.ledger["blank_line"] == 1 and result.reconciles()


@pytest.mark.integration
def test_truncated_bundle_keeps_every_complete_entry(tmp_path: Path, shared_data: Path) -> None:
    """A bundle cut at 60% of its bytes releases the entries before the cut, not nothing."""
    path, bundle = _real_bundle(shared_data)
    data = path.read_bytes()
    cut = tmp_path / path.name
    cut.write_bytes(data[: len(data) * 6 // 10])
    tables, quarantine, result = _read([cut], tmp_path / "out")
    assert quarantine["reason"].to_list() == ["truncated_json"]
    complete = int(quarantine["source_line"][0])
    assert 100 < complete < len(bundle["entry"])
    assert result.input_units == complete + 1 and result.reconciles()
    first = [e["resource"] for e in bundle["entry"][:complete]]
    assert tables["patients"]["patient_id"].to_list() == [
        r["id"] for r in first if r["resourceType"] == "Patient"
    ]
    encounters = sum(r["resourceType"] == "Encounter" for r in first)
    assert tables["encounters"].height == encounters > 0


@pytest.mark.integration
def test_gzip_named_json_is_read(tmp_path: Path, shared_data: Path) -> None:
    """A gzip under the bundle's own .json name gives the same tables as the plain file."""
    path, _ = _real_bundle(shared_data)
    packed = tmp_path / path.name
    packed.write_bytes(gzip.compress(path.read_bytes()))
    plain_tables, _, plain = _read([path], tmp_path / "plain")
    tables, quarantine, result = _read([packed], tmp_path / "gz")
    assert quarantine.height == 0 and result.ledger == plain.ledger
    assert _heights(tables) == _heights(plain_tables) and tables["observations"].height > 0


@pytest.mark.integration
def test_exact_duplicate_resource_is_quarantined_once(tmp_path: Path, shared_data: Path) -> None:
    """A repeated entry is duplicate_record, so `unique` holds on what is released."""
    _, bundle = _real_bundle(shared_data)
    plain_tables, _, _ = _read([_write(tmp_path / "a.json", bundle)], tmp_path / "plain")
    index = _index(bundle, "Encounter", 2)
    bundle["entry"].append(bundle["entry"][index])
    tables, quarantine, result = _read([_write(tmp_path / "b.json", bundle)], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [
        (len(bundle["entry"]) - 1, "duplicate_record")
    ]
    assert f"entry {index}" in quarantine["detail"][0] or f"line {index}" in quarantine["detail"][0]
    assert _heights(tables) == _heights(plain_tables) and result.reconciles()


@pytest.mark.integration
@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("Encounter", "period", {"start": "0001-01-01T00:00:00+08:00"}),
        ("Patient", "birthDate", "0001-01-01"),
        ("Immunization", "occurrenceDateTime", "9999-12-31T23:00:00-08:00"),
    ],
)
def test_absurd_dates_are_implausible_date(
    kind: str, field: str, value: Any, tmp_path: Path, shared_data: Path
) -> None:
    """Year 0001 in Asia/Shanghai is a quarantine row, not an OverflowError or a released row."""
    _, bundle = _real_bundle(shared_data)
    index = _index(bundle, kind)
    bundle["entry"][index]["resource"][field] = value
    tables, quarantine, result = _read([_write(tmp_path / "b.json", bundle)], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [(index, "implausible_date")]
    for frame in tables.values():
        for column, dtype in frame.schema.items():
            if dtype in (pl.Date, pl.Datetime) or isinstance(dtype, pl.Datetime):
                years = frame[column].dt.year().drop_nulls()
                assert years.is_empty() or years.min() >= 1800, column
    assert result.reconciles()


@pytest.mark.integration
def test_latin1_bytes_quarantine_one_resource_or_decode_when_declared(
    tmp_path: Path, shared_data: Path
) -> None:
    """Undecodable bytes cost only the resource holding them; never U+FFFD; encoding honoured."""
    _, bundle = _real_bundle(shared_data)
    index = _index(bundle, "Patient")
    bundle["entry"][index]["resource"]["name"][0]["family"] = "Nienów"
    path = tmp_path / "b.json"
    path.write_bytes(json.dumps(bundle, ensure_ascii=False).encode("latin-1"))
    tables, quarantine, result = _read([path], tmp_path / "utf8")
    assert quarantine.select("source_line", "reason").rows() == [(index, "bad_encoding")]
    assert "Nien\\xf3w" in quarantine["raw"][0]
    for frame in tables.values():
        for column in frame.select(pl.col(pl.String)).columns:
            assert not frame[column].str.contains("\ufffd").any(), column
    assert tables["patients"].height == 0 and tables["encounters"].height > 0
    connector = FhirBundleConnector()
    connector.encoding = "latin-1"
    declared = connector.read([path], tmp_path / "latin1")
    patients = pl.read_parquet(declared.tables["patients"])
    assert declared.rows_quarantined == 0 and patients["last_name"].to_list() == ["Nienów"]


@pytest.mark.integration
def test_cut_gzip_download_keeps_the_entries_before_the_cut(
    tmp_path: Path, shared_data: Path
) -> None:
    """A gzip bundle cut at half its compressed bytes: no EOFError, the early entries are read."""
    path, bundle = _real_bundle(shared_data)
    packed = gzip.compress(path.read_bytes(), mtime=0)
    cut = tmp_path / path.name
    cut.write_bytes(packed[: len(packed) // 2])
    tables, quarantine, result = _read([cut], tmp_path / "out")
    assert quarantine["reason"].to_list() == ["truncated_json"]
    assert "compressed stream damaged" in quarantine["detail"][0]
    complete = int(quarantine["source_line"][0])
    assert 0 < complete < len(bundle["entry"]) and result.input_units == complete + 1
    assert tables["patients"].height == 1 and result.reconciles()


@pytest.mark.parametrize("data", [b"\x00" * 10, b"hello\n", b"<Bundle/>"])
def test_a_file_that_is_no_json_is_malformed_not_truncated(tmp_path: Path, data: bytes) -> None:
    """NUL padding or text was one truncated_json unit 'no entry list' (fuzz edge probe)."""
    path = tmp_path / "bundle.json"
    path.write_bytes(data)
    _, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine["reason"].to_list() == ["malformed_json"]
    assert quarantine["detail"][0].startswith("entry[0]: not JSON: Expecting value at line 1")
    assert result.input_units == 1 and result.reconciles()
