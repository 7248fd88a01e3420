"""Medical datasets end to end through Dagster: samples and the real shared files, released
de-identified: every check passes, every patient appears once, no identifier survives."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
import pytest
import yaml

from pipelines.factory import build_definitions
from pipelines.fused import validated_rows
from privacy.deid.operators.date_shift import shift_days
from privacy.deid.pseudonym import pseudonym
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from samples.medical import DEMO_NOTES, SEED, note_lines

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared" / "data" / "medical").resolve()
KEY = "e2e-medical-key-0123456789abcdef"
SAMPLES = ("synthea_ehr", "fhir_ehr", "clinical_notes")
# Real-data variants of the sample specs: (spec file, new id, source glob under SHARED).
REAL = {
    "synthea_real": ("synthea_ehr", SHARED / "synthea" / "*.csv"),
    "fhir_real": ("fhir_ehr", SHARED / "fhir" / "*.json"),
}
DIRECT = ("SSN", "DRIVERS", "PASSPORT", "FIRST", "LAST", "MAIDEN", "ADDRESS", "Id")

pytestmark = pytest.mark.e2e


def _specs(folder: Path) -> list[str]:
    """Copy the medical specs (plus real-data variants when the shared files exist)."""
    folder.mkdir(parents=True)
    names = []
    for name in SAMPLES:
        (folder / f"{name}.yaml").write_text((REPO / f"datasets/medical/{name}.yaml").read_text())
        names.append(name)
    for name, (base, uri) in REAL.items():
        if not any(uri.parent.glob(uri.name)):
            continue
        spec = yaml.safe_load((REPO / f"datasets/medical/{base}.yaml").read_text())
        spec["id"], spec["source"]["uri"] = f"medical/{name}", str(uri)
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
        names.append(name)
    return names


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Materialize every medical dataset, release included, in one Dagster run."""
    root = tmp_path_factory.mktemp("medical")
    mp = pytest.MonkeyPatch()
    env = {
        "BOHAI_HOME": root, "BOHAI_WORK_DIR": root / "work", "BOHAI_RELEASE_STORE": root / "rel",
        "BOHAI_SAMPLES_DIR": root / "samples", "BOHAI_PSEUDONYM_KEY": KEY,
        "DAGSTER_HOME": root,
    }  # fmt: skip
    for k, v in env.items():
        mp.setenv(k, str(v))
    names = _specs(root / "specs" / "medical")
    defs = build_definitions(root / "specs")
    # Every stage asset; the Label Studio assets have their own real-server tests.
    stages = [
        key
        for key in defs.resolve_asset_graph().get_all_asset_keys()
        if not key.path[-1].startswith("annotation_")
    ]
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False, asset_selection=stages
    )
    yield {"root": root, "names": names, "result": result}
    mp.undo()


def _release(run: dict[str, Any], name: str) -> tuple[dict[str, Any], Path]:
    store = ReleaseStore(run["root"] / "rel")
    path = store.resolve(DatasetRef.parse(f"medical/{name}@latest"))
    return json.loads((path / "manifest.json").read_text()), path


