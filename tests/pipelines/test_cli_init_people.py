"""`bohai init` on a CSV of people no built-in connector knows: draft, run, scrubbed release."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from pipelines.cli import app
from samples.people_table import HEADER, HEADER_ZH, write_people_table
from schemas.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.e2e]


@pytest.fixture
def home(bohai_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project home with an empty datasets folder for the draft."""
    shutil.copy(REPO / "dagster.yaml", bohai_env / "home" / "dagster.yaml")
    (bohai_env / "datasets").mkdir()
    monkeypatch.setenv("BOHAI_DATASETS", str(bohai_env / "datasets"))
    return bohai_env


# (header, column names: name, id number, phone, birth date, address, visits)
NAMES = {
    "en": (HEADER, ("name", "id_number", "phone", "birth_date", "address", "visits")),
    "zh": (HEADER_ZH, ("姓名", "身份证号", "联系电话", "出生日期", "家庭住址", "就诊次数")),
}


@pytest.mark.parametrize("language", sorted(NAMES))
def test_people_csv_is_drafted_run_and_released_without_identifiers(
    home: Path, language: str
) -> None:
    header, (name, id_number, phone, birth_date, address, visits) = NAMES[language]
    source = home / "incoming" / "clinic_patients.csv"
    source.parent.mkdir()
    table = write_people_table(source, rows=120, header=header)
    runner = CliRunner()
    args = ["init", "--from", str(source), "--id", "medical/clinic_patients"]
    drafted = runner.invoke(app, [*args, "--license", "CC0-1.0", "--owner", "clinic data team"])
    assert drafted.exit_code == 0, drafted.output
    path = home / "datasets" / "medical" / "clinic_patients.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    drafted_text = path.read_text(encoding="utf-8")
    in_spec = [v for v in table.identifiers if v in drafted_text]
    assert not in_spec, f"a spec goes into version control: {in_spec[:5]}"
    assert raw["source"]["format"] == "delimited_table"
    columns = raw["source"]["options"]["columns"]
    assert columns[birth_date]["dtype"] == "date" and columns[visits] == "int64"
    assert columns[id_number] == "str" and columns[phone] == "str"  # never ints
    policies = raw["privacy"]["columns"]
    for column in (name, id_number, phone, address):
        assert policies[column]["policy"] == "drop", (column, policies[column])
    assert policies[birth_date]["policy"] == "generalize"
    spec = load_spec(path)
    assert spec.table_schema == raw["source"]["options"]["contract"]

    ran = runner.invoke(app, ["run", "medical/clinic_patients"])
    assert ran.exit_code == 0, ran.output
    release = home / "releases" / "medical" / "clinic_patients" / "1.0.0"
    assert (release / "manifest.json").is_file(), ran.output
    files = [p for p in release.rglob("*.parquet") if "quarantine" not in p.name]
    assert files, sorted(p.name for p in release.rglob("*"))
    released = pl.concat([pl.read_parquet(p) for p in files], how="diagonal_relaxed")
    assert released.height == table.good_rows
    assert {name, id_number, phone, address}.isdisjoint(released.columns)
    assert raw["privacy"]["risk"]["quasi_identifiers"] == [birth_date], "k drafted for people"
    # cut to the year by its policy, then to the decade by k=5 (120 people: a year holds ~2)
    decades = released.get_column(birth_date).drop_nulls()
    assert decades.len() >= 0.9 * released.height, "at most 10% blanked"
    assert decades.str.contains(r"^(19[4-9]|200)0s$").all(), decades.unique().to_list()
    assert decades.value_counts().get_column("count").min() >= 5, "every decade holds 5+ people"
    text = " ".join(str(v) for row in released.iter_rows() for v in row)
    leaked = [v for v in table.identifiers if v in text]
    assert not leaked, leaked[:5]


def _repeat_visits(path: Path, patients: int = 300, visits: int = 2000) -> None:
    """The trial's clinic table: 2,000 visits of 300 patients who recur with the same birth date."""
    rng = random.Random(5)
    people = [
        (
            f"P{i:04d}",
            rng.choice("MF"),
            dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(60 * 365)),
            f"District {rng.randrange(3)}",
        )
        for i in range(patients)
    ]
    lines = ["patient_id,sex,birth_date,district,visit_date,diagnosis"]
    for i in range(visits):
        pid, sex, born, district = people[i] if i < patients else rng.choice(people)
        seen = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
        lines.append(f"{pid},{sex},{born},{district},{seen},pneumonia")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_repeat_visits_release_classes_of_k_distinct_patients(home: Path) -> None:
    source = home / "incoming" / "clinic_visits.csv"
    source.parent.mkdir()
    _repeat_visits(source)
    runner = CliRunner()
    args = ["init", "--from", str(source), "--id", "medical/clinic_visits", "--license", "CC0-1.0"]
    drafted = runner.invoke(app, [*args, "--owner", "clinic data team"])
    assert drafted.exit_code == 0, drafted.output
    raw = yaml.safe_load(
        (home / "datasets" / "medical" / "clinic_visits.yaml").read_text(encoding="utf-8")
    )
    risk = raw["privacy"]["risk"]
    assert risk["subject"] == "patient_id" and risk["k"] == 5
    ran = runner.invoke(app, ["run", "medical/clinic_visits"])
    assert ran.exit_code == 0, ran.output
    release = home / "releases" / "medical" / "clinic_visits" / "1.0.0"
    files = [p for p in release.rglob("*.parquet") if "quarantine" not in p.name]
    released = pl.concat([pl.read_parquet(p) for p in files], how="diagonal_relaxed")
    assert released.height > 1900, "a few rows may be quarantined by drafted quality rules"
    assert not set(released.get_column("patient_id")) & {f"P{i:04d}" for i in range(300)}
    quasi = risk["quasi_identifiers"]
    kept = released.filter(~pl.all_horizontal(pl.col(c).is_null() for c in quasi))
    assert kept.height >= 0.9 * released.height, "at most 10% of rows blanked"
    people = kept.group_by(quasi).agg(pl.col("patient_id").n_unique().alias("people"))
    assert people.get_column("people").min() >= 5, people.sort("people").head(5)
