"""Unparsable fields are summarised per column: how many, the commonest values, a likely cause."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from connectors.base import QUARANTINE_SCHEMA
from quality.presence import empty_input_detail
from quality.unparsable import unparsable_summary


def _quarantine(path: Path, details: list[str], reason: str = "unparsable_field") -> Path:
    rows = [
        {"source_file": "dcs.csv", "source_line": i + 2, "stage": "ingest", "reason": reason,
         "detail": d, "raw": None}
        for i, d in enumerate(details)
    ]  # fmt: skip
    pl.DataFrame(rows, schema=QUARANTINE_SCHEMA).write_parquet(path)
    return path


def test_decimal_commas_are_counted_and_named_beside_the_other_values(tmp_path: Path) -> None:
    details = [f"unparsable temp=35{i % 4},1{i % 3}" for i in range(27)] + [
        "unparsable temp=Bad Input; flow=I/O Timeout"
    ] * 3
    q = _quarantine(tmp_path / "q.parquet", details)
    summary = unparsable_summary(q, 30, {"temp": "float64", "flow": "float64"})
    assert summary.startswith("temp: 30 of 30 rows do not parse as float64: 27 decimal-comma")
    assert "then 'Bad Input' (3); decimal comma? set decimal_comma: true" in summary
    assert "and 9 other values" in summary  # 12 distinct numbers, 3 shown
    assert summary.endswith("flow: 3 of 30 rows do not parse as float64: 'I/O Timeout' (3)")
    files = [{"name": "dcs.csv", "bytes": 900}]
    detail = empty_input_detail({"dcs": 0}, files, q, summary)
    assert "unparsable_field 30. temp: 30 of 30" in detail and "(unparsable" not in detail


def test_no_decimal_comma_hint_for_text_or_date_columns(tmp_path: Path) -> None:
    details = ["unparsable day=3,5"] * 4 + ["unparsable day=yesterday"]
    q = _quarantine(tmp_path / "q.parquet", details)
    summary = unparsable_summary(q, 50, {"day": "date"})
    assert summary == "day: 5 of 50 rows do not parse as date: '3,5' (4), 'yesterday' (1)"
    other = _quarantine(tmp_path / "dup.parquet", ["line 3"], reason="duplicate_record")
    assert unparsable_summary(other, 10) == ""
    assert unparsable_summary(tmp_path / "missing.parquet", 10) == ""
