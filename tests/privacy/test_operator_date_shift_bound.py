"""Property: a shifted date never lies after the source's latest date (+ 0 days), so never past
the release date or in the future; a subject's intervals survive the shift."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.deid.operators import Secrets, build_operator

SUBJECTS = st.sampled_from([f"p{i}" for i in range(40)] + [None])
DAYS = st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31))
ROWS = st.lists(st.tuples(SUBJECTS, st.one_of(st.none(), DAYS)), min_size=1, max_size=60)


def _shifted(
    frame: pl.DataFrame, max_days: int, key: bytes, direction: str = "back"
) -> pl.DataFrame:
    params = {"subject": "pid", "max_days": max_days, "direction": direction}
    op = build_operator({"operator": "date_shift", **params})
    return op.apply(frame.lazy(), "day", Secrets(pseudonym_key=key)).lf.collect()


@settings(max_examples=150, deadline=None)
@given(rows=ROWS, max_days=st.integers(1, 36500), key=st.binary(min_size=16, max_size=32))
def test_no_shifted_date_lies_after_the_sources_latest(
    rows: list[tuple[str | None, date | None]], max_days: int, key: bytes
) -> None:
    frame = pl.DataFrame(rows, schema={"pid": pl.String, "day": pl.Date}, orient="row")
    out = _shifted(frame, max_days, key)
    latest = frame.get_column("day").max()
    moved = out.get_column("day").drop_nulls()
    if latest is not None and moved.len():
        assert moved.max() <= latest  # + 0 days
    by_subject: dict[str | None, set[int]] = {}
    for (subject, before), after in zip(rows, out.get_column("day").to_list(), strict=True):
        if after is not None:
            assert subject is not None and before is not None
            assert 1 <= (before - after).days <= max_days
            by_subject.setdefault(subject, set()).add((before - after).days)
    assert all(len(offsets) == 1 for offsets in by_subject.values()), "one offset a subject"


@settings(max_examples=60, deadline=None)
@given(
    stamps=st.lists(
        st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
        min_size=1,
        max_size=30,
    ),
    max_days=st.integers(1, 3650),
)
def test_timestamps_move_back_too(stamps: list[datetime], max_days: int) -> None:
    aware = [s.replace(tzinfo=UTC) for s in stamps]
    frame = pl.DataFrame(
        {"pid": [f"p{i % 7}" for i in range(len(aware))], "day": aware},
        schema={"pid": pl.String, "day": pl.Datetime("us", "UTC")},
    )
    out = _shifted(frame, max_days, b"k" * 32).get_column("day").to_list()
    for before, after in zip(aware, out, strict=True):
        assert after is not None and timedelta(days=1) <= before - after <= timedelta(max_days)
    assert max(out) <= max(aware)


def test_a_visit_on_the_release_day_stays_before_it() -> None:
    """The trial's case: a visit dated today, shifted, must not land in the future."""
    today = date(2026, 12, 7)
    frame = pl.DataFrame({"pid": [f"p{i}" for i in range(200)], "day": [today] * 200})
    out = _shifted(frame, 365, b"r" * 32).get_column("day")
    assert out.max() < today and out.min() >= today - timedelta(days=365)
    both = _shifted(frame, 365, b"r" * 32, "both").get_column("day")
    assert both.max() > today, "the scheme before moved about half the visits into the future"
