"""The fast Synthea read gives exactly what the careful, line-by-line read gives: the same
tables, quarantine rows, ledger and line counts, on the real export and on damaged copies."""

from __future__ import annotations

import csv
import gzip
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import connectors.clean_lines as clean_lines
import connectors.synthea_spill as synthea_spill
from connectors.csv_records import CsvRecords
from connectors.synthea_csv import SyntheaCsvConnector
from tests.connectors.line_damage import DAMAGE, KINDS, damaged, file_bytes
from tests.connectors.read_outcome import assert_same_outcome, read_outcome

SMALL = ("allergies", "careplans", "conditions", "immunizations", "patients", "procedures")
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "latin-1", "big5")


def _outcome(paths: list[Path], out: Path, careful: bool, encoding: str) -> tuple:
    """Everything one read hands on (tables, quarantine, ledger and counts, or the error)."""
    connector = SyntheaCsvConnector(careful=careful)
    connector.encoding = encoding
    return read_outcome(connector, paths, out)


def _same(paths: list[Path], work: Path, encoding: str = "utf-8") -> tuple:
    """Read `paths` both ways and assert the outcomes are equal; returns the fast one."""
    careful = _outcome(paths, work / "careful", True, encoding)
    fast = _outcome(paths, work / "fast", False, encoding)
    assert_same_outcome(fast, careful)
    return fast


@pytest.fixture
def careful_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the files read line by line as a whole (the fast read's fallback)."""
    names: list[str] = []
    real = synthea_spill.spill_careful

    def spy(spill: synthea_spill.Spill, reader: CsvRecords) -> tuple:
        names.append(spill.name)
        return real(spill, reader)

    monkeypatch.setattr(synthea_spill, "spill_careful", spy)
    return names


@pytest.mark.integration
def test_real_export_reads_the_same_fast_and_never_carefully(
    tmp_path: Path, shared_file: Callable[[str], Path], careful_files: list[str]
) -> None:
    """The real export as files and as a zip: equal outcomes, and no file read line by line
    as a whole on the fast route."""
    folder = shared_file("medical/synthea/patients.csv").parent
    paths = sorted(folder.glob("*.csv"))
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in paths:
            zf.write(path, f"csv/{path.name}")
    tables, quarantine, _ = _same(paths, tmp_path / "files")
    assert quarantine.height == 0 and tables["observations"].height > 900
    careful_files.clear()
    _outcome(paths, tmp_path / "fast", False, "utf-8")
    _outcome([archive], tmp_path / "fast_zip", False, "utf-8")
    assert careful_files == []
    _same([archive], tmp_path / "zip")


@pytest.mark.integration
@pytest.mark.parametrize("kind", KINDS)
def test_each_damage_reads_the_same_fast_and_carefully(
    tmp_path: Path, shared_file: Callable[[str], Path], careful_files: list[str], kind: str
) -> None:
    """Each damage alone, at two places of the real conditions.csv: the same outcome, and only
    a bare CR, a header of another layout or blank lines before it send the file to the
    line-by-line reader."""
    lines = shared_file("medical/synthea/conditions.csv").read_bytes().split(b"\n")[:-1]
    damaged(lines, kind, 0.3, 0.4, "gb18030")
    damaged(lines, kind, 0.8, 0.7, "utf-8")
    path = tmp_path / "in" / "conditions.csv"
    path.parent.mkdir()
    path.write_bytes(b"\n".join(lines) + b"\n")
    _same([path], tmp_path)
    whole = careful_files  # the careful read itself calls it from synthea_csv, unseen
    assert whole == (["conditions.csv"] if kind in ("bare_cr", "header", "leading_blank") else [])


@pytest.mark.integration
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    damages=st.lists(st.tuples(st.sampled_from(SMALL), DAMAGE), min_size=1, max_size=6),
    encoding=st.sampled_from(ENCODINGS),
    chinese=st.sampled_from(["utf-8", "gb18030"]),
    crlf=st.booleans(),
    bom=st.booleans(),
    final_newline=st.booleans(),
    container=st.sampled_from(["files", "zip", "gzip"]),
    chunk=st.sampled_from([2048, 1 << 20]),
)
def test_damaged_copies_read_the_same_fast_and_carefully(
    shared_file: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    damages: list[tuple[str, tuple[str, float, float]]],
    encoding: str,
    chinese: str,
    crlf: bool,
    bom: bool,
    final_newline: bool,
    container: str,
    chunk: int,
) -> None:
    """Real files with stray quotes, cut lines, NULs, other encodings, BOMs, CRLF, copies,
    blank lines, huge fields, wrong field counts and absurd dates, read as files, a zip or
    gzip, in small or large pre-scan chunks: both reads agree."""
    monkeypatch.setattr(clean_lines, "CHUNK", chunk)
    folder = shared_file("medical/synthea/patients.csv").parent
    texts = {t: (folder / f"{t}.csv").read_bytes().split(b"\n")[:-1] for t in SMALL}
    for table, (kind, where, at) in damages:
        damaged(texts[table], kind, where, at, chinese)
    blobs = {t: file_bytes(lines, crlf, bom, final_newline) for t, lines in texts.items()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder_in = work / "in"
        folder_in.mkdir()
        if container == "zip":
            paths = [folder_in / "export.zip"]
            with zipfile.ZipFile(paths[0], "w", zipfile.ZIP_DEFLATED) as zf:
                for table, blob in blobs.items():
                    zf.writestr(f"csv/{table}.csv", blob)
                zf.writestr("csv/claims.csv", b'Id,PATIENTID\r\nc1,p1\rc2,"p\n1"\n')
        else:
            paths = []
            for table, blob in blobs.items():
                path = folder_in / f"{table}.csv"
                path.write_bytes(gzip.compress(blob) if container == "gzip" else blob)
                paths.append(path)
        _same(paths, work, encoding)


@pytest.mark.integration
def test_a_file_with_every_field_quoted_is_read_line_by_line(
    tmp_path: Path, shared_file: Callable[[str], Path], careful_files: list[str]
) -> None:
    """Most lines flagged (a QUOTE_ALL export): the whole file goes to the careful reader,
    which is as fast there; the outcome is the same."""
    with shared_file("medical/synthea/conditions.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    path = tmp_path / "in" / "conditions.csv"
    path.parent.mkdir()
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL).writerows(rows)
    tables, quarantine, _ = _same([path], tmp_path)
    assert careful_files == ["conditions.csv"]
    assert tables["conditions"].height == len(rows) - 1 and quarantine.height == 0
