"""Contracts declared in a spec (generic tables): registered on load, refused when malformed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from schemas.registry import get_schema
from schemas.spec import SpecError, load_spec, load_specs

COLUMNS = {"name": "str", "birth_date": {"dtype": "date", "format": "%Y-%m-%d"}, "visits": "int64"}


def _spec(tmp_path: Path, options: dict[str, Any], schema: str = "medical_demo_people") -> Path:
    raw = {
        "id": "medical/demo_people",
        "title": {"en": "People", "zh": "人员"},
        "description": {"en": "A generic table.", "zh": "通用表。"},
        "sector": "medical",
        "source": {
            "format": "delimited_table",
            "uri": str(tmp_path / "people.csv"),
            "license": "CC0-1.0",
            "provenance": "generated",
            "options": options,
        },
        "schema": schema,
        "privacy": {"columns": {"name": {"category": "identifier", "policy": "drop"}}},
        "release": {"license": "CC0-1.0", "grade": "general", "category": "x", "owner": "team"},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_declared_contract_is_registered_and_redeclared(tmp_path: Path) -> None:
    options = {"contract": "medical_demo_people", "columns": COLUMNS}
    spec = load_spec(_spec(tmp_path, options))
    contract = get_schema(spec.table_schema)
    assert contract.names == ["name", "birth_date", "visits", "source_file", "source_line"]
    assert contract.column("birth_date").dtype == "date"
    changed = {"contract": "medical_demo_people", "columns": {**COLUMNS, "ward": "str"}}
    load_spec(_spec(tmp_path, changed))  # an edited spec reloads in the same process
    assert "ward" in get_schema("medical_demo_people").names


@pytest.mark.parametrize(
    ("options", "schema", "message"),
    [
        ({"columns": COLUMNS}, "medical_demo_people", "options.contract: name the declared"),
        ({"contract": "medical_demo_people"}, "medical_demo_people", "declare the table's col"),
        (
            {"contract": "medical_demo_people", "columns": {"age": "integer"}},
            "medical_demo_people",
            "columns.age: type 'integer' not one of",
        ),
        (
            {"contract": "medical_patients", "columns": COLUMNS},
            "medical_patients",
            "contract 'medical_patients' is built in",
        ),
        (
            {"contract": "medical_demo_people", "columns": {**COLUMNS, "source_line": "int64"}},
            "medical_demo_people",
            "are added by the connector",
        ),
        (
            {"contract": "medical_demo_people", "columns": COLUMNS},
            "medical_other",
            "unknown table schema 'medical_other'",
        ),
    ],
)
def test_malformed_declarations_name_the_problem(
    tmp_path: Path, options: dict[str, Any], schema: str, message: str
) -> None:
    with pytest.raises(SpecError, match=message.replace("(", r"\(")):
        load_spec(_spec(tmp_path, options, schema))


def test_two_specs_cannot_declare_one_contract(tmp_path: Path) -> None:
    options = {"contract": "medical_demo_people", "columns": COLUMNS}
    first = _spec(tmp_path, options)
    raw = yaml.safe_load(first.read_text(encoding="utf-8"))
    raw["id"] = "medical/demo_people_copy"
    (tmp_path / "copy.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError, match="contract 'medical_demo_people' already declared in"):
        load_specs(tmp_path)


def test_a_mistyped_column_is_one_error_not_two(tmp_path: Path) -> None:
    options = {"contract": "medical_typo_people", "columns": {**COLUMNS, "weight": "float"}}
    with pytest.raises(SpecError) as caught:
        load_spec(_spec(tmp_path, options, "medical_typo_people"))
    lines = str(caught.value).splitlines()[1:]
    assert lines == [
        "  source: columns.weight: type 'float' not one of "
        "str, int64, float64, bool, date, datetime"
    ]
    # a schema name that no source declares is still its own error
    with pytest.raises(SpecError, match="unknown table schema 'medical_elsewhere'"):
        load_spec(_spec(tmp_path, {**options, "columns": COLUMNS}, "medical_elsewhere"))


def test_decimal_comma_per_column_or_for_the_table(tmp_path: Path) -> None:
    columns = {**COLUMNS, "weight": {"dtype": "float64", "decimal_comma": True}}
    load_spec(_spec(tmp_path, {"contract": "medical_demo_people", "columns": columns}))
    table_wide = {"contract": "medical_demo_people", "columns": COLUMNS, "decimal_comma": True}
    load_spec(_spec(tmp_path, table_wide))  # applies to float64 columns only: none here
    wrong = {**COLUMNS, "visits": {"dtype": "int64", "decimal_comma": True}}
    with pytest.raises(SpecError, match="columns.visits: decimal_comma is for float64, not int64"):
        load_spec(_spec(tmp_path, {"contract": "medical_demo_people", "columns": wrong}))
    with pytest.raises(SpecError, match="options.decimal_comma: true or false"):
        load_spec(_spec(tmp_path, {**table_wide, "decimal_comma": "yes"}))
