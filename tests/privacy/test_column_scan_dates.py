"""A column of bare dates is personal only about people; dates inside sentences make it `scan`."""

from __future__ import annotations

import polars as pl
import pytest

from privacy.detect.column_scan import propose_policy
from privacy.detect.entities import DATE
from privacy.detect.scanner import Scanner


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    """One engine for the module (building it loads spaCy)."""
    return Scanner()


DAYS = [(m, d) for m in range(1, 13) for d in range(1, 28, 4)]


@pytest.mark.parametrize(
    "values",
    [
        [f"2024-{m:02d}-{d:02d}" for m, d in DAYS],
        [f"{m}/{d}/2024" for m, d in DAYS],
        [f"2024年{m}月{d}日" for m, d in DAYS],
    ],
)
def test_a_bare_date_column_is_kept_unless_the_table_is_about_people(
    scanner: Scanner, values: list[str]
) -> None:
    """An incident log's date column stays; in a table about people the dates are dropped."""
    assert propose_policy(scanner, "event_day", pl.Series(values)) is None
    got = propose_policy(scanner, "event_day", pl.Series(values), about_people=True)
    assert got is not None and got.policy == "drop" and DATE in got.evidence


def test_dates_inside_notes_make_the_column_scanned(scanner: Scanner) -> None:
    notes = [f"Patient admitted on {m}/{d}/2024 with chest pain, discharged home." for m, d in DAYS]
    got = propose_policy(scanner, "note", pl.Series(notes))
    assert got is not None and got.policy == "scan" and DATE in got.evidence
