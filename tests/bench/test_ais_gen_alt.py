"""The independent AIS generator writes what it says: exact row count, its quirks, its dirt."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import ais_gen_alt  # noqa: E402

ROWS = 20_000


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ais_gen_alt.Planted]:
    path = tmp_path_factory.mktemp("alt") / "AIS_2026_11_01.csv"
    return path, ais_gen_alt.write_alt_csv(path, ROWS, date(2026, 11, 1))


def test_exact_rows_crlf_and_its_own_column_order(written) -> None:
    path, planted = written
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and len(lines) - 2 == ROWS == planted.rows
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert lines[0].decode().split(",") == list(ais_gen_alt.COLUMNS)
    assert lines[0].decode().split(",").index("TransceiverClass") == 10
    assert any(b', JR"' in line for line in lines[1:])  # a name quoted for its comma


def test_repeats_are_exact_copies_and_other_dirt_is_present(written) -> None:
    path, planted = written
    lines = path.read_bytes().split(b"\r\n")[1:-1]
    copies = sum(a == b for a, b in zip(lines, lines[1:], strict=False))
    assert copies >= planted.kinds["repeat"] > 0
    frame = pl.read_csv(path, infer_schema=False)
    assert (frame["LAT"] == "95.1").sum() == planted.kinds["lat_out"]
    assert (frame["MMSI"].str.len_chars() == 7).sum() == planted.kinds["short_mmsi"]
    assert sum(planted.kinds.values()) > 0.005 * ROWS


def test_timestamps_stay_inside_the_day(written) -> None:
    path, _ = written
    stamps = pl.read_csv(path, infer_schema=False)["BaseDateTime"].str.to_datetime(strict=False)
    good = stamps.drop_nulls()
    assert good.min().date() == good.max().date() == date(2026, 11, 1)
