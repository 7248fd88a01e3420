"""Tests for the EPA RMP connector: header kinds, typed fields, quarantine of bad records."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from connectors.base import QUARANTINE_SCHEMA, IngestResult, SourceFormatError
from connectors.epa_rmp import EpaRmpConnector
from connectors.registry import get_connector
from schemas.petrochemical import (
    EPA_RMP_ACCIDENT_CHEMICALS,
    EPA_RMP_ACCIDENTS,
    RMP_ACCIDENT_FIELDS,
    RMP_CHEMICAL_FIELDS,
)

HEADERS = [f.header for f in RMP_ACCIDENT_FIELDS]


def accident(**values: str) -> list[str]:
    """One accident record: N/A boxes, zero counts, overridden by header name."""
    defaults = {"yes": "N/A", "int": "0", "float": "", "na_text": "N/A", "text": ""}
    row = {f.header: defaults.get(f.kind, "") for f in RMP_ACCIDENT_FIELDS}
    row |= {
        "EPA Facility ID": "100000024252",
        "Has Accident": "Yes",
        "Facility Accident ID": "100000024252_1",
        "Date of Accident": "Aug-16",
        "Time Accident Began": "8:30",
        "NAICS Code of Process Involved": "32411",
        "NAICS Description": "Petroleum Refineries",
    }
    return [(row | values)[h] for h in HEADERS]


def write(path: Path, rows: list[list[str]]) -> Path:
    """Write records as CSV (minimal quoting, like the public extract)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def read(tmp_path: Path, *files: Path) -> tuple[IngestResult, dict[str, pl.DataFrame]]:
    """Read files; return the result and accidents, chemicals and quarantine frames."""
    result = EpaRmpConnector().read(list(files), tmp_path / "out")
    frames = {name: pl.read_parquet(path) for name, path in result.tables.items()}
    return result, frames | {"quarantine": pl.read_parquet(result.quarantine_path)}


def test_registered_with_two_tables() -> None:
    connector = get_connector("epa_rmp_csv")
    assert isinstance(connector, EpaRmpConnector)
    assert connector.tables == ("accidents", "accident_chemicals")


def test_fields_are_typed(tmp_path: Path) -> None:
    row = accident(
        **{
            "Gas Release": "Yes",
            "Wind Speed": "9",
            "Wind Speed Units": "Miles/h",
            "Temperature": "65",
            "Release Duration (Hours)": "001",
            "Release Duration (Minutes)": "05",
            "Employee/Contractor Injuries": "2",
            "On-Site Property Damage ($)": "50000",
            "Other Release Source": "Plate Freezer Hose",
        }
    )
    result, frames = read(tmp_path, write(tmp_path / "a.csv", [HEADERS, row]))
    table = frames["accidents"]
    assert table.schema == EPA_RMP_ACCIDENTS.polars_schema()
    assert frames["accident_chemicals"].schema == EPA_RMP_ACCIDENT_CHEMICALS.polars_schema()
    got = table.row(0, named=True)
    assert got["date_of_accident"] == date(2016, 8, 1)
    assert got["time_accident_began"] == "08:30"
    assert (got["gas_release"], got["fire"], got["has_accident"]) == (True, False, True)
    assert (got["wind_speed"], got["wind_speed_units"], got["temperature"]) == (
        9.0,
        "Miles/h",
        65.0,
    )
    assert (got["release_duration_hours"], got["release_duration_minutes"]) == (1, 5)
    assert got["employee_contractor_injuries"] == 2
    assert got["on_site_property_damage_usd"] == 50000.0
    assert got["other_release_source"] == "Plate Freezer Hose"
    assert got["wind_direction"] is None  # N/A
    assert got["naics_code"] is None and got["source_line"] == 2
    assert result.ledger == {"accident": 1, "quarantined": 0} and result.reconciles()


