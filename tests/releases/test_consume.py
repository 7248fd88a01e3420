"""One release, read unchanged by polars, DuckDB, pyarrow.dataset and Hugging Face datasets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from releases.consume import open_release, release_dataset, scan_release
from releases.refs import DatasetRef
from releases.store import ReleaseStore

DS = "marine/typed"


def _frame(n: int, start: int) -> pl.DataFrame:
    t0 = datetime(2026, 11, 1, tzinfo=UTC)
    return pl.DataFrame(
        {
            "vessel_id": [f"v{i:04d}" if i % 11 else None for i in range(start, start + n)],
            "ts": [t0 + timedelta(seconds=37 * i) for i in range(start, start + n)],
            "lat": [38.5 + i / 1000 for i in range(start, start + n)],
            "status": pl.Series([i % 16 for i in range(start, start + n)], dtype=pl.Int8),
            "moored": [i % 3 == 0 for i in range(start, start + n)],
        }
    )


@pytest.fixture
def release(store: ReleaseStore, publish_frames: Callable) -> tuple[ReleaseStore, pa.Table]:
    """A two-file release and the rows it must read back as."""
    parts = {"d1": _frame(300, 0), "d2": _frame(200, 300)}
    publish_frames(store, DS, {"vessels": parts})
    return store, pl.concat(list(parts.values())).to_arrow()


def _rows(table: pa.Table) -> list[dict]:
    return table.select(["vessel_id", "ts", "lat", "status", "moored"]).to_pylist()


def test_every_reader_sees_the_same_rows(
    release: tuple[ReleaseStore, pa.Table], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, expected = release
    opened = open_release(DatasetRef(DS, "1.0.0"), store)
    paths = opened.data_paths()
    want = _rows(expected)

    by_polars = scan_release(DatasetRef(DS, "latest"), store).collect()
    assert by_polars.columns == expected.column_names
    assert _rows(by_polars.to_arrow()) == want

    by_duckdb = duckdb.sql(f"SELECT * FROM read_parquet({paths!r})").arrow()
    if isinstance(by_duckdb, pa.RecordBatchReader):
        by_duckdb = by_duckdb.read_all()
    assert by_duckdb.column_names == expected.column_names and _rows(by_duckdb) == want

    by_arrow = release_dataset("marine/typed@1.0.0", store).to_table()
    assert by_arrow.schema.equals(pq.read_schema(paths[0])) and _rows(by_arrow) == want

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets  # test dependency (pyproject dev extra)

    by_hf = datasets.load_dataset(
        "parquet", data_files=paths, split="train", cache_dir=str(tmp_path / "hf-cache")
    )
    assert by_hf.column_names == expected.column_names
    assert _rows(by_hf.data.table) == want


def test_reading_a_release_folder_directly_verifies_it(
    release: tuple[ReleaseStore, pa.Table],
) -> None:
    store, expected = release
    folder = store.resolve(DatasetRef(DS, "1.0.0"))
    assert scan_release(str(folder)).select(pl.len()).collect().item() == expected.num_rows
    with pytest.raises(ValueError, match="no table"):
        scan_release(str(folder), table="missing")
