"""Exact copies among the records a connector spilled to part files, in memory that does not
grow with the records.

Each record's raw text is hashed twice by polars with two seeds (a 128-bit key, as strong as
the 16-byte digest `connectors.dedupe` keeps per record in a dict); the keys go with the
record's place (file index, line) to on-disk buckets (`connectors.line_copies.LineHashes`),
and only records whose first hash repeats come back into memory. The first copy in file order,
then line order, is kept; every later one is named with the record it copies.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from connectors.line_copies import LineHashes, bucket_bits

SEEDS = (0x5EED_0001, 0x5EED_0002)
COPY_COLUMNS = ("file", "line", "first_file", "first_line")
_LINE_BITS = 40  # connectors.line_copies packs a place as file index << 40 | line number


class RecordCopies:
    """Collects (file, line, raw text) of records chunk by chunk; `later` names the copies."""

    def __init__(self, folder: Path, input_bytes: int) -> None:
        self._hashes = LineHashes(folder, bucket_bits(input_bytes))

    def add(self, file_index: int, lines: pl.Series, raw: pl.Series) -> None:
        """Spill the keys of one chunk of a file's records: their line numbers and their raw text
        (or a struct of their fields, when a record is the same record whatever its quoting)."""
        first, second = (raw.hash(seed).to_numpy() for seed in SEEDS)
        self._hashes.add(file_index, lines.to_numpy(), first, second)

    def later(self) -> pl.DataFrame:
        """(file, line, first_file, first_line) of every later copy; the buckets are removed."""
        try:
            found = self._hashes.repeated()
        finally:
            self._hashes.close()
        keys = pl.DataFrame(
            {"h1": found["hash"], "h2": found["start"], "place": found["place"]},
            schema={"h1": pl.UInt64, "h2": pl.UInt64, "place": pl.UInt64},
        )
        copies = keys.with_columns(pl.col("place").min().over("h1", "h2").alias("first")).filter(
            pl.col("place") != pl.col("first")
        )
        return pl.DataFrame(
            {
                name: _split(copies[column].to_numpy(), part)
                for name, column, part in zip(
                    COPY_COLUMNS,
                    ("place", "place", "first", "first"),
                    ("file", "line") * 2,
                    strict=True,
                )
            },
            schema=dict.fromkeys(COPY_COLUMNS, pl.Int64),
        )


def _split(places: np.ndarray, part: str) -> np.ndarray:
    """The file index or the line number of packed places."""
    if part == "file":
        return (places >> np.uint64(_LINE_BITS)).astype(np.int64)
    return (places & np.uint64((1 << _LINE_BITS) - 1)).astype(np.int64)
