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


def test_a_step_failure_names_its_type_once(tmp_path: Path) -> None:
    import errno

    import dagster as dg

    from pipelines.failures import step_failures

    @dg.op
    def raw() -> None:
        raise OSError(errno.EFBIG, "File too large", str(tmp_path / "a.csv"))

    @dg.job
    def copies() -> None:
        raw()

    result = copies.execute_in_process(raise_on_error=False)
    (failure,) = step_failures(result.get_step_failure_events(), "d", tmp_path, result.run_id)
    assert failure.error_type == "OSError"
    assert failure.cause.startswith("[Errno 27] File too large"), failure.cause
    assert f"{failure.error_type}: {failure.cause}".count("OSError") == 1, "not 'OSError: OSError:'"
