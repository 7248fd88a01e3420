"""`bohai init` on real files of four formats: the draft loads, runs, and protects people."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from pipelines.cli import app
from schemas.spec import SpecError, load_spec

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e, pytest.mark.integration]
# (shared file, copied as, dataset id, expected format, {column: (category, policy)}, run args)
CASES = [
    (
        "marine/ais_nmea_pyais_sample.txt",
        "ais.nmea",
        "marine/ais_log",
        "ais_nmea",
        {"mmsi": ("identifier", "pseudonym"), "vessel_name": ("personal", "drop_when")},
        [],
    ),
    (
        "marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv",
        "AIS_2023_01_11.csv",
        "marine/mc_export",
        "marinecadastre_csv",
        {"mmsi": ("identifier", "pseudonym"), "call_sign": ("identifier", "pseudonym")},
        ["--all"],
    ),
    (
        "medical/synthea/patients.csv",
        "patients.csv",
        "medical/clinic_patients",
        "synthea_csv",
        {
            "ssn": ("identifier", "drop"),
            "first_name": ("identifier", "drop"),
            "last_name": ("identifier", "drop"),
            "address": ("identifier", "drop"),
            "patient_id": ("identifier", "pseudonym"),
        },
        [],
    ),
    (
        "petrochemical/epa_rmp_accident_detailed.csv",
        "rmp_accidents.csv",
        "petrochemical/rmp_accidents",
        "epa_rmp_csv",
        {},
        [],
    ),
]


@pytest.fixture
def home(bohai_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project home with an empty datasets folder for the drafts."""
    shutil.copy(REPO / "dagster.yaml", bohai_env / "home" / "dagster.yaml")
    (bohai_env / "datasets").mkdir()
    monkeypatch.setenv("BOHAI_DATASETS", str(bohai_env / "datasets"))
    return bohai_env


def _columns(spec_text: str) -> dict[str, dict[str, object]]:
    raw = yaml.safe_load(spec_text)
    tables = raw.get("tables") or {raw["id"].split("/")[1]: raw}
    privacy = [t.get("privacy", {}).get("columns", {}) for t in tables.values()]
    return {c: p for cols in privacy for c, p in cols.items()}


@pytest.mark.parametrize(("shared", "name", "dataset", "fmt", "expected", "args"), CASES)
def test_drafted_spec_validates_runs_and_proposes_policies(
    home: Path,
    shared_file: Callable[[str], Path],
    shared: str,
    name: str,
    dataset: str,
    fmt: str,
    expected: dict[str, tuple[str, str]],
    args: list[str],
) -> None:
    source = home / "incoming" / name
    source.parent.mkdir()
    shutil.copy(shared_file(shared), source)
    runner = CliRunner()
    drafted = runner.invoke(
        app,
        [
            "init",
            "--from",
            str(source),
            "--id",
            dataset,
            "--license",
            "CC0-1.0",
            "--owner",
            "data team",
        ],  # fmt: skip
    )
    assert drafted.exit_code == 0, drafted.output
    path = home / "datasets" / f"{dataset}.yaml"
    text = path.read_text(encoding="utf-8")
    spec = load_spec(path)  # what `bohai specs` does
    assert spec.source.format == fmt and ": TODO" not in text and "'TODO" not in text
    assert f"# {fmt} decoded" in text, "the format carries its evidence"
    columns = _columns(text)
    for column, (category, policy) in expected.items():
        assert columns[column]["category"] == category, (column, columns.get(column))
        assert columns[column]["policy"] == policy, (column, columns.get(column))
    # every proposal line is preceded by its evidence comment
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if "{category:" in line or line.lstrip().startswith("- {"):
            assert lines[i - 1].lstrip().startswith("#"), line
    listed = runner.invoke(app, ["specs"])
    assert listed.exit_code == 0 and dataset in listed.output
    ran = runner.invoke(app, ["run", dataset, *args])
    assert ran.exit_code == 0, ran.output
    manifest = home / "releases" / dataset / "1.0.0" / "manifest.json"
    assert manifest.is_file(), ran.output
    released = " ".join(ran.output.split())
    assert "1.0.0" in released


