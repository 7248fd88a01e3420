"""The petrochemical samples are in the real layouts and plant exactly what they say they do."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import yaml

from connectors.epa_rmp import EpaRmpConnector
from connectors.historian import HistorianConnector
from connectors.incident_reports import IncidentReportsConnector
from connectors.tennessee_eastman import TennesseeEastmanConnector
from privacy.detect.checksums import resident_id_check_char
from privacy.detect.entities import CN_MOBILE, CN_RESIDENT_ID, CN_VEHICLE_PLATE, PERSON
from quality.rules.base import get_rule
from samples import petrochemical as generators
from samples.petrochemical_historian import generate_day, tag_dictionary
from samples.petrochemical_reports import BROKEN, generate_reports
from samples.petrochemical_rmp import PLANTED, accident_rows
from samples.petrochemical_te import DEMO_RUNS, demo_runs
from schemas.petrochemical import RMP_ACCIDENT_FIELDS

REPO = Path(__file__).resolve().parents[2]
DAY = date(2026, 11, 1)
INGEST_KINDS = {
    "wrong_field_count", "unparsable_value", "unparsable_timestamp", "unknown_tag",
    "unknown_quality",
}  # fmt: skip
SENSOR_RULES = {
    "gap": ("sensor_timestamp_gap", {"max_gap_seconds": 120}),
    "duplicate": ("sensor_duplicate_timestamp", {}),
    "missing": ("sensor_missing", {}),
    "out_of_range": ("sensor_range", {"tags": tag_dictionary()}),
    "stuck": ("sensor_stuck", {"min_samples": 15}),
    "spike": ("sensor_spike", {"tags": tag_dictionary()}),
}


def generate(generator: str, target: Path, day: date | None) -> Path:
    """Run a registered generator the way `sample://` URIs do (write, then rename into place).

    Called directly: under pytest, tests/samples shadows the `samples` package for the
    registry's module discovery, so `generate_sample` is exercised by the pipeline tests.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    getattr(generators, generator)(partial, day)
    return partial.rename(target)


def spec(name: str) -> dict:
    return yaml.safe_load((REPO / "datasets" / "petrochemical" / f"{name}.yaml").read_text())


def test_te_archive_holds_braatz_layout_files(tmp_path: Path) -> None:
    archive = generate("tennessee_eastman", tmp_path / "te_runs.zip", None)
    with zipfile.ZipFile(archive) as zf:
        names = sorted(zf.namelist())
        texts = {n: zf.read(n).decode("ascii") for n in names if n.endswith(".dat")}
    assert names == sorted(["README.txt", *(f"{run}.dat" for run, _, _ in DEMO_RUNS)])
    for run, samples, transposed in DEMO_RUNS:
        widths = [len(line.split()) for line in texts[f"{run}.dat"].splitlines()]
        if transposed:  # 52 variable lines of `samples` values (one planted short)
            assert len(widths) == 52 and sorted(set(widths)) == [samples - 1, samples]
        else:
            assert len(widths) == samples and widths.count(52) >= samples - 1
    first = texts["d00_te.dat"].splitlines()[0]
    assert re.fullmatch(r"( +-?\d\.\d{7}e[+-]\d\d){52}", first)


