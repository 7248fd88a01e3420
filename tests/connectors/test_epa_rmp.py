"""Tests for the EPA RMP connector: header kinds, typed fields, quarantine of bad records."""

from __future__ import annotations

import csv
import gzip
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
    assert result.ledger == {"header": 1, "accident": 1} and result.reconciles()
    assert result.unit == "line" and result.input_units == 2


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
    assert quarantine["source_file"].unique().to_list() == [path.name]
    assert quarantine["raw"][1].startswith("100000024252,Yes,")
    assert frames["accidents"]["source_line"].to_list() == [2]
    assert result.ledger == {"header": 1, "accident": 1, "quarantined": 5, "blank_line": 1}
    assert result.input_units == 8 and result.reconciles()


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
    assert result.ledger == {"header": 2, "accident": 1, "accident_chemical": 1}


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


# --- issue 12 findings, each on the real extract mutated in tmp_path ---------------------------


def _real_lines(shared_file: Callable[[str], Path]) -> list[str]:
    path = shared_file("petrochemical/epa_rmp_accident_detailed.csv")
    return path.read_text(encoding="utf-8").splitlines()


def _mutated(tmp_path: Path, lines: list[str], name: str = "acc.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_unclosed_quote_loses_one_line_not_the_lines_after(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A stray opening quote quarantines its own line; every other accident is released."""
    lines = _real_lines(shared_file)
    victim = next(i for i in range(10, len(lines)) if ",N/A," in lines[i])
    lines[victim] = lines[victim].replace(",N/A,", ',"N/A,', 1)
    result, frames = read(tmp_path, _mutated(tmp_path, lines))
    quarantine = frames["quarantine"]
    assert quarantine.select("source_line", "reason").rows() == [(victim + 1, "runaway_quote")]
    assert frames["accidents"].height == len(lines) - 2
    assert result.input_units == len(lines) and result.reconciles()
    assert result.ledger["quarantined"] == 1


def test_exact_duplicate_row_is_quarantined_first_kept(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A repeated record no longer fails `unique`: the copy is quarantined, the first kept."""
    lines = _real_lines(shared_file)
    lines.insert(20, lines[5])
    result, frames = read(tmp_path, _mutated(tmp_path, lines))
    quarantine = frames["quarantine"]
    assert quarantine.select("source_line", "reason").rows() == [(21, "duplicate_record")]
    assert "line 6" in quarantine["detail"][0]
    assert frames["accidents"]["facility_accident_id"].is_unique().all()
    assert result.reconciles()


def test_giant_field_and_truncated_last_line_are_quarantined(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A 1 MB field is oversized_field (no csv field-limit crash); a cut last line is short."""
    lines = _real_lines(shared_file)
    lines[3] = lines[3].replace(",N/A,", "," + "x" * (1 << 20) + ",", 1)
    lines[-1] = lines[-1][: len(lines[-1]) // 2]
    result, frames = read(tmp_path, _mutated(tmp_path, lines))
    rows = frames["quarantine"].select("source_line", "reason").rows()
    assert rows == [(4, "oversized_field"), (len(lines), "wrong_field_count")]
    assert frames["accidents"].height == len(lines) - 3 and result.reconciles()


def test_year_0001_date_is_implausible_date(
    tmp_path: Path,
) -> None:
    """A month-year of 0001 is quarantined at ingest naming the field, not passed on."""
    rows = [
        HEADERS,
        accident(),
        accident(**{"Facility Accident ID": "x_2", "Date of Accident": "Jan-0001"}),
    ]
    result, frames = read(tmp_path, write(tmp_path / "a.csv", rows))
    assert frames["quarantine"].select("source_line", "reason").rows() == [(3, "implausible_date")]
    assert "Date of Accident=Jan-0001" in frames["quarantine"]["detail"][0]
    assert result.reconciles()


def test_out_of_range_and_non_finite_numbers_are_unparsable(tmp_path: Path) -> None:
    """1e23 in a count (fuzz absurd_number: it raised InvalidOperationError out of the parse
    stage), NaN or 1e309 in a measure are unparsable fields, never a crash or an inf value."""
    rows = [
        HEADERS,
        accident(**{"Facility Accident ID": "x_1", "Accident Count": "1e23"}),
        accident(**{"Facility Accident ID": "x_2", "Accident Count": "inf"}),
        accident(**{"Facility Accident ID": "x_3", "Wind Speed": "NaN"}),
        accident(**{"Facility Accident ID": "x_4", "Wind Speed": "1e309"}),
        accident(**{"Facility Accident ID": "x_5", "Accident Count": "-0", "Wind Speed": "-0"}),
    ]
    result, frames = read(tmp_path, write(tmp_path / "a.csv", rows))
    assert frames["quarantine"].select("source_line", "reason", "detail").rows() == [
        (2, "unparsable_field", "unparsable Accident Count=1e23"),
        (3, "unparsable_field", "unparsable Accident Count=inf"),
        (4, "unparsable_field", "unparsable Wind Speed=NaN"),
        (5, "unparsable_field", "unparsable Wind Speed=1e309"),
    ]
    assert frames["accidents"]["source_line"].to_list() == [6]
    assert result.reconciles()


def test_latin1_bytes_are_bad_encoding_unless_declared(tmp_path: Path) -> None:
    """Latin-1 bytes read as UTF-8 quarantine their line with the bytes; declared, they read."""
    rows = [HEADERS, accident(**{"Other Release Source": "Valve café"})]
    path = tmp_path / "l.csv"
    path.write_bytes(write(tmp_path / "u.csv", rows).read_text().encode("latin-1"))
    result, frames = read(tmp_path, path)
    assert frames["quarantine"]["reason"].to_list() == ["bad_encoding"]
    assert "\\xe9" in frames["quarantine"]["raw"][0] and result.reconciles()
    connector = EpaRmpConnector()
    connector.encoding = "latin-1"
    declared = connector.read([path], tmp_path / "declared")
    table = pl.read_parquet(declared.tables["accidents"])
    assert table["other_release_source"].to_list() == ["Valve café"]


def test_empty_header_only_and_gzip_named_csv(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """0 bytes is a format error naming the file; header-only counts 1 line; gzip is read."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(SourceFormatError, match="empty.csv.*0 bytes"):
        read(tmp_path, empty)
    lines = _real_lines(shared_file)
    result, frames = read(tmp_path, _mutated(tmp_path, lines[:1], "header.csv"))
    assert frames["accidents"].height == 0 and result.input_units == 1 and result.reconciles()
    packed = tmp_path / "packed.csv"
    packed.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    result, frames = read(tmp_path, packed)
    assert frames["accidents"].height == len(lines) - 1 and result.reconciles()


def test_cut_gzip_download_keeps_what_was_read(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A gzip cut in half: the accidents before the damage are read, the rest is one
    corrupt_compression row, and the file no longer fails with EOFError."""
    data = gzip.compress(shared_file("petrochemical/epa_rmp_accident_detailed.csv").read_bytes())
    path = tmp_path / "cut.csv"
    path.write_bytes(data[: len(data) // 2])
    result, frames = read(tmp_path, path)
    assert frames["quarantine"]["reason"].to_list() == ["corrupt_compression"]
    assert frames["accidents"].height > 100 and result.reconciles()


def test_a_file_of_blank_lines_is_not_called_0_bytes(tmp_path: Path) -> None:
    """'empty file (0 bytes)' was said of a file holding blank lines (fuzz probe: spaces)."""
    path = tmp_path / "blank.csv"
    path.write_bytes(b"  \n\t\n")
    with pytest.raises(SourceFormatError, match=r"blank\.csv, line 1: .*only 2 blank line"):
        read(tmp_path, path)


def test_an_accident_month_after_today_is_implausible_date(tmp_path: Path) -> None:
    # trial13: the extract writes months as Mon-YY, and polars reads YY 00-68 as 20YY, so a
    # mistyped "Feb-30" became an accident in February 2030 and was released as such.
    rows = [
        HEADERS,
        accident(),
        accident(**{"Facility Accident ID": "x_2", "Date of Accident": "Feb-68"}),
        accident(**{"Facility Accident ID": "x_3", "Date of Accident": "Sep-98"}),
    ]
    result, frames = read(tmp_path, write(tmp_path / "a.csv", rows))
    assert frames["quarantine"].select("source_line", "reason").rows() == [(3, "implausible_date")]
    assert "Date of Accident=Feb-68 (2068-02-01) is after" in frames["quarantine"]["detail"][0]
    assert frames["accidents"]["date_of_accident"].to_list() == [date(2016, 8, 1), date(1998, 9, 1)]
    assert result.reconciles()
