"""Date shifting at the ends of the calendar: nulled and counted, never `year 0 is out of range`."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from privacy.deid.operators import Secrets, build_operator
from privacy.deid.operators.date_shift import shift_days

KEY = b"d" * 32


def _subjects(sign: int, n: int = 2) -> list[str]:
    """Subjects whose offset under KEY has the given sign."""
    found = [
        f"p{i}"
        for i in range(200)
        if (shift_days(KEY, f"p{i}", 30, direction="both") > 0) == (sign > 0)
    ]
    return found[:n]


def _shift(frame: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, object]]:
    op = build_operator(
        {"operator": "date_shift", "subject": "pid", "max_days": 30, "direction": "both"}
    )  # the scheme before, whose forward shifts can pass year 9999
    result = op.apply(frame.lazy(), "day", Secrets(pseudonym_key=KEY))
    return result.lf.collect(), result.detail


def test_shift_before_year_one_is_nulled_and_counted() -> None:
    back, forward = _subjects(-1, 1)[0], _subjects(+1, 1)[0]
    frame = pl.DataFrame(
        {"pid": [back, forward, back], "day": [date(1, 1, 1), date(1, 1, 1), date(2024, 5, 1)]}
    )
    out, detail = _shift(frame)
    assert out["day"][0] is None  # would have been year 0
    assert out["day"][1] == date(1, 1, 1 + shift_days(KEY, forward, 30, direction="both"))
    assert out["day"][2] is not None
    assert detail["out_of_range"] == 1
    assert out.to_dicts()  # converting to Python dates no longer raises


def test_shift_after_year_9999_and_text_and_datetime_values() -> None:
    forward = _subjects(+1, 1)[0]
    text = pl.DataFrame({"pid": [forward], "day": ["9999-12-31"]})
    out, detail = _shift(text)
    assert out["day"].to_list() == [None] and detail["out_of_range"] == 1
    back = _subjects(-1, 1)[0]
    stamps = pl.DataFrame(
        {"pid": [back], "day": [datetime(1, 1, 2, 8, 0, tzinfo=UTC)]},
        schema={"pid": pl.String, "day": pl.Datetime("us", "UTC")},
    )
    out, detail = _shift(stamps)
    assert out["day"].to_list() == [None] and detail["out_of_range"] == 1