def test_te_archive_is_reproducible_and_quarantines_what_it_plants(tmp_path: Path) -> None:
    first = generate("tennessee_eastman", tmp_path / "a.zip", None)
    second = generate("tennessee_eastman", tmp_path / "b.zip", None)
    assert (
        hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    )
    result = TennesseeEastmanConnector().read([first], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    got = {(f.rsplit("!", 1)[1], line, r) for f, line, r in quarantine.select(
        "source_file", "source_line", "reason").rows()}  # fmt: skip
    planted = {(run.name, line, r) for run in demo_runs() for line, r in run.planted.items()}
    assert got == planted and len(planted) == 3
    wide = pl.read_parquet(result.tables["wide"])
    assert wide.height == sum(n for _, n, _ in DEMO_RUNS) - len(planted)
    assert result.reconciles()


def test_historian_tag_dictionary_is_the_specs() -> None:
    declared = spec("historian")
    assert declared["source"]["options"]["tags"] == tag_dictionary()
    rules = {r["rule"]: r.get("params", {}) for r in declared["quality"]["rules"]}
    assert rules["sensor_range"]["tags"] == tag_dictionary()
    assert rules["sensor_timestamp_gap"] == SENSOR_RULES["gap"][1]


def test_historian_day_plants_ingest_and_sensor_problems(tmp_path: Path) -> None:
    path = generate("historian", tmp_path / f"cdu1_{DAY}.csv", DAY)
    export = generate_day(DAY)
    assert path.read_text().splitlines() == export.lines
    connector = HistorianConnector(tags=tag_dictionary(), timezone="Asia/Shanghai")
    result = connector.read([path], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    expected = {
        (line, k) for k, lines in export.planted.items() if k in INGEST_KINDS for line in lines
    }
    # A minute exported twice with the same value is an exact copy: ingest's duplicate_record.
    exact = {n for n in export.planted["duplicate"] if export.lines[n - 1] in export.lines[: n - 1]}
    expected |= {(line, "duplicate_record") for line in exact}
    assert set(quarantine.select("source_line", "reason").rows()) == expected
    assert result.reconciles() and result.input_units == len(export.lines)  # header included
    readings = pl.read_parquet(result.table_path).with_row_index("_row")
    for kind in ("duplicate", "out_of_range"):  # the spec quarantines these first
        rule, params = SENSOR_RULES[kind]
        found = get_rule(rule, params).violations(readings)
        assert (
            set(readings.join(found, on="_row", how="semi")["source_line"])
            == set(export.planted[kind]) - exact
        ), kind
        readings = readings.join(found, on="_row", how="anti")
    for kind in ("gap", "missing", "stuck", "spike"):  # then flags these
        rule, params = SENSOR_RULES[kind]
        found = get_rule(rule, params).violations(readings)
        lines = set(readings.join(found, on="_row", how="semi")["source_line"])
        assert lines == set(export.planted[kind]), kind


def test_rmp_sample_has_the_76_columns_and_its_planted_errors(tmp_path: Path) -> None:
    path = generate("epa_rmp", tmp_path / "rmp_accident_detailed.csv", None)
    rows = accident_rows()
    assert rows[0] == [f.header for f in RMP_ACCIDENT_FIELDS] and len(rows[0]) == 76
    result = EpaRmpConnector().read([path], tmp_path / "out")
    quarantine = pl.read_parquet(result.quarantine_path)
    expected = {(i + 2, reason) for i, (reason, _) in PLANTED.items()}
    assert set(quarantine.select("source_line", "reason").rows()) == expected
    details = dict(quarantine.select("source_line", "detail").rows())
    for i, (reason, header) in PLANTED.items():
        if reason == "unparsable_field":
            assert header in details[i + 2]
    accidents = pl.read_parquet(result.tables["accidents"])
    assert accidents.height == len(rows) - 1 - len(PLANTED)
    assert accidents["facility_accident_id"].is_unique().all()


def test_reports_plant_valid_identifiers_and_broken_lines(tmp_path: Path) -> None:
    path = generate("incident_reports", tmp_path / f"reports_{DAY}.jsonl", DAY)
    reports = generate_reports(DAY)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(reports)
    for i, (line, report) in enumerate(zip(lines, reports, strict=True)):
        if BROKEN.get(i) != "invalid_json":
            assert json.loads(line) == report.record
    kinds = {e for r in reports for e, _ in r.planted}
    assert kinds == {PERSON, CN_MOBILE, CN_VEHICLE_PLATE, CN_RESIDENT_ID}
    for report in reports:
        assert report.record["reported_by"] in {v for e, v in report.planted if e == PERSON}
        for entity, value in report.planted:
            if entity != PERSON or value != report.record["reported_by"]:
                assert value in report.record["text"] or report.record["text"] == ""
            if entity == CN_RESIDENT_ID:
                assert value[-1] == resident_id_check_char(value[:17])
            elif entity == CN_MOBILE:
                assert re.fullmatch(r"1[3-9]\d{9}", value)
            elif entity == CN_VEHICLE_PLATE:
                assert value.startswith("辽B")
    result = IncidentReportsConnector(timezone="Asia/Shanghai").read([path], tmp_path / "o")
    quarantine = pl.read_parquet(result.quarantine_path)
    assert set(quarantine.select("source_line", "reason").rows()) == {
        (i + 1, reason) for i, reason in BROKEN.items()
    }


@pytest.mark.parametrize("generator", ["historian", "incident_reports"])
def test_daily_samples_need_a_day(tmp_path: Path, generator: str) -> None:
    with pytest.raises(ValueError, match="needs a daily partition"):
        generate(generator, tmp_path / "x.txt", None)
