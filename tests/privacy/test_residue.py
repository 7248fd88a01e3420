"""The raw-identifier check: released identifier columns and free text, not legitimate equals."""

from __future__ import annotations

import polars as pl

from privacy.audit.residue import (
    free_text_columns,
    mask_identifiers_in_text,
    raw_identifier_leaks,
    text_identifiers,
)
from privacy.deid.policy import ColumnPolicy

POLICIES = {
    "call_sign": ColumnPolicy(category="identifier", policy="pseudonym", domain="call_sign"),
    "mmsi": ColumnPolicy(category="identifier", policy="pseudonym", rename="vessel_id"),
    "vessel_name": ColumnPolicy(
        category="personal", policy="drop_when", when={"column": "cls", "equals": ["B"]}
    ),
}
SOURCE = pl.LazyFrame(
    {
        "mmsi": [412345678, 413000111],
        "call_sign": ["SEAHAWK", "BXYZ9"],
        "vessel_name": ["SEAHAWK", "HAI XING"],
        "cls": ["A", "A"],
        "note": ["moored", "tow for 412345678 by SEAHAWK"],
    }
)


def _released(note: list[str]) -> pl.LazyFrame:
    return pl.LazyFrame(
        {
            "vessel_id": ["p" * 20, "q" * 20],
            "call_sign": ["c" * 20, "d" * 20],
            "vessel_name": ["SEAHAWK", "HAI XING"],
            "cls": ["A", "A"],
            "note": note,
        }
    )


def test_a_name_equal_to_the_call_sign_is_not_a_leak() -> None:
    out = _released(["moored", "tow"])
    assert free_text_columns(out, POLICIES) == ["cls", "note"]
    assert raw_identifier_leaks(SOURCE, out, POLICIES, text_identifiers([(SOURCE, POLICIES)])) == {
        "call_sign": 0,
        "mmsi": 0,
    }


def test_identifiers_inside_free_text_are_found_then_masked() -> None:
    identifiers = text_identifiers([(SOURCE, POLICIES)])
    assert identifiers == {"call_sign": ["SEAHAWK"], "mmsi": ["412345678", "413000111"]}
    leaky = _released(["moored", "tow for 412345678 by SEAHAWK"])
    leaks = raw_identifier_leaks(SOURCE, leaky, POLICIES, identifiers)
    assert leaks == {"call_sign": 1, "mmsi": 1}
    masked = mask_identifiers_in_text(leaky, POLICIES, identifiers)
    assert masked.collect()["note"].to_list() == ["moored", "tow for <MMSI> by <CALL_SIGN>"]
    assert masked.collect()["vessel_name"].to_list() == ["SEAHAWK", "HAI XING"]
    assert set(raw_identifier_leaks(SOURCE, masked, POLICIES, identifiers).values()) == {0}


def test_a_raw_value_left_in_an_identifier_column_is_still_a_leak() -> None:
    out = _released(["moored", "tow"]).with_columns(pl.Series("call_sign", ["SEAHAWK", "x" * 20]))
    assert raw_identifier_leaks(SOURCE, out, POLICIES)["call_sign"] == 1