def _table(folder: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(folder / "data" / table / "*.parquet")


def _stage(run: dict[str, Any], name: str, stage: str, table: str) -> pl.DataFrame:
    pdir = run["root"] / "work/medical" / name / "all"
    if stage == "validated":  # the fused path keeps the rules' decision, not a copy
        parsed = json.loads((pdir / "parsed" / "report.json").read_text())
        validated = json.loads((pdir / "validated" / "report.json").read_text())
        rows_in = validated["tables"][table]["rows_in"]
        path = pdir / parsed["tables"][table]["path"]
        return validated_rows(pdir, path, table, rows_in).collect()
    return pl.read_parquet(pdir / stage / f"{table}.parquet")


def _text_of(folder: Path, manifest: dict[str, Any]) -> str:
    """Every string value of every released table, one per line."""
    values: set[str] = set()
    for table in manifest["privacy"]["tables"]:
        frame = _table(folder, table)
        for column in frame.select(pl.col(pl.String)).columns:
            values.update(frame[column].drop_nulls().to_list())
    return "\n".join(sorted(values))


def test_every_check_passes(run: dict[str, Any]) -> None:
    result = run["result"]
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert len({e.asset_key for e in evaluations}) == 4 * len(run["names"])
    assert [(e.asset_key.path, e.check_name) for e in evaluations if not e.passed] == []


def test_planted_errors_are_quarantined_and_counted(run: dict[str, Any]) -> None:
    by_reason = _release(run, "synthea_ehr")[0]["quarantine"]["by_reason"]
    planted = ("ingest/wrong_field_count", "ingest/unparsable_field", "quality/vital_sign_range",
               "quality/loinc_check_digit", "quality/snomed_ct_id", "quality/within_lifetime",
               "quality/references")  # fmt: skip
    assert [p for p in planted if not by_reason.get(p)] == []
    fhir = _release(run, "fhir_ehr")[0]["quarantine"]["by_reason"]
    assert fhir["ingest/invalid_resource"] == 2 and fhir["ingest/missing_required_field"] == 1
    notes = _release(run, "clinical_notes")[0]["quarantine"]["by_reason"]
    assert notes == {"ingest/malformed_json": 1, "ingest/missing_required_field": 1}


def _check_ehr(run: dict[str, Any], name: str) -> tuple[pl.DataFrame, Path]:
    """Checks every EHR release must pass; returns the raw parsed patients and the release."""
    manifest, folder = _release(run, name)
    raw = _stage(run, name, "parsed", "patients")
    released = _table(folder, "patients")
    assert released.height == raw.height
    key = KEY.encode()
    assert sorted(released["patient_id"]) == sorted(
        pseudonym(key, "patient", p) for p in raw["patient_id"]
    )
    for gone in ("ssn", "drivers_license", "passport", "first_name", "last_name", "address",
                 "phone", "lat", "lon", "city"):  # fmt: skip
        assert gone not in released.columns, gone
    assert released["birth_date"].dtype == pl.Int32
    assert released["zip"].drop_nulls().str.len_chars().max() in (None, 3)
    classes = released.group_by("birth_date", "gender", "race", "county").len()
    quasi = classes.filter(
        pl.any_horizontal(
            pl.col(c).is_not_null() for c in ("birth_date", "gender", "race", "county")
        )
    )
    assert quasi.height == 0 or quasi["len"].min() >= 5  # small data: every class suppressed
    patients = set(released["patient_id"])
    for table in manifest["privacy"]["tables"]:
        frame = _table(folder, table)
        if "patient_id" in frame.columns:
            assert set(frame["patient_id"]) <= patients, table
    text = _text_of(folder, manifest)
    for column in ("ssn", "passport", "drivers_license", "last_name", "address", "patient_id"):
        leaked = [v for v in raw[column].drop_nulls() if len(v) >= 4 and v in text]
        assert leaked == [], column
    return raw, folder


def test_synthea_sample_release_is_de_identified(run: dict[str, Any]) -> None:
    raw, folder = _check_ehr(run, "synthea_ehr")
    validated = _stage(run, "synthea_ehr", "validated", "encounters")
    released = _table(folder, "encounters")
    assert released.height == validated.height
    key = KEY.encode()
    joined = released.join(validated, on="source_line", suffix="_raw")
    expected = joined["patient_id_raw"].map_elements(
        lambda p: shift_days(key, p, 365), return_dtype=pl.Int64
    )
    shifted = (joined["start"] - joined["start_raw"]).dt.total_days()
    assert (shifted == expected).all() and (expected != 0).all()
    observations = _table(folder, "observations")
    assert observations.filter(pl.col("code") == "56799-0")["value"].null_count() > 0
    assert observations.filter(pl.col("code") == "56799-0")["value"].drop_nulls().len() == 0


def test_every_real_synthea_patient_appears_once_without_identifiers(run: dict[str, Any]) -> None:
    if "synthea_real" not in run["names"]:
        pytest.skip(f"shared Synthea export not found under {SHARED}")
    raw, folder = _check_ehr(run, "synthea_real")
    with (SHARED / "synthea" / "patients.csv").open(encoding="utf-8", newline="") as fh:
        source = list(csv.DictReader(fh))
    released = _table(folder, "patients")
    assert released.height == len(source) == released["patient_id"].n_unique()
    text = _text_of(folder, _release(run, "synthea_real")[0])
    for column in DIRECT:
        leaked = [r[column] for r in source if len(r[column]) >= 4 and r[column] in text]
        assert leaked == [], column
    validated = _stage(run, "synthea_real", "validated", "encounters")
    assert _table(folder, "encounters").height == validated.height


def test_real_fhir_bundle_release(run: dict[str, Any]) -> None:
    if "fhir_real" not in run["names"]:
        pytest.skip(f"shared FHIR bundle not found under {SHARED}")
    raw, folder = _check_ehr(run, "fhir_real")
    bundle = next((SHARED / "fhir").glob("*.json"))
    entries = json.loads(bundle.read_text(encoding="utf-8"))["entry"]
    encounters = sum(e["resource"]["resourceType"] == "Encounter" for e in entries)
    assert _table(folder, "encounters").height == encounters
    text = _text_of(folder, _release(run, "fhir_real")[0])
    name = raw.row(0, named=True)
    for value in (name["first_name"], name["last_name"], bundle.stem, name["ssn"]):
        assert value not in text
    assert "source_file" not in _table(folder, "observations").columns


def _notes(run: dict[str, Any]) -> tuple[pl.DataFrame, list[Any], str]:
    notes = _table(_release(run, "clinical_notes")[1], "clinical_notes")
    _, planted = note_lines(DEMO_NOTES, SEED)
    return notes, planted, "\n".join(notes["text"])


def test_clinical_notes_keep_medicine_and_lose_identifiers(run: dict[str, Any]) -> None:
    notes, planted, text = _notes(run)
    assert notes.height == len(planted)
    # Every planted value except person names: resident IDs, MRNs, phones, addresses, DOBs.
    structured = [v for n in planted for v in n.planted if v not in _names(n)]
    assert len(structured) > 4 * len(planted)
    assert [v for v in structured if v in text] == []
    assert "<PERSON:" in text and "<CN_RESIDENT_ID>" in text and "<CN_MOBILE>" in text
    assert "诊断：" in text and "Assessment:" in text and "mmHg" in text
    assert not {n.record["patient_id"] for n in planted} & set(notes["patient_id"])
    raw = _stage(run, "clinical_notes", "validated", "clinical_notes")
    shifted = notes.join(raw, on="note_id", suffix="_raw")
    delta = (shifted["note_date"] - shifted["note_date_raw"]).dt.total_days()
    assert shifted.height == notes.height and (delta.abs() <= 365).all() and (delta != 0).all()


def _names(note: Any) -> set[str]:
    """The planted person names of a note (Chinese: 2-4 Han characters; English: letters)."""
    return {v for v in note.planted if v.replace(" ", "").isalpha()}


def test_no_planted_name_survives(run: dict[str, Any]) -> None:
    _, planted, text = _notes(run)
    assert [v for n in planted for v in _names(n) if v in text] == []
