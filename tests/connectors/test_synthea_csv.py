"""Synthea CSV export -> EHR tables: mapping, bad records quarantined with file/line/reason."""

from __future__ import annotations

import csv
import gzip
import zipfile
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from connectors.base import SourceFormatError
from connectors.synthea_csv import HEADERS, SyntheaCsvConnector
from schemas.medical import EHR_TABLES

PATIENT = {
    "Id": "p1", "BIRTHDATE": "1980-02-03", "DEATHDATE": "", "SSN": "999-11-2222",
    "DRIVERS": "S99912345", "PASSPORT": "", "PREFIX": "Mr.", "FIRST": "Ann12", "LAST": "Lee34",
    "SUFFIX": "", "MAIDEN": "", "MARITAL": "M", "RACE": "asian", "ETHNICITY": "nonhispanic",
    "GENDER": "F", "BIRTHPLACE": "Boston  Massachusetts  US", "ADDRESS": "1 Main St",
    "CITY": "Boston", "STATE": "Massachusetts", "COUNTY": "Suffolk County", "ZIP": "02108",
    "LAT": "42.1", "LON": "-71.0", "HEALTHCARE_EXPENSES": "10.5", "HEALTHCARE_COVERAGE": "2",
}  # fmt: skip
OBSERVATION = {
    "DATE": "2020-01-01T10:00:00Z", "PATIENT": "p1", "ENCOUNTER": "e1",
    "CATEGORY": "vital-signs", "CODE": "8310-5", "DESCRIPTION": "Body temperature",
    "VALUE": "36.8", "UNITS": "Cel", "TYPE": "numeric",
}  # fmt: skip


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _row(table: str, values: dict[str, str]) -> list[str]:
    return [values.get(h, "") for h in HEADERS[table]]


def _read(paths: list[Path], out: Path) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, object]:
    result = SyntheaCsvConnector().read(paths, out)
    tables = {t: pl.read_parquet(p) for t, p in result.outputs("patients").items()}
    return tables, pl.read_parquet(result.quarantine_path), result


def test_records_map_to_typed_contract_columns(tmp_path: Path) -> None:
    patients = _write(tmp_path / "patients.csv", list(HEADERS["patients"]),
                      [_row("patients", PATIENT)])  # fmt: skip
    text_obs = OBSERVATION | {"CODE": "72166-2", "VALUE": "Never smoked", "TYPE": "text",
                              "UNITS": ""}  # fmt: skip
    obs = _write(tmp_path / "observations.csv", list(HEADERS["observations"]),
                 [_row("observations", OBSERVATION), _row("observations", text_obs)])  # fmt: skip
    tables, quarantine, result = _read([patients, obs], tmp_path / "out")
    assert quarantine.height == 0 and result.reconciles()
    person = tables["patients"].row(0, named=True)
    assert person["patient_id"] == "p1" and person["first_name"] == "Ann12"
    assert str(person["birth_date"]) == "1980-02-03" and person["zip"] == "02108"
    assert person["death_date"] is None and person["lat"] == 42.1
    observations = tables["observations"]
    assert observations["value_numeric"].to_list() == [36.8, None]
    assert observations["code_system"].to_list() == ["LOINC", "LOINC"]
    assert observations["date"].dtype == pl.Datetime("us", "UTC")
    assert observations["source_line"].to_list() == [2, 3]
    for table, frame in tables.items():
        assert frame.schema == EHR_TABLES[table].polars_schema(), table
    assert tables["encounters"].height == 0  # absent file -> empty contract table
    assert result.ledger == {"header": 2, "patients": 1, "observations": 2}


def test_bad_records_are_quarantined_with_file_line_and_reason(tmp_path: Path) -> None:
    good = _row("observations", OBSERVATION)
    rows = [
        good,
        [*good, "surplus"],
        _row("observations", OBSERVATION | {"DATE": "2020-13-40T00:00:00Z"}),
        _row("observations", OBSERVATION | {"PATIENT": ""}),
        _row("observations", OBSERVATION | {"VALUE": "warm"}),
        good[:-2],
    ]
    obs = _write(tmp_path / "observations.csv", list(HEADERS["observations"]), rows)
    tables, quarantine, result = _read([obs], tmp_path / "out")
    assert tables["observations"]["source_line"].to_list() == [2]
    by_line = {r["source_line"]: r for r in quarantine.iter_rows(named=True)}
    assert {n: r["reason"] for n, r in by_line.items()} == {
        3: "wrong_field_count",
        4: "unparsable_field",
        5: "missing_required_field",
        6: "unparsable_field",
        7: "wrong_field_count",
    }
    assert by_line[3]["detail"] == "10 fields, header has 9" and by_line[3]["raw"].endswith(
        "surplus"
    )
    assert "DATE=2020-13-40T00:00:00Z" in by_line[4]["detail"]
    assert by_line[5]["detail"] == "empty PATIENT"
    assert "VALUE=warm" in by_line[6]["detail"]
    assert set(quarantine["source_file"]) == {"observations.csv"}
    assert result.input_units == 7 and result.rows_quarantined == 5 and result.reconciles()


