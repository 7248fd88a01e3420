"""k-anonymity and l-diversity figures computed by hand, and enforcing k with the fewest steps."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import ValidationError

from privacy.risk.measures import (
    PrivacyRiskConfig,
    build_ladder,
    enforce_config,
    enforce_k,
    kanonymity,
    ldiversity,
)

# Classes over (age, ward): (30,A)x3, (30,B)x2, (40,A)x1, (50,null)x1; two rows without any
# quasi-identifier belong to no class.
HAND = pl.LazyFrame(
    {
        "age": [30, 30, 30, 30, 30, 40, 50, None, None],
        "ward": ["A", "A", "A", "B", "B", "A", None, None, None],
        "dx": ["x", "y", "x", "x", "x", "z", "y", "x", "y"],
    }
)


def test_k_anonymity_figures_match_a_hand_count() -> None:
    report = kanonymity(HAND, ["age", "ward"], k=3)
    assert report.records == 9
    assert report.records_without_quasi == 2
    assert report.classes == 4
    assert report.smallest_class == 1
    assert report.classes_below_k == 3
    assert report.records_below_k == 4
    assert report.share_below_k == round(4 / 7, 6)
    assert report.class_size_histogram == {"1": 2, "2": 1, "3": 1}
    assert not report.passed
    assert kanonymity(HAND, ["age"], k=1).passed


def test_l_diversity_figures_match_a_hand_count() -> None:
    report = ldiversity(HAND, ["age", "ward"], "dx", l_required=2)
    assert report.smallest_l == 1
    assert report.classes_below_l == 3
    assert report.records_below_l == 4


# Every (age, zip) pair is unique; age -> 5y band plus zip -> 3 digits gives two classes of 4.
CRAFTED = pl.LazyFrame(
    {
        "age": [31, 32, 33, 34, 36, 37, 38, 39],
        "zip": ["116011", "116012", "116021", "116022", "116031", "116032", "116041", "116042"],
        "row": list(range(8)),
    }
)
LADDERS = {"age": build_ladder("age"), "zip": build_ladder("zip")}


def test_enforcement_reaches_k_with_the_fewest_steps() -> None:
    out, report = enforce_k(CRAFTED, ["age", "zip"], k=4, hierarchy=LADDERS, max_suppression=0)
    assert report.levels == {"age": "age/5y", "zip": "zip/3"}
    assert report.steps == ["age: age/5y", "zip: zip/3"]
    assert report.records_suppressed == 0
    assert report.k_achieved == 4 and report.after.passed
    assert report.before.smallest_class == 1
    frame = out.collect()
    assert frame["age"].to_list() == ["30-34"] * 4 + ["35-39"] * 4
    assert frame["zip"].to_list() == ["116"] * 8
    assert frame["row"].to_list() == list(range(8))
    assert kanonymity(out, ["age", "zip"], 4).smallest_class == 4


def test_outliers_are_suppressed_within_the_budget_and_counted() -> None:
    outlier = pl.LazyFrame({"age": [52], "zip": ["100081"], "row": [8]})
    table = pl.concat([CRAFTED, outlier])
    out, report = enforce_k(table, ["age", "zip"], k=4, hierarchy=LADDERS, max_suppression=0.2)
    assert report.steps == ["age: age/5y", "zip: zip/3"]
    assert report.records_suppressed == 1 and report.suppression_within_budget
    assert report.after.records_without_quasi == 1 and report.k_achieved == 4
    last = out.collect().row(8, named=True)
    assert last == {"age": None, "zip": None, "row": 8}
    measured = kanonymity(out, ["age", "zip"], 4)
    assert measured.passed and measured.records_without_quasi == 1


def test_without_hierarchies_only_suppression_is_left() -> None:
    out, report = enforce_k(CRAFTED, ["age", "zip"], k=2, hierarchy={}, max_suppression=1.0)
    assert report.steps == [] and report.records_suppressed == 8
    assert out.collect()["age"].null_count() == 8


def test_config_validates_and_feeds_the_manifest() -> None:
    config = PrivacyRiskConfig.model_validate(
        {
            "quasi_identifiers": ["age", "zip"],
            "k": 4,
            "hierarchies": {
                "age": "age",
                "zip": [{"kind": "zip", "keep": 3}, {"kind": "suppress"}],
            },
            "max_suppression": 0.0,
            "sensitive": "row",
            "l": 2,
        }
    )
    out, figures = enforce_config(CRAFTED, config)
    assert figures["k_anonymity"]["k_achieved"] == 4
    assert figures["k_anonymity"]["steps"] == ["age: age/5y", "zip: zip/3"]
    assert figures["l_diversity"]["smallest_l"] == 4
    with pytest.raises(ValidationError, match="unknown ladder 'height'"):
        PrivacyRiskConfig.model_validate(
            {"quasi_identifiers": ["a"], "hierarchies": {"a": "height"}}
        )
    with pytest.raises(ValidationError, match="non-quasi-identifiers"):
        PrivacyRiskConfig.model_validate({"quasi_identifiers": ["a"], "hierarchies": {"b": "age"}})
    with pytest.raises(ValidationError, match="needs a 'sensitive' column"):
        PrivacyRiskConfig.model_validate({"quasi_identifiers": ["a"], "l": 2})


def test_unreadable_quasi_identifier_is_an_error() -> None:
    table = pl.LazyFrame({"age": ["30", "thirty"]})
    with pytest.raises(ValueError, match="age: 1 values cannot be generalized by age/5y"):
        enforce_k(table, ["age"], 2, {"age": build_ladder("age")})
