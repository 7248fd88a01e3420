"""Row rules: each flags exactly the rows that break it and says why."""

from __future__ import annotations

import polars as pl
import pytest
from ais_rows import fix

from quality.rules.base import get_rule
from quality.rules.imo_check_digit import imo_is_valid
from schemas.ais import AIS_POSITIONS


def _frame(rows: list[dict]) -> pl.DataFrame:
    return AIS_POSITIONS.conform(pl.DataFrame(rows)).collect().with_row_index("_row")


def _hits(rule: str, rows: list[dict], **params: object) -> list[int]:
    return sorted(get_rule(rule, params).violations(_frame(rows))["_row"].to_list())


@pytest.mark.parametrize(
    ("mmsi", "bad"),
    [
        (412000001, False),
        (41200000, True),
        (100000000, True),
        (775999999, False),
        (999999999, True),
    ],
)
def test_mmsi_valid(mmsi: int, bad: bool) -> None:
    assert _hits("mmsi_valid", [fix(1, 0, 38.9, 121.6, mmsi=mmsi)]) == ([0] if bad else [])


@pytest.mark.parametrize(("imo", "ok"), [(9307839, True), (9307838, False), (123, False)])
def test_imo_check_digit(imo: int, ok: bool) -> None:
    assert imo_is_valid(imo) is ok
    assert _hits("imo_check_digit", [fix(1, 0, 38.9, 121.6, imo=imo)]) == ([] if ok else [0])


def test_missing_imo_is_not_a_check_digit_error() -> None:
    assert _hits("imo_check_digit", [fix(1, 0, 38.9, 121.6)]) == []


def test_coordinate_range_flags_impossible_and_half_missing() -> None:
    rows = [
        fix(1, 0, 38.9, 121.6),
        fix(2, 1, 95.0, 121.6),
        fix(3, 2, None, 121.6),
        fix(4, 3, None, None),
    ]
    assert _hits("coordinate_range", rows) == [1, 2]


def test_duplicate_fix_keeps_first_report_only() -> None:
    rows = [
        fix(1, 0, 38.9, 121.6),
        fix(7, 0, 38.9, 121.6, source_file="b.nmea"),
        fix(2, 0, 38.9, 121.6),
        fix(3, 1, 38.9, 121.6),
    ]
    assert _hits("duplicate_fix", rows) == [1, 2]  # a.nmea:1 is first; b.nmea:7 and a.nmea:2 repeat


def test_duplicate_fix_ignores_untimed_reports() -> None:
    rows = [
        fix(1, 0, 38.9, 121.6, timestamp_source="file_date"),
        fix(2, 0, 38.9, 121.6, timestamp_source="file_date"),
    ]
    assert _hits("duplicate_fix", rows) == []


def test_implied_speed_flags_a_spike_but_not_its_neighbours() -> None:
    rows = [
        fix(1, 0, 38.90, 121.60),
        fix(2, 1, 38.901, 121.60),
        fix(3, 2, 39.90, 121.60),  # 60 nm in one minute
        fix(4, 3, 38.903, 121.60),
        fix(5, 4, 38.904, 121.60),
    ]
    assert _hits("implied_speed", rows, max_knots=60) == [2]


def test_implied_speed_flags_a_jump_at_either_end() -> None:
    start = [fix(1, 0, 39.9, 121.6), fix(2, 1, 38.9, 121.6), fix(3, 2, 38.901, 121.6)]
    end = [fix(1, 0, 38.9, 121.6), fix(2, 1, 38.901, 121.6), fix(3, 2, 39.9, 121.6)]
    assert _hits("implied_speed", start, max_knots=60) == [0]
    assert _hits("implied_speed", end, max_knots=60) == [2]


def test_implied_speed_leaves_fast_but_possible_tracks_alone() -> None:
    rows = [fix(i, i, 38.9 + i * 0.0066, 121.6) for i in range(5)]  # ~24 kn
    assert _hits("implied_speed", rows, max_knots=60) == []


def test_unknown_rule_is_named() -> None:
    with pytest.raises(KeyError, match="unknown quality rule 'teleport'"):
        get_rule("teleport", {})
