"""A column a feed renamed: refused with the fix named, then read under its alias."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from connectors.base import SourceFormatError
from connectors.registry import get_connector
from schemas.declared import column_decls

TIME = {"dtype": "datetime", "format": "%Y-%m-%d %H:%M:%S"}
# Hand-made outpatient days: from day 5 the export calls 科室 "就诊科室".
OLD = "就诊时间,科室\n2026-12-04 08:00:00,内科\n"
NEW = "就诊科室,就诊时间\n外科,2026-12-05 08:00:00\n"


def _files(tmp_path: Path) -> list[Path]:
    old, new = tmp_path / "门诊日志_20261204.csv", tmp_path / "门诊日志_20261205.csv"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return [old, new]


def _read(tmp_path: Path, files: list[Path], 科室: object) -> pl.DataFrame:
    options = {"contract": "t_alias", "columns": {"就诊时间": TIME, "科室": 科室}}
    result = get_connector("delimited_table", options).read(files, tmp_path / "out")
    assert result.reconciles() and result.rows_quarantined == 0
    return pl.read_parquet(result.table_path)  # type: ignore[arg-type]


def test_a_renamed_column_is_refused_naming_the_alias_fix(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match=r"missing \['科室'\].*aliases: \[就诊科室\]"):
        _read(tmp_path, _files(tmp_path), "str")


def test_old_and_new_names_read_into_one_column(tmp_path: Path) -> None:
    table = _read(tmp_path, _files(tmp_path), {"dtype": "str", "aliases": ["就诊科室"]})
    assert table.get_column("科室").to_list() == ["内科", "外科"]
    assert table.get_column("就诊时间").dt.day().to_list() == [4, 5]
    assert "就诊科室" not in table.columns


def test_a_header_with_both_names_is_refused(tmp_path: Path) -> None:
    both = tmp_path / "门诊日志_20261206.csv"
    both.write_text("就诊时间,科室,就诊科室\n2026-12-06 08:00:00,内科,外科\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"\['科室'\] twice"):
        _read(tmp_path, [both], {"dtype": "str", "aliases": ["就诊科室"]})


def test_an_alias_may_not_name_another_column() -> None:
    columns = {"a": "str", "b": {"dtype": "str", "aliases": ["a"]}}
    with pytest.raises(ValueError, match="alias 'a' already names column 'a'"):
        column_decls({"columns": columns})
    with pytest.raises(ValueError, match="aliases must be a list"):
        column_decls({"columns": {"a": {"dtype": "str", "aliases": "x"}}})
