"""Date shifting: one offset per subject, the same in every table, different between subjects."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from privacy.deid.operators import OperatorError, Secrets, build_operator
from privacy.deid.operators.date_shift import shift_days

KEY = b"d" * 32
SECRETS = Secrets(pseudonym_key=KEY)


def _shift(frame: pl.DataFrame, max_days: int = 30) -> tuple[pl.DataFrame, dict[str, object]]:
    op = build_operator({"operator": "date_shift", "subject": "pid", "max_days": max_days})
    result = op.apply(frame.lazy(), "day", SECRETS)
    return result.lf.collect(), result.detail


def _offsets(before: pl.DataFrame, after: pl.DataFrame) -> list[int | None]:
    return [
        (a - b).days if a is not None and b is not None else None
        for a, b in zip(after.get_column("day"), before.get_column("day"), strict=True)
    ]


def test_offset_is_consistent_within_a_subject_and_across_tables() -> None:
    admissions = pl.DataFrame(
        {"pid": ["p1", "p1", "p2", "p3"], "day": [date(2024, 1, 10), date(2024, 2, 1),
                                                  date(2024, 1, 10), date(2024, 3, 5)]}
    )  # fmt: skip
    labs = pl.DataFrame({"pid": ["p2", "p1"], "day": [date(2023, 12, 31), date(2024, 5, 5)]})
    out_a, _ = _shift(admissions)
    out_l, _ = _shift(labs)
    off_a, off_l = _offsets(admissions, out_a), _offsets(labs, out_l)
    assert off_a[0] == off_a[1] == off_l[1] == shift_days(KEY, "p1", 30)
    assert off_a[2] == off_l[0] == shift_days(KEY, "p2", 30)
    assert len({off_a[0], off_a[2], off_a[3]}) == 3
    # Intervals within a subject survive.
    assert (out_a["day"][1] - out_a["day"][0]).days == 22


def test_offsets_differ_between_subjects_and_stay_within_bounds() -> None:
    offsets = [shift_days(KEY, f"patient-{i}", 30, direction="back") for i in range(200)]
    assert all(-30 <= o <= -1 for o in offsets) and len(set(offsets)) == 30  # back only
    both = [shift_days(KEY, f"patient-{i}", 30) for i in range(200)]  # the default: as before
    assert all(1 <= abs(o) <= 30 for o in both)
    assert any(o < 0 for o in both) and any(o > 0 for o in both)
    assert [abs(o) for o in both] == [-o for o in offsets], "back keeps each magnitude"
    assert all(b == o for b, o in zip(both, offsets, strict=True) if b < 0)
    other_key = [shift_days(b"x" * 32, f"patient-{i}", 30, direction="back") for i in range(200)]
    assert other_key != offsets


def test_datetimes_and_text_dates_are_shifted_too() -> None:
    frame = pl.DataFrame({"pid": ["p1", "p1"], "day": [datetime(2024, 1, 10, 8, 30), None]})
    out, _ = _shift(frame)
    expected = shift_days(KEY, "p1", 30)
    assert (out["day"][0] - datetime(2024, 1, 10, 8, 30)).days == expected
    assert out["day"][0].hour == 8 and out["day"][1] is None
    text = pl.DataFrame({"pid": ["p1"], "day": ["2024-01-10"]})
    out_t, _ = _shift(text)
    assert (out_t["day"][0] - date(2024, 1, 10)).days == expected


def test_rows_without_subject_are_nulled_and_counted() -> None:
    frame = pl.DataFrame({"pid": ["p1", None], "day": [date(2024, 1, 1), date(2024, 1, 2)]})
    out, detail = _shift(frame)
    assert out["day"][1] is None and detail["suppressed"] == 1


def test_unreadable_dates_and_unknown_subject_are_errors() -> None:
    with pytest.raises(OperatorError, match="first at row 1"):
        _shift(pl.DataFrame({"pid": ["p1", "p1"], "day": ["2024-01-01", "soon"]}))
    op = build_operator({"operator": "date_shift", "subject": "nobody"})
    with pytest.raises(OperatorError, match="subject 'nobody' not found"):
        op.apply(pl.LazyFrame({"day": [date(2024, 1, 1)]}), "day", SECRETS)
