"""Every connector names a row's raw file the same way: its own name (name.zip!member in an
archive), never the kept copy's path under the work area (.bohai/work/<dataset>/<day>/raw/files)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from connectors.base import source_name
from connectors.registry import get_connector, known_formats
from pipelines.sources import expand_uri
from samples.people_table import people_table
from samples.registry import generate_sample
from schemas.spec import DatasetSpec, load_specs

REPO = Path(__file__).resolve().parents[2]
DAY = date(2024, 3, 5)
SAMPLED = [s for s in load_specs(REPO / "datasets") if s.source.uri.startswith("sample://")]


def _work_copy(root: Path, dataset: str) -> Path:
    """The raw/files folder a run keeps its copies in (the path no row may carry)."""
    files = root / ".bohai" / "work" / dataset.replace("/", "_") / DAY.isoformat() / "raw" / "files"
    files.mkdir(parents=True)
    return files


def _sources(
    connector_format: str, options: dict, encoding: str, path: Path, out: Path
) -> tuple[pl.Series, list[pl.Series]]:
    """(quarantine source_file values, each table's source_file values) of one connector run."""
    connector = get_connector(connector_format, options)
    connector.encoding = encoding
    out.mkdir()
    result = connector.read([path], out, DAY)
    tables = [pl.read_parquet(p) for p in result.outputs("table").values()]
    quarantine = pl.read_parquet(result.quarantine_path)["source_file"]
    return quarantine, [t["source_file"] for t in tables if "source_file" in t.columns]


def _named_by_its_file(values: pl.Series, path: Path) -> bool:
    """True when every value is the file's own name or one of its archive members."""
    return all(v == path.name or v.startswith(f"{path.name}!") for v in values.unique())


def test_every_connector_is_covered() -> None:
    covered = {s.source.format for s in SAMPLED} | {"delimited_table"}
    assert set(known_formats()) <= covered, "add the new connector's sample here"


@pytest.mark.parametrize("spec", SAMPLED, ids=lambda s: s.id)
def test_quarantine_and_rows_name_the_file_not_the_work_copy(
    spec: DatasetSpec, tmp_path: Path
) -> None:
    files = _work_copy(tmp_path, spec.id)
    path = generate_sample(expand_uri(spec.source.uri, DAY).split("://", 1)[1], files, DAY)
    quarantine, tables = _sources(
        spec.source.format, spec.source.options, spec.source.encoding, path, tmp_path / "out"
    )
    assert quarantine.len() > 0, "each sample has broken records on purpose"
    assert _named_by_its_file(quarantine, path), quarantine.unique().to_list()
    assert tables and all(_named_by_its_file(t, path) for t in tables)
    assert not any(str(tmp_path) in v or ".bohai" in v for v in quarantine.unique())


def test_delimited_table_names_the_file(tmp_path: Path) -> None:
    path = _work_copy(tmp_path, "people") / "patients.csv"
    path.write_text(people_table(rows=40).text, encoding="utf-8")
    quarantine, (table,) = _sources("delimited_table", {}, "utf-8", path, tmp_path / "out")
    assert quarantine.len() > 0
    assert set(quarantine) == set(table) == {"patients.csv"}


def test_source_name_of_files_and_archive_members() -> None:
    kept = Path("/home/u/.bohai/work/ds/2024-03-05/raw/files/AIS_2024_03_05.csv")
    assert source_name(kept) == "AIS_2024_03_05.csv"
    assert (
        source_name(Path("/w/raw/files/te_runs.zip"), "data/d01.dat") == "te_runs.zip!data/d01.dat"
    )
