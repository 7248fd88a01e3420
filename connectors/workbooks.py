"""Spreadsheet workbooks are not text: a file saved from Excel as .xlsx or .xls is named as such,
with how to save it as CSV, instead of every connector refusing it in its own words."""

from __future__ import annotations

import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other Office binaries
ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def workbook_kind(path: Path) -> str | None:
    """'an Excel workbook (.xlsx)' and the like when the file is a spreadsheet, else None."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head == OLE2:
        return "an Excel 97-2003 workbook (.xls)"
    if head[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "an Excel workbook (.xlsx)"
            if "mimetype" in names and archive.read("mimetype").startswith(ODS):
                return "an OpenDocument spreadsheet (.ods)"
    except zipfile.BadZipFile:
        return None
    return None


def save_as_csv(name: str, kind: str) -> str:
    """What to tell the user about a workbook named `name`."""
    return (
        f"{name} is {kind}, not text: Bohai reads delimited text files. Save each sheet as CSV "
        f"(Excel: File > Save As > CSV UTF-8; or `libreoffice --headless --convert-to csv "
        f"{name}`) and point Bohai at the CSV files"
    )