def test_bad_records_name_file_line_and_field(tmp_path: Path) -> None:
    rows = [
        HEADERS,
        accident(),
        accident(**{"Facility Accident ID": "x_2"})[:-1],  # one field short
        accident(**{"Facility Accident ID": "x_3", "Date of Accident": "Sept 2019"}),
        accident(**{"Facility Accident ID": "x_4", "Wind Speed": "calm", "Fire": "maybe"}),
        accident(**{"Facility Accident ID": ""}),
        [],
        accident(**{"Facility Accident ID": "x_6", "Time Accident Began": "25:10"}),
    ]
    path = write(tmp_path / "a.csv", rows)
    result, frames = read(tmp_path, path)
    quarantine = frames["quarantine"]
    assert quarantine.schema == QUARANTINE_SCHEMA
    assert quarantine.select("source_line", "reason", "detail").rows() == [
        (3, "wrong_field_count", "75 fields, header has 76"),
        (4, "unparsable_field", "unparsable Date of Accident=Sept 2019"),
        (5, "unparsable_field", "unparsable Fire=maybe; Wind Speed=calm"),
        (6, "missing_required_field", "empty Facility Accident ID"),
        (8, "unparsable_field", "unparsable Time Accident Began=25:10"),
    ]
    assert quarantine["source_file"].unique().to_list() == [str(path)]
    assert quarantine["raw"][1].startswith("100000024252,Yes,")
    assert frames["accidents"]["source_line"].to_list() == [2]
    assert result.ledger == {"accident": 1, "quarantined": 5, "blank_line": 1}
    assert result.input_units == 7 and result.reconciles()


def test_a_different_header_is_a_source_format_error(tmp_path: Path) -> None:
    wrong = [*HEADERS[:-1], "Change - Whatever"]
    with pytest.raises(SourceFormatError, match="unexpected \\['Change - Whatever'\\]") as info:
        read(tmp_path, write(tmp_path / "odd.csv", [wrong, accident()]))
    assert "odd.csv" in str(info.value) and "line 1" in str(info.value)
    with pytest.raises(SourceFormatError, match="empty file"):
        read(tmp_path, write(tmp_path / "empty.csv", []))


def test_chemicals_file_is_recognized_by_its_header(tmp_path: Path) -> None:
    header = [f.header for f in RMP_CHEMICAL_FIELDS]
    rows = [header, ["1", "100000024252_1_1", "100000024252_1", "39", "100", "1"]]
    result, frames = read(
        tmp_path,
        write(tmp_path / "a.csv", [HEADERS, accident()]),
        write(tmp_path / "c.csv", rows),
    )
    chem = frames["accident_chemicals"]
    assert chem.row(0, named=True) | {"source_file": None} == {
        "accident_chemical_id": 1,
        "facility_accident_chemical_id": "100000024252_1_1",
        "facility_accident_id": "100000024252_1",
        "quantity_released_lbs": 39.0,
        "percent_weight": 100.0,
        "chemical_id": 1,
        "source_file": None,
        "source_line": 2,
    }
    assert result.ledger == {"accident": 1, "accident_chemical": 1, "quarantined": 0}


# --- integration: the public RMP extract ------------------------------------------------------


def _records(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


@pytest.mark.integration
def test_real_rmp_extract(tmp_path: Path, shared_file: Callable[[str], Path]) -> None:
    accidents = shared_file("petrochemical/epa_rmp_accident_detailed.csv")
    chemicals = shared_file("petrochemical/epa_rmp_accident_chemicals.csv")
    result, frames = read(tmp_path, accidents, chemicals)
    assert frames["quarantine"].height == 0 and result.reconciles()
    table, chem = frames["accidents"], frames["accident_chemicals"]
    assert table.height == _records(accidents)
    assert chem.height == _records(chemicals)
    assert table["facility_accident_id"].is_unique().all()
    raw = pl.read_csv(accidents, infer_schema=False)
    assert len(raw.columns) == len(RMP_ACCIDENT_FIELDS) == 76
    assert table["gas_release"].sum() == (raw["Gas Release"] == "Yes").sum()
    deaths = raw["Employee/Contractor Deaths"].cast(pl.Int64).sum()
    assert table["employee_contractor_deaths"].sum() == deaths
    assert table["date_of_accident"].min() >= date(1994, 1, 1)
    assert table["date_of_accident"].max() <= date(2024, 12, 1)
    orphans = chem.join(table, on="facility_accident_id", how="anti")
    assert orphans.height == 0
