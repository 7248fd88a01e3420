"""Both reads of a connector side by side: the careful line-by-line read defines the outcome,
and the fast read must hand on exactly the same tables, quarantine, ledger and counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from connectors.base import SourceFormatError

Outcome = tuple[Any, ...]


def read_outcome(connector: Any, paths: list[Path], out: Path) -> Outcome:
    """Everything one read hands on: tables, quarantine, ledger and counts (or the error)."""
    try:
        result = connector.read(paths, out)
    except SourceFormatError as err:
        return ("error", str(err))
    assert result.reconciles(), result.ledger
    written = result.tables or ({"table": result.table_path} if result.table_path else {})
    tables = {name: pl.read_parquet(path) for name, path in written.items()}
    quarantine = pl.read_parquet(result.quarantine_path)
    counts = (dict(result.ledger), result.input_units, result.rows_out, result.rows_quarantined)
    return tables, quarantine, counts


def assert_same_outcome(fast: Outcome, careful: Outcome) -> None:
    """The fast read's outcome equals the careful read's, frame by frame and count by count."""
    if careful[0] == "error" or fast[0] == "error":
        assert fast == careful
        return
    assert sorted(fast[0]) == sorted(careful[0])
    for name, frame in careful[0].items():
        assert_frame_equal(fast[0][name], frame, check_exact=True)
    assert_frame_equal(fast[1], careful[1], check_exact=True)
    assert fast[2] == careful[2]
