"""Empty partitions are explained file by file; U+FFFD is counted per string column."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from connectors.base import QUARANTINE_SCHEMA
from quality.encoding import replacement_characters
from quality.presence import empty_input_detail


def test_empty_input_detail_names_each_file_and_why(tmp_path: Path) -> None:
    quarantine = tmp_path / "q.parquet"
    pl.DataFrame(
        [
            {"source_file": "bad.csv", "source_line": i, "stage": "ingest",
             "reason": "bad_encoding", "detail": "byte 0xb0 at 3", "raw": None}
            for i in (1, 2)
        ],
        schema=QUARANTINE_SCHEMA,
    ).write_parquet(quarantine)  # fmt: skip
    files = [
        {"name": "zero.csv", "bytes": 0},
        {"name": "head.csv", "bytes": 120},
        {"name": "bad.csv", "bytes": 80},
    ]
    detail = empty_input_detail({"accidents": 0}, files, quarantine)
    assert detail == (
        "no readable row in any table (accidents 0): zero.csv: empty file (0 bytes); "
        "head.csv (120 bytes): no record, only a header or blank lines; "
        "bad.csv (80 bytes): every unit quarantined: bad_encoding 2 (byte 0xb0 at 3)"
    )


def test_replacement_characters_counts_rows_per_string_column() -> None:
    frame = pl.LazyFrame({"a": ["ok", "caf\ufffd", None], "b": ["x", "y", "z"], "n": [1, 2, 3]})
    assert replacement_characters(frame) == {"a": 1, "b": 0}