def test_a_file_with_another_header_is_quarantined_whole(tmp_path: Path) -> None:
    header = [h for h in HEADERS["patients"] if h != "SSN"] + ["NICKNAME"]
    rows = [[PATIENT.get(h, "x") for h in header] for _ in range(3)]
    patients = _write(tmp_path / "patients.csv", header, rows)
    tables, quarantine, result = _read([patients], tmp_path / "out")
    assert tables["patients"].height == 0
    assert quarantine["reason"].to_list() == ["header_mismatch"] * 3
    assert quarantine["source_line"].to_list() == [2, 3, 4]
    assert quarantine["detail"][0] == (
        "header is not the Synthea patients layout: missing SSN; unexpected NICKNAME"
    )
    assert result.input_units == 4 and result.reconciles()


def test_zip_exports_and_other_tables_are_read_and_counted(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("csv/patients.csv", ",".join(HEADERS["patients"]) + "\n"
                    + ",".join(_row("patients", PATIENT)) + "\n")  # fmt: skip
        zf.writestr("csv/claims.csv", "Id,PATIENTID\nc1,p1\nc2,p1\n")
    tables, quarantine, result = _read([archive], tmp_path / "out")
    assert tables["patients"]["source_file"].to_list() == ["export.zip!csv/patients.csv"]
    assert result.ledger == {"header": 2, "patients": 1, "other_table_line": 2}
    assert result.input_units == 5 and result.reconciles() and quarantine.height == 0


def test_a_missing_or_foreign_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        SyntheaCsvConnector().read([tmp_path / "nowhere.csv"], tmp_path / "out")
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(SourceFormatError, match="notes.txt: not a Synthea .csv file"):
        SyntheaCsvConnector().read([tmp_path / "notes.txt"], tmp_path / "out")


def _records(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


@pytest.mark.integration
def test_real_synthea_export_reads_every_record(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    folder = shared_file("medical/synthea/patients.csv").parent
    paths = sorted(folder.glob("*.csv"))
    expected = {p.stem: _records(p) for p in paths}
    tables, quarantine, result = _read(paths, tmp_path / "out")
    assert {t: f.height for t, f in tables.items()} == expected
    assert quarantine.height == 0 and result.reconciles()
    assert result.input_units == sum(expected.values()) + len(expected)  # + one header each
    for table, frame in tables.items():
        nulls = frame.null_count().row(0, named=True)
        assert EHR_TABLES[table].violations(frame.schema, nulls) == [], table
    patients = tables["patients"]
    assert patients["patient_id"].n_unique() == expected["patients"]
    with (folder / "patients.csv").open(encoding="utf-8", newline="") as fh:
        first = next(csv.DictReader(fh))
    row = patients.row(0, named=True)
    assert (row["patient_id"], row["ssn"], row["last_name"]) == (
        first["Id"],
        first["SSN"],
        first["LAST"],
    )


# --- issue 12 findings, each on the real export mutated in tmp_path ----------------------------
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _mutated_copy(
    shared_file: Callable[[str], Path], tmp_path: Path, name: str, edit: Callable[[list[str]], None]
) -> tuple[Path, list[str]]:
    """The real Synthea CSV `name` with `edit` applied to its lines, written under tmp_path."""
    lines = shared_file(f"medical/synthea/{name}").read_text(encoding="utf-8").splitlines()
    edit(lines)
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, lines


def test_unclosed_quote_in_conditions_loses_one_line_and_leaks_nothing(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """The finding: one stray quote swallowed 218 lines into a released description."""

    def edit(lines: list[str]) -> None:
        lines[100] = _open_field(lines[100], 5)  # DESCRIPTION opens, never closes

    path, lines = _mutated_copy(shared_file, tmp_path, "conditions.csv", edit)
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [(101, "runaway_quote")]
    conditions = tables["conditions"]
    assert conditions.height == len(lines) - 2
    assert not conditions["description"].str.contains(_UUID).any()
    assert conditions["description"].str.len_chars().max() < 200
    assert result.input_units == len(lines) and result.reconciles()


def test_unclosed_quote_in_patients_swallows_no_patient(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A stray quote in one patient's address quarantines that patient only."""

    def edit(lines: list[str]) -> None:
        lines[5] = _open_field(lines[5], 16)  # ADDRESS

    path, lines = _mutated_copy(shared_file, tmp_path, "patients.csv", edit)
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [(6, "runaway_quote")]
    assert tables["patients"].height == len(lines) - 2 and result.reconciles()


def _open_field(line: str, index: int) -> str:
    """The line with a quote opened at the start of field `index` (0-based) and never closed."""
    fields = line.split(",")
    fields[index] = '"' + fields[index]
    return ",".join(fields)


def test_duplicate_row_and_year_0001_are_quarantined(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """An exact duplicate row is duplicate_record (first kept); a 0001 START is implausible."""

    def edit(lines: list[str]) -> None:
        lines.insert(30, lines[10])
        lines[40] = "0001-01-01" + lines[40][len("2023-01-27") :]

    path, lines = _mutated_copy(shared_file, tmp_path, "conditions.csv", edit)
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [
        (31, "duplicate_record"),
        (41, "implausible_date"),
    ]
    assert "START=0001-01-01" in quarantine["detail"][1]
    assert tables["conditions"].height == len(lines) - 3 and result.reconciles()


def test_gzip_named_csv_latin1_line_and_truncated_last_line(
    tmp_path: Path, shared_file: Callable[[str], Path]
) -> None:
    """A gzip under patients.csv is read; a Latin-1 byte is bad_encoding (not U+FFFD); a cut
    last line is wrong_field_count, not a row of nulls."""
    lines = shared_file("medical/synthea/patients.csv").read_bytes().splitlines()
    lines[3] = lines[3].replace(b"Massachusetts", b"Massach\xf6setts", 1)
    lines[-1] = lines[-1][:60]
    path = tmp_path / "in" / "patients.csv"
    path.parent.mkdir()
    path.write_bytes(gzip.compress(b"\n".join(lines) + b"\n"))
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert quarantine.select("source_line", "reason").rows() == [
        (4, "bad_encoding"),
        (len(lines), "wrong_field_count"),
    ]
    assert "\\xf6" in quarantine["raw"][0]
    assert tables["patients"].height == len(lines) - 3 and result.reconciles()


def test_empty_and_header_only_files_count_their_lines(tmp_path: Path) -> None:
    """0 bytes reads as nothing (0 lines); a header-only file is one header line."""
    (tmp_path / "allergies.csv").write_bytes(b"")
    only = _write(tmp_path / "patients.csv", HEADERS["patients"], [])
    tables, quarantine, result = _read([tmp_path / "allergies.csv", only], tmp_path / "out")
    assert tables["patients"].height == 0 and quarantine.height == 0
    assert result.ledger == {"header": 1} and result.input_units == 1 and result.reconciles()


def test_legal_quoted_newline_counts_both_lines_in_its_table(tmp_path: Path) -> None:
    """A description with a quoted newline stays one row; the ledger puts both lines there."""
    values = {"START": "2020-01-01", "PATIENT": "p1", "ENCOUNTER": "e1", "CODE": "1",
              "DESCRIPTION": "two\nlines"}  # fmt: skip
    path = _write(tmp_path / "conditions.csv", HEADERS["conditions"], [_row("conditions", values)])
    tables, quarantine, result = _read([path], tmp_path / "out")
    assert tables["conditions"]["description"].to_list() == ["two\nlines"]
    assert result.ledger == {"header": 1, "conditions": 2} and result.reconciles()


def test_synthea_3_patients_with_middle_names_join_the_given_names(tmp_path: Path) -> None:
    header = [*HEADERS["patients"][:8], "MIDDLE", *HEADERS["patients"][8:], "FIPS", "INCOME"]
    people = [PATIENT | {"MIDDLE": "Mae7", "FIPS": "25025", "INCOME": "51000"},
              PATIENT | {"Id": "p2", "MIDDLE": ""},
              PATIENT | {"Id": "p3", "FIRST": "", "MIDDLE": ""}]  # fmt: skip
    patients = _write(tmp_path / "patients.csv", header, [[p.get(h, "") for h in header]
                                                          for p in people])  # fmt: skip
    tables, quarantine, result = _read([patients], tmp_path / "out")
    assert quarantine.height == 0 and result.reconciles()
    frame = tables["patients"]
    assert frame["first_name"].to_list() == ["Ann12 Mae7", "Ann12", None]
    assert frame["fips"].to_list() == ["25025", None, None]
    assert frame.schema == EHR_TABLES["patients"].polars_schema()


def test_synthea_2_observations_and_synthea_3_procedures_read(tmp_path: Path) -> None:
    old = [h for h in HEADERS["observations"] if h != "CATEGORY"]
    obs = _write(tmp_path / "observations.csv", old, [[OBSERVATION[h] for h in old]])
    header = [*HEADERS["procedures"][:4], "SYSTEM", *HEADERS["procedures"][4:]]
    done = {"START": "2020-01-01T10:00:00Z", "PATIENT": "p1", "ENCOUNTER": "e1",
            "SYSTEM": "http://snomed.info/sct", "CODE": "430193006"}  # fmt: skip
    procedures = _write(tmp_path / "procedures.csv", header, [[done.get(h, "") for h in header]])
    tables, quarantine, result = _read([obs, procedures], tmp_path / "out")
    assert quarantine.height == 0 and result.reconciles()
    assert tables["observations"]["category"].to_list() == [None]
    assert tables["observations"]["value_numeric"].to_list() == [36.8]
    assert tables["procedures"]["code_system"].to_list() == ["http://snomed.info/sct"]


def test_synthea_3_3_providers_and_synthea_2_procedures_and_allergies_read(
    tmp_path: Path,
) -> None:
    # Synthea 3.3+ providers.csv counts ENCOUNTERS and PROCEDURES where 3.0 wrote UTILIZATION;
    # Synthea 2.x writes one DATE in procedures and six columns in allergies. Each was refused
    # whole (header_mismatch) before, every provider / procedure / allergy line quarantined.
    header = [*HEADERS["providers"][:-1], "ENCOUNTERS", "PROCEDURES"]
    doctor = ["pr1", "o1", "Ann12 Lee34", "F", "GENERAL PRACTICE", "1 Main St", "Boston",
              "MA", "02108", "42.1", "-71.0", "46", "12"]  # fmt: skip
    providers = _write(tmp_path / "providers.csv", header, [doctor])
    old = ["DATE", "PATIENT", "ENCOUNTER", "CODE", "DESCRIPTION", "BASE_COST", "REASONCODE",
           "REASONDESCRIPTION"]  # fmt: skip
    done = ["2019-05-01T10:00:00Z", "p1", "e1", "430193006", "Medication Reconciliation",
            "735.40", "", ""]  # fmt: skip
    procedures = _write(tmp_path / "procedures.csv", old, [done])
    allergy = ["2009-09-27", "", "p1", "e1", "111088007", "Latex (substance)"]
    allergies = _write(tmp_path / "allergies.csv", list(HEADERS["allergies"][:5]) +
                       ["DESCRIPTION"], [allergy])  # fmt: skip
    tables, quarantine, result = _read([providers, procedures, allergies], tmp_path / "out")
    assert quarantine.height == 0 and result.reconciles()
    assert tables["providers"]["utilization"].to_list() == [46]
    assert tables["providers"]["procedures"].to_list() == [12]
    assert tables["procedures"]["start"].dt.year().to_list() == [2019]
    assert tables["procedures"]["stop"].to_list() == [None]
    assert tables["allergies"]["description"].to_list() == ["Latex (substance)"]
    assert tables["allergies"]["code_system"].to_list() == ["SNOMED-CT"]
    for table in ("providers", "procedures", "allergies"):
        assert tables[table].schema == EHR_TABLES[table].polars_schema()


def test_a_header_with_both_names_of_one_column_is_refused(tmp_path: Path) -> None:
    header = [*HEADERS["providers"], "ENCOUNTERS"]
    providers = _write(tmp_path / "providers.csv", header, [["pr1"] + [""] * 12])
    _tables, quarantine, result = _read([providers], tmp_path / "out")
    assert quarantine["reason"].to_list() == ["header_mismatch"] and result.reconciles()
    assert "duplicate UTILIZATION" in quarantine["detail"][0]
