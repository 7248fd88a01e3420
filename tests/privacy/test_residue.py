"""The raw-identifier check: released identifier columns and free text, not legitimate equals."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.audit.residue import (
    free_text_columns,
    identifiers_in_text,
    mask_identifiers_in_text,
    masked_text_rows,
    raw_identifier_leaks,
    text_identifiers,
)
from privacy.audit.text_search import any_identifier
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


def test_a_drop_when_column_whose_rest_is_scanned_is_free_text() -> None:
    """drop_when ... otherwise: scan releases free text: it is searched for identifier values
    like a scanned column, where a plain drop_when column is a decided one."""
    policies = POLICIES | {
        "note": ColumnPolicy(
            category="personal",
            policy="drop_when",
            when={"column": "cls", "equals": ["B"]},
            params={"otherwise": "scan"},
        )
    }
    assert policies["note"].scans_text() and not policies["vessel_name"].scans_text()
    out = _released(["moored", "tow for 412345678 by SEAHAWK"])
    assert free_text_columns(out, policies) == ["cls", "note"]
    masked = mask_identifiers_in_text(out, policies, text_identifiers([(SOURCE, policies)]))
    assert masked.collect()["note"].to_list() == ["moored", "tow for <MMSI> by <CALL_SIGN>"]


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


def _naive_rows(rows: list[tuple[str | None, ...]], patterns: list[str]) -> int:
    return sum(any(v is not None and any(p in v for p in patterns) for v in row) for row in rows)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(*[st.none() | st.text(alphabet="ab1\x00\x1f\n", max_size=8)] * 3),
        max_size=6,
    ),
    patterns=st.lists(st.text(alphabet="ab1\x00\x1f\x1e\n\t", min_size=1, max_size=4), max_size=4),
)
def test_one_search_of_joined_columns_finds_exactly_the_rows_any_column_finds(
    rows: list[tuple[str | None, ...]], patterns: list[str]
) -> None:
    """Separators inside values or patterns never make a match span two columns."""
    frame = pl.LazyFrame(rows, schema=["x", "y", "z"], orient="row")
    if not patterns:
        return
    found = frame.select(any_identifier(["x", "y", "z"], patterns).sum()).collect().item()
    assert found == _naive_rows(rows, patterns)


def test_a_value_split_across_two_columns_is_not_a_mention() -> None:
    frame = pl.LazyFrame({"a": ["tow 4123", "x"], "b": ["45678 ok", "412345678"]})
    identifiers = {"mmsi": ["412345678"]}
    assert identifiers_in_text(frame, ["a", "b"], identifiers) == {"mmsi": 1}
    policies = {"a": ColumnPolicy(category="none"), "b": ColumnPolicy(category="none")}
    assert masked_text_rows(frame, frame, policies, identifiers) == {"b": 1}
    masked = mask_identifiers_in_text(frame, policies, identifiers).collect()
    assert masked.rows() == [("tow 4123", "45678 ok"), ("x", "<MMSI>")]


def test_counts_per_identifier_column_when_text_holds_values() -> None:
    frame = pl.LazyFrame({"a": ["BXYZ99 and 412345678", "412345678", None, "none"]})
    identifiers = {"call_sign": ["BXYZ99"], "mmsi": ["412345678"], "imo": []}
    assert identifiers_in_text(frame, ["a"], identifiers) == {"call_sign": 1, "mmsi": 2, "imo": 0}


def test_scanned_columns_are_masked_even_when_kept_columns_hold_nothing() -> None:
    policies = {
        "kept": ColumnPolicy(category="none"),
        "note": ColumnPolicy(category="none", policy="scan"),
    }
    frame = pl.LazyFrame({"kept": ["quiet", "calm"], "note": ["call 412345678", "no"]})
    masked = mask_identifiers_in_text(frame, policies, {"mmsi": ["412345678"]}).collect()
    assert masked["note"].to_list() == ["call <MMSI>", "no"]
    assert masked["kept"].to_list() == ["quiet", "calm"]


def test_a_chinese_name_of_three_characters_is_masked_in_text_and_two_are_not() -> None:
    """李秀英 in a note is the patient; 张力 is also 'tension' (肌张力), so it is not searched."""
    policies = {"name": ColumnPolicy(category="identifier", policy="drop")}
    source = pl.LazyFrame(
        {
            "name": ["李秀英", "张力", "欧阳娜娜"],
            "note": ["患者李秀英自诉头痛", "肌张力正常", "家属欧阳娜娜陪同"],
        }
    )
    identifiers = text_identifiers([(source, policies)])
    assert identifiers == {"name": ["李秀英", "欧阳娜娜"]}
    released = source.drop("name")
    assert raw_identifier_leaks(source, released, policies, identifiers) == {"name": 2}
    masked = mask_identifiers_in_text(released, policies, identifiers).collect()
    assert masked["note"].to_list() == ["患者<NAME>自诉头痛", "肌张力正常", "家属<NAME>陪同"]
