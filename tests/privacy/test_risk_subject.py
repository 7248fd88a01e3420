"""k-anonymity counted in distinct people when a table has several rows per person."""

from __future__ import annotations

import random
from datetime import date, timedelta

import polars as pl
import pytest
from pydantic import ValidationError

from privacy.risk.measures import PrivacyRiskConfig, build_ladder, enforce_config, kanonymity

# (sex, age): (F,30) holds 6 visits of 2 patients, (F,31) 5 visits of 5 patients, (M,40) 3 visits
# of 1 patient plus 2 visits with no patient id (each counted as one person).
VISITS = pl.LazyFrame(
    {
        "sex": ["F"] * 11 + ["M"] * 5,
        "age": [30] * 6 + [31] * 5 + [40] * 5,
        "pid": ["a", "a", "a", "b", "b", "b", "c", "d", "e", "f", "g", "h", "h", "h", None, None],
    }
)


def test_class_size_counts_distinct_subjects_and_null_subjects_once_each() -> None:
    rows = kanonymity(VISITS, ["sex", "age"], k=3)
    people = kanonymity(VISITS, ["sex", "age"], k=3, subject="pid")
    assert rows.smallest_class == 5 and rows.passed
    assert people.smallest_class == 2
    assert people.classes == 3
    assert people.classes_below_k == 1 and people.records_below_k == 6  # rows of (F,30)
    assert people.class_size_histogram == {"2": 1, "3": 1, "5-9": 1}
    assert people.subjects == 8 + 2
    assert people.as_dict()["unit"] == "subjects" and people.as_dict()["subject"] == "pid"
    assert "subject" not in rows.as_dict() and "unit" not in rows.as_dict()


def _clinic(seed: int = 7) -> pl.DataFrame:
    """300 patients, 2,000 visits: every patient repeats the same (sex, birth date, district)."""
    rng = random.Random(seed)
    people = [
        (
            f"p{i:03d}",
            rng.choice("FM"),
            date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365)),
            rng.choice("ABCDEFGH"),
        )
        for i in range(300)
    ]
    visits = [people[i % 300] for i in range(300)] + [rng.choice(people) for _ in range(1700)]
    return pl.DataFrame(visits, schema=["patient", "sex", "birth_date", "district"], orient="row")


def _people_per_class(frame: pl.DataFrame, quasi: list[str]) -> pl.Series:
    """Distinct patients of every class that still carries a quasi-identifier."""
    return (
        frame.filter(~pl.all_horizontal(pl.col(c).is_null() for c in quasi))
        .group_by(quasi)
        .agg(pl.col("patient").n_unique().alias("people"))
        .get_column("people")
    )


def test_row_k_holds_but_person_k_fails_and_subject_enforcement_fixes_it() -> None:
    clinic = _clinic()
    quasi = ["sex", "birth_date", "district"]
    hierarchies = {"birth_date": "birth_date"}
    rows_cfg = PrivacyRiskConfig(
        quasi_identifiers=quasi, k=5, hierarchies=hierarchies, max_suppression=0.1
    )
    people_cfg = rows_cfg.model_copy(update={"subject": "patient"})
    by_rows, rows_fig = enforce_config(clinic.lazy(), rows_cfg)
    assert rows_fig["k_anonymity"]["after"]["passed"]
    assert int(_people_per_class(by_rows.collect(), quasi).min()) < 5  # the trial's false claim
    out, fig = enforce_config(clinic.lazy(), people_cfg)
    released = out.collect()
    assert released.height == clinic.height
    assert int(_people_per_class(released, quasi).min()) >= 5
    k = fig["k_anonymity"]
    assert k["after"]["passed"] and k["after"]["k_achieved"] >= 5
    assert k["after"]["unit"] == "subjects" and k["after"]["subjects"] == 300
    assert k["before"]["records"] == 2000 and k["before"]["smallest_class"] < 5
    # records_suppressed is in rows: the rows whose quasi-identifiers were all blanked.
    blanked = released.filter(pl.all_horizontal(pl.col(c).is_null() for c in quasi)).height
    assert k["records_suppressed"] == blanked
    # Suppression blanks a too-small class for every row in it, so a person is never split.
    split = released.group_by("patient").agg(pl.col("sex").is_null().n_unique().alias("states"))
    assert split.get_column("states").max() == 1


def test_suppression_blanks_every_row_of_a_class_with_too_few_people() -> None:
    ladders = {"sex": "suppress", "age": "suppress"}
    cfg = PrivacyRiskConfig(
        quasi_identifiers=["sex", "age"], k=3, hierarchies=ladders, max_suppression=0.5
    )
    out, fig = enforce_config(VISITS, cfg.model_copy(update={"subject": "pid"}))
    released = out.collect()
    blanked = released.filter(pl.col("sex").is_null() & pl.col("age").is_null())
    assert sorted(blanked.get_column("pid").to_list()) == ["a"] * 3 + ["b"] * 3
    assert fig["k_anonymity"]["records_suppressed"] == 6
    assert fig["k_anonymity"]["after"]["smallest_class"] == 3


def test_subject_must_not_be_a_quasi_identifier_and_must_exist() -> None:
    with pytest.raises(ValidationError):
        PrivacyRiskConfig(quasi_identifiers=["sex", "pid"], subject="pid")
    with pytest.raises(ValueError, match="subject"):
        kanonymity(VISITS, ["sex"], subject="nobody")
    assert build_ladder("suppress")
