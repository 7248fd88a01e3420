"""A column a feed added later: refused with the fix named, then read as declared optional."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from connectors.base import SourceFormatError
from connectors.registry import get_connector
from schemas.declared import ColumnDecl

COLUMNS = {"就诊时间": {"dtype": "datetime", "format": "%Y-%m-%d %H:%M:%S"}, "科室": "str"}
# Hand-made outpatient days (trial11): day 5 was re-sent with 医保类型 added.
OLD = "就诊时间,科室\n2026-12-04 08:00:00,内科\n"
NEW = "就诊时间,科室,医保类型\n2026-12-05 08:00:00,外科,居民医保\n"


def _files(tmp_path: Path) -> list[Path]:
    old, new = tmp_path / "门诊日志_20261204.csv", tmp_path / "门诊日志_20261205.csv"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return [old, new]


def test_an_added_column_is_refused_naming_the_fix(tmp_path: Path) -> None:
    options = {"contract": "t_opt", "columns": COLUMNS}
    with pytest.raises(SourceFormatError, match=r"extra \['医保类型'\]; .*optional: true"):
        get_connector("delimited_table", options).read(_files(tmp_path)[1:], tmp_path / "out")


def test_an_optional_column_is_null_in_files_without_it(tmp_path: Path) -> None:
    columns = COLUMNS | {"医保类型": {"dtype": "str", "optional": True}}
    options = {"contract": "t_opt", "columns": columns}
    result = get_connector("delimited_table", options).read(_files(tmp_path), tmp_path / "out")
    assert result.reconciles() and result.rows_quarantined == 0
    table = pl.read_parquet(result.table_path)  # type: ignore[arg-type]
    assert table.get_column("医保类型").to_list() == [None, "居民医保"]
    assert table.get_column("科室").to_list() == ["内科", "外科"]


def test_a_required_column_is_still_required(tmp_path: Path) -> None:
    columns = {**COLUMNS, "医保类型": "str"}
    options = {"contract": "t_opt", "columns": columns}
    with pytest.raises(SourceFormatError, match=r"missing \['医保类型'\]"):
        get_connector("delimited_table", options).read(_files(tmp_path)[:1], tmp_path / "out")
    with pytest.raises(ValueError, match="optional column is null"):
        ColumnDecl("x", {"dtype": "str", "optional": True, "nullable": False})
