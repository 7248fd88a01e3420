"""Sampling, format detection, contract matching and date placeholders for `bohai init`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from schemas.draft_source import DraftError, bounded_sample, daily_uri, detect_format
from schemas.spec import SpecError, load_spec


def test_sample_keeps_whole_quoted_records(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('a,b\n1,"two\nlines"\n3,x\n4,y\n', encoding="utf-8")
    out = bounded_sample(src, tmp_path / "s", records=1)
    assert out.read_text(encoding="utf-8") == 'a,b\n1,"two\nlines"\n'


def test_a_pretty_printed_fhir_bundle_is_sampled_whole(tmp_path: Path) -> None:
    # trial13: Synthea writes bundles indented, a line an element; cut at 5,000 lines the
    # sample held 38 of 369 resources, so `bohai init` drafted patients, encounters and
    # immunizations only, and the run dropped every observation and condition it parsed.
    entries = [{"resource": {"resourceType": "Observation", "id": f"o{i}"}} for i in range(50)]
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"resourceType": "Bundle", "entry": entries}, indent=1))
    out = bounded_sample(bundle, tmp_path / "s", records=10)
    assert out.read_bytes() == bundle.read_bytes()
    bulk = tmp_path / "Observation.ndjson"
    bulk.write_text("".join(json.dumps(e["resource"]) + "\n" for e in entries))
    assert len(bounded_sample(bulk, tmp_path / "n", records=10).read_text().splitlines()) == 11


@pytest.mark.parametrize(
    ("name", "uri_name", "day"),
    [
        ("AIS_2023_01_11.csv", "AIS_{date:%Y_%m_%d}.csv", date(2023, 1, 11)),
        ("log-2026-11-01.nmea", "log-{date}.nmea", date(2026, 11, 1)),
        ("20230111.csv", "{date:%Y%m%d}.csv", date(2023, 1, 11)),
        ("patients.csv", "patients.csv", None),
    ],
)
def test_dates_in_file_names(name: str, uri_name: str, day: date | None) -> None:
    uri, found = daily_uri(Path("/d") / name)
    assert uri == f"/d/{uri_name}" and found == day


def test_a_date_in_the_folder_name_makes_every_file_of_the_day_folder_the_partition() -> None:
    # trial10: rotated NMEA logs under ais/2026-11-10/ais_0800.nmea were drafted as that one
    # file, without partitions
    uri, found = daily_uri(Path("/data/ais/2026-11-10/ais_0800.nmea"))
    assert (uri, found) == ("/data/ais/{date}/*.nmea", date(2026, 11, 10))
    uri, found = daily_uri(Path("/data/cdu_20261110/export.csv"))
    assert (uri, found) == ("/data/cdu_{date:%Y%m%d}/*.csv", date(2026, 11, 10))
    uri, found = daily_uri(Path("/data/2026-11-10/AIS_2023_01_11.csv"))
    assert uri == "/data/2026-11-10/AIS_{date:%Y_%m_%d}.csv", "the file's own date first"
    # trial11: a day folder holding its file, both named by the day, kept the folder literal,
    # so every other day was looked for in 2023_01_11/ and found missing
    uri, found = daily_uri(Path("/data/ais/2023_01_11/AIS_2023_01_11.csv"))
    assert uri == "/data/ais/{date:%Y_%m_%d}/AIS_{date:%Y_%m_%d}.csv"
    assert found == date(2023, 1, 11)
    uri, _ = daily_uri(Path("/data/2023-01-11/AIS_2023_01_11.csv"))
    assert uri == "/data/{date}/AIS_{date:%Y_%m_%d}.csv", "the same day in two layouts"


@pytest.mark.integration
@pytest.mark.parametrize(
    ("shared", "fmt"),
    [
        ("marine/ais_nmea_libais_test.aivdm", "ais_nmea"),
        ("marine/ais_noaa_marinecadastre_2023-01-11_1000rows.csv", "marinecadastre_csv"),
        ("petrochemical/epa_rmp_accident_chemicals.csv", "epa_rmp_csv"),
    ],
)
def test_detects_the_connector_of_real_files(
    tmp_path: Path, shared_file: Callable[[str], Path], shared: str, fmt: str
) -> None:
    sample = bounded_sample(shared_file(shared), tmp_path / "s", records=300)
    found = detect_format(sample, tmp_path)
    assert found.format == fmt and found.result.rows_out > 0
    assert found.evidence.startswith(f"{fmt} decoded")


def test_noise_is_refused(tmp_path: Path) -> None:
    noise = tmp_path / "x.bin"
    noise.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DraftError, match="no registered connector reads x.bin"):
        detect_format(noise, tmp_path)


def test_loader_names_each_todo(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("id: marine/x\nrelease:\n  owner: TODO who\nlist: [ok, TODO pick]\n")
    with pytest.raises(SpecError) as err:
        load_spec(path)
    assert f"{path}: 2 TODO(s)" in str(err.value)
    assert "release.owner: TODO who" in str(err.value) and "list[1]: TODO pick" in str(err.value)
