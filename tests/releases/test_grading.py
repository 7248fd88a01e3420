"""GB/T 43697 grades: inherited from inputs, raised by columns, lowered only with a reason."""

from __future__ import annotations

import pytest

from releases.grading import GradingError, decide_grade

COLS = ["t.a", "t.b"]


def test_declared_grade_applies_to_every_column() -> None:
    decision = decide_grade("general", "transport", None, {}, COLS, {})
    assert decision.grade == "general" and decision.lowered is False
    assert {c["grade"] for c in decision.columns.values()} == {"general"}
    assert decision.as_manifest()["grade_zh"] == "一般数据"


def test_derived_dataset_inherits_the_highest_input_grade() -> None:
    inputs = {"marine/a@1.0.0": "general", "marine/b@2.0.0": "important"}
    with pytest.raises(GradingError, match="lower than its inputs"):
        decide_grade("general", "transport", None, inputs, COLS, {})
    raised = decide_grade("important", "transport", None, inputs, COLS, {})
    assert raised.grade == "important" and raised.inherited == "important"


def test_spec_may_lower_the_inherited_grade_with_a_reason() -> None:
    inputs = {"marine/b@2.0.0": "important"}
    decision = decide_grade(
        "general", "transport", "aggregated to 1 km grid cells", inputs, COLS, {}
    )
    assert decision.grade == "general" and decision.lowered is True
    assert decision.reason == "aggregated to 1 km grid cells"


def test_an_important_column_makes_the_dataset_important() -> None:
    decision = decide_grade(
        "general",
        "transport",
        None,
        {},
        COLS,
        {"t.b": {"grade": "important", "category": "port security"}},
    )
    assert decision.grade == "important"
    assert decision.columns["t.b"] == {
        "grade": "important",
        "category": "port security",
        "reason": None,
    }
    assert "t.b" in decision.reason


def test_unknown_columns_and_grades_are_refused() -> None:
    with pytest.raises(GradingError, match="not in the release"):
        decide_grade("general", "x", None, {}, COLS, {"t.z": {"grade": "core"}})
    with pytest.raises(GradingError, match="unknown grade"):
        decide_grade("secret", "x", None, {}, COLS, {})
