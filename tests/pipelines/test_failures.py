"""Root causes: the innermost exception, where in the data and the code, not Dagster's wrapper."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
from dagster._utils.error import serializable_error_info_from_exc_info

from pipelines.failures import check_failures, code_location, data_location, innermost


def _raise_polars_error() -> None:
    try:
        pl.DataFrame({"a": ["x"]}).select(pl.col("a").cast(pl.Int64, strict=True))
    except Exception as exc:
        raise RuntimeError("Error occurred while executing op") from exc


def test_innermost_is_the_polars_error_with_its_frame() -> None:
    try:
        _raise_polars_error()
    except RuntimeError:
        info = serializable_error_info_from_exc_info(sys.exc_info())
    root = innermost(info)
    assert "InvalidOperationError" in (root.cls_name or "")
    assert "conversion from `str` to `i64` failed" in root.message
    assert code_location(root) is not None


def test_data_location_from_messages() -> None:
    assert data_location("/w/raw/AIS.csv, line 7: missing columns MMSI") == "/w/raw/AIS.csv, line 7"
    assert data_location("could not parse `x` as dtype i64 at line 12") == "line 12"
    assert data_location("no location here") is None


def test_failed_blocking_checks_become_failures(tmp_path: Path) -> None:
    reports = {
        "parsed": {"checks": {"contract_holds": {"passed": True, "blocking": True}}},
        "scrubbed": {
            "checks": {
                "no_raw_identifiers_remain": {
                    "passed": False, "blocking": True, "detail": "t.call_sign: 2 raw values found"
                },
                "quarantine_share_within_limit": {"passed": False, "blocking": False},
            }
        },
    }  # fmt: skip
    found = check_failures(reports, "2023-01-11", tmp_path, "run-1")
    assert [(f.stage, f.run_id) for f in found] == [("scrubbed", "run-1")]
    assert "no_raw_identifiers_remain failed: t.call_sign: 2 raw values found" in found[0].cause
