"""A workbook saved from Excel is named as one, with how to save it as CSV, in run and init."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from connectors.base import SourceFormatError
from connectors.registry import get_connector
from connectors.workbooks import OLE2, workbook_kind
from schemas.draft import draft_spec
from schemas.draft_source import DraftError


def _xlsx(path: Path) -> Path:
    """The parts of an .xlsx that say what it is (a sheet of two cells)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet>姓名,电话</worksheet>")
    return path


def test_workbooks_are_told_from_text_and_zipped_text(tmp_path: Path) -> None:
    assert workbook_kind(_xlsx(tmp_path / "门诊日志.xlsx")) == "an Excel workbook (.xlsx)"
    xls = tmp_path / "old.xls"
    xls.write_bytes(OLE2 + b"\x00" * 504)
    assert workbook_kind(xls) == "an Excel 97-2003 workbook (.xls)"
    zipped = tmp_path / "day.csv.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("day.csv", "a,b\n1,2\n")
    assert workbook_kind(zipped) is None


@pytest.mark.parametrize("name", ["门诊日志_20261201.xlsx", "门诊日志_20261201.xls"])
def test_a_run_on_a_workbook_says_save_it_as_csv(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith("x"):
        _xlsx(path)
    else:
        path.write_bytes(OLE2 + b"\x00" * 504)
    with pytest.raises(SourceFormatError, match=r"is an Excel .*not text.*Save each sheet as CSV"):
        get_connector("delimited_table").read([path], tmp_path / "out")


def test_init_on_a_workbook_is_one_line_naming_the_users_file(tmp_path: Path) -> None:
    source = _xlsx(tmp_path / "门诊日志_20261201.xlsx")
    with pytest.raises(DraftError) as refused:
        draft_spec(source, "medical/outpatients", license="CC0-1.0", owner="test")
    said = str(refused.value)
    assert said.startswith("门诊日志_20261201.xlsx is an Excel workbook (.xlsx)")
    assert "bohai-init-" not in said and "refused" not in said


def test_refusals_name_the_users_file_not_the_sample_copy(tmp_path: Path) -> None:
    source = tmp_path / "notes.csv"
    source.write_text("only\n" + "one column\n" * 5, encoding="utf-8")
    with pytest.raises(DraftError) as refused:
        draft_spec(source, "medical/notes_x", license="CC0-1.0", owner="test")
    assert "notes.csv" in str(refused.value) and "bohai-init-" not in str(refused.value)