def test_undecided_keys_are_todos_the_loader_refuses(
    home: Path, shared_file: Callable[[str], Path]
) -> None:
    source = home / "patients.csv"
    shutil.copy(shared_file("medical/synthea/patients.csv"), source)
    result = CliRunner().invoke(app, ["init", "--from", str(source), "--id", "medical/draft"])
    assert result.exit_code == 0, result.output
    assert "TODO(s) to fill in" in result.output
    path = home / "datasets" / "medical" / "draft.yaml"
    with pytest.raises(SpecError) as err:
        load_spec(path)
    message = str(err.value)
    assert str(path) in message
    assert "source.license: TODO" in message and "release.owner: TODO" in message
    listed = CliRunner().invoke(app, ["specs"])
    assert listed.exit_code == 1 and "release.owner" in listed.output
    again = CliRunner().invoke(app, ["init", "--from", str(source), "--id", "medical/draft"])
    assert again.exit_code == 2 and "exists" in again.output


def test_unreadable_file_is_refused_with_what_each_connector_said(home: Path) -> None:
    source = home / "noise.bin"
    source.write_bytes(bytes(range(256)) * 8)
    result = CliRunner().invoke(app, ["init", "--from", str(source), "--id", "marine/noise"])
    assert result.exit_code == 2
    assert "no registered connector reads noise.bin" in " ".join(result.output.split())


FHIR = "medical/fhir/Porsha375_Nienow652_87971181-9885-c79c-b296-5ca2fee37363.json"


def test_a_file_named_after_the_patient_leaves_no_trace_in_the_release(
    home: Path, shared_file: Callable[[str], Path]
) -> None:
    """Synthea/FHIR exports are named Given_Family_uuid.json: the draft drops `source_file`, and
    no released file (data, manifest, data card, lineage, croissant) names the input file."""
    source = home / "incoming" / Path(FHIR).name
    source.parent.mkdir()
    shutil.copy(shared_file(FHIR), source)
    runner = CliRunner()
    args = ["--id", "medical/one_bundle", "--license", "CC0-1.0", "--owner", "data team"]
    drafted = runner.invoke(app, ["init", "--from", str(source), *args])
    assert drafted.exit_code == 0, drafted.output
    text = (home / "datasets" / "medical/one_bundle.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    for table, body in raw["tables"].items():
        policy = body["privacy"]["columns"]["source_file"]
        assert (policy["category"], policy["policy"]) == ("personal", "drop"), table
    tables = raw["tables"]  # the shipped FHIR spec's protections, which one sample cannot show
    assert tables["encounters"]["privacy"]["columns"]["start"]["policy"] == "date_shift"
    assert tables["patients"]["privacy"]["risk"]["k"] == 5
    assert {"rule": "references", "action": "quarantine",
            "params": {"column": "patient_id", "table": "patients", "key": "patient_id"}} in (
        tables["encounters"]["quality"]["rules"])  # fmt: skip
    assert (
        "# k-anonymity as the shipped spec medical/fhir_ehr (same connector and contract)" in text
    )
    assert "the file name Porsha375_" in text and "holds personal data" in text
    assert "Porsha375" not in text.splitlines()[0], "the header comment does not name it"
    published = [raw["title"], raw["description"], raw["source"]["provenance"]]
    assert "Porsha375" not in str(published), "title, description, provenance do not name it"
    ran = runner.invoke(app, ["run", "medical/one_bundle"])
    assert ran.exit_code == 0, ran.output
    release = home / "releases" / "medical" / "one_bundle" / "1.0.0"
    named = [
        p.relative_to(release)
        for p in release.rglob("*")
        if p.is_file() and (b"Porsha375" in p.read_bytes() or b"Nienow652" in p.read_bytes())
    ]
    assert named == [], f"released files naming the patient's file: {named}"
    manifest = (release / "manifest.json").read_text(encoding="utf-8")
    assert "withheld: the spec treats source file names as personal" in manifest
