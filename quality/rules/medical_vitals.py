"""Vital signs must carry an expected unit and lie within the range a living body can have.

Ranges are physiological limits (what can be measured on a living patient, infants
included), not clinical reference ranges: a value outside them is an entry or unit error.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from quality.rules.base import RowRule, register

# LOINC code -> (label, {UCUM unit: (min, max)}).
VITAL_SIGNS: dict[str, tuple[str, dict[str, tuple[float, float]]]] = {
    "8310-5": ("Body temperature", {"Cel": (30.0, 45.0), "[degF]": (86.0, 113.0)}),
    "8331-1": ("Oral temperature", {"Cel": (30.0, 45.0), "[degF]": (86.0, 113.0)}),
    "8867-4": ("Heart rate", {"/min": (20.0, 300.0)}),
    "9279-1": ("Respiratory rate", {"/min": (4.0, 80.0)}),
    "8480-6": ("Systolic blood pressure", {"mm[Hg]": (40.0, 300.0)}),
    "8462-4": ("Diastolic blood pressure", {"mm[Hg]": (20.0, 200.0)}),
    "39156-5": ("Body mass index", {"kg/m2": (8.0, 100.0)}),
    "29463-7": ("Body weight", {"kg": (0.3, 650.0), "[lb_av]": (0.66, 1433.0)}),
    "8302-2": ("Body height", {"cm": (20.0, 275.0), "[in_i]": (8.0, 108.0)}),
    "9843-4": ("Head circumference", {"cm": (20.0, 75.0)}),
    "2708-6": ("Oxygen saturation", {"%": (50.0, 100.0)}),
    "59408-5": ("Oxygen saturation by pulse oximetry", {"%": (50.0, 100.0)}),
    "72514-3": ("Pain severity 0-10", {"{score}": (0.0, 10.0)}),
}


def _ranges(extra: dict[str, Any]) -> pl.DataFrame:
    """One row per (code, unit) with its label and limits, spec additions overriding defaults."""
    table = dict(VITAL_SIGNS)
    for code, spec in extra.items():
        units = {u: (float(lo), float(hi)) for u, (lo, hi) in spec["units"].items()}
        table[code] = (spec.get("label", code), units)
    rows = [
        (code, label, unit, lo, hi)
        for code, (label, units) in table.items()
        for unit, (lo, hi) in units.items()
    ]
    return pl.DataFrame(
        rows, schema=["_code", "_label", "_unit", "_min", "_max"], orient="row"
    ).with_columns(pl.col("_code").cast(pl.String))


@register
class VitalSignRange(RowRule):
    """Vital-sign rows with an unexpected unit, no numeric value, or a value out of range.

    Params: `code`, `value` and `unit` columns (code, value_numeric, units) and `ranges`, a
    mapping code -> {label, units: {unit: [min, max]}} that adds to or overrides the defaults.
    """

    name = "vital_sign_range"
    scope = "row"  # each row is judged alone (against a parent table at most)

    def needed_columns(self) -> tuple[str, ...]:
        """Code, numeric value and unit columns."""
        p = self.params
        return (p.get("code", "code"), p.get("value", "value_numeric"), p.get("unit", "units"))

    def violations(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Match each vital sign to its (code, unit) limits and report what does not fit."""
        code, value, unit = self.needed_columns()
        ranges = _ranges(self.params.get("ranges", {}))
        labels = ranges.group_by("_code").agg(
            pl.col("_label").first(), pl.col("_unit").sort().str.join(", ").alias("_units")
        )
        vitals = frame.join(labels, left_on=code, right_on="_code", how="inner")
        matched = vitals.join(
            ranges.select("_code", "_unit", "_min", "_max"),
            left_on=[code, unit],
            right_on=["_code", "_unit"],
            how="left",
        )
        no_unit = pl.col("_min").is_null()
        no_value = pl.col(value).is_null() | pl.col(value).is_nan()
        outside = ~pl.col(value).is_between(pl.col("_min"), pl.col("_max"))
        detail = (
            pl.when(no_unit)
            .then(
                pl.format(
                    "{} in unit '{}', expected one of {}",
                    "_label",
                    pl.col(unit).fill_null(""),
                    "_units",
                )
            )
            .when(no_value)
            .then(pl.format("{} has no numeric value", "_label"))
            .otherwise(pl.format("{} {} {} outside {}-{}", "_label", value, unit, "_min", "_max"))
        )
        bad = matched.filter(
            no_unit.fill_null(True) | no_value.fill_null(True) | outside.fill_null(True)
        )
        return bad.select("_row", detail.alias("detail"))
