"""Spill rows decoded in Python to Parquet part files, so memory stays bounded by one chunk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl


class ChunkedParquet:
    """Buffers row tuples and writes each full chunk as a numbered part file under `directory`."""

    def __init__(self, directory: Path, schema: pl.Schema, chunk_rows: int = 100_000) -> None:
        self.directory = directory
        self.schema = schema
        self.chunk_rows = chunk_rows
        self.rows = 0
        self._buffer: list[tuple[Any, ...]] = []
        self._parts: list[Path] = []
        directory.mkdir(parents=True, exist_ok=True)

    def append(self, row: tuple[Any, ...]) -> None:
        """Add one row (values in schema order); spills to disk when the chunk is full."""
        self._buffer.append(row)
        if len(self._buffer) >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        """Write buffered rows as the next part file."""
        if not self._buffer:
            return
        frame = pl.DataFrame(self._buffer, schema=self.schema, orient="row")
        part = self.directory / f"part-{len(self._parts):05d}.parquet"
        frame.write_parquet(part, compression="lz4")
        self._parts.append(part)
        self.rows += len(self._buffer)
        self._buffer = []

    def paths(self) -> list[Path]:
        """The part files written so far (flushes first), in append order."""
        self.flush()
        return list(self._parts)

    def scan(self) -> pl.LazyFrame:
        """All rows written so far (flushes first), lazily, in append order."""
        self.flush()
        if not self._parts:
            return pl.LazyFrame(schema=self.schema)
        return pl.scan_parquet(self._parts)
