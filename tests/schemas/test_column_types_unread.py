"""A drafted type names the sampled values it leaves unread: their rows would be quarantined."""

from __future__ import annotations

import polars as pl

from schemas.column_types import UNREAD, infer_dtype, parse_expr

# A DCS export's pressure column (hand-made, trial11): a word no list knows among readings.
PRESSURE = [f"0.1{i % 10}" for i in range(96)] + ["停表"] * 4
# Its time column: every 50th row in another layout.
TIMES = [f"2026/12/1 {h}:{m:02d}:00" for h in range(24) for m in range(0, 60, 5)][:99] + [
    "01-12-2026 08:20"
]


def test_a_number_column_names_the_words_it_would_quarantine() -> None:
    guess = infer_dtype(pl.Series(PRESSURE))
    assert guess.dtype == "float64"
    assert "4 of 100 sampled values do not read as float64 ('停表' 4)" in guess.evidence
    assert "null_values" in guess.evidence


def test_listing_the_word_as_a_null_value_keeps_its_rows() -> None:
    frame = pl.DataFrame({"v": PRESSURE})
    read = frame.select(parse_expr("v", "float64", null_values=["停表"])).to_series()
    assert read.null_count() == 4 and read.len() == 100  # null readings, not quarantined rows


def test_a_time_column_names_the_layout_it_cannot_read() -> None:
    guess = infer_dtype(pl.Series(TIMES))
    assert guess.dtype == "datetime"
    assert "1 of 100 sampled values do not read as datetime ('01-12-2026 08:20' 1)" in (
        guess.evidence
    )
    frame = pl.DataFrame({"v": TIMES})
    both = frame.select(parse_expr("v", "datetime", "%d-%m-%Y %H:%M")).to_series()
    assert both.null_count() == 0  # the hint holds: the drafted layout is still tried after it


def test_known_status_words_and_clean_columns_say_nothing_of_it() -> None:
    words = infer_dtype(pl.Series(["12.5", "13.1"] * 30 + ["Bad Input"] * 3))
    assert words.null_values == ("Bad Input",) and UNREAD not in words.evidence
    assert infer_dtype(pl.Series(["1", "2", "3"] * 10)).evidence == ""
    assert infer_dtype(pl.Series(["晚班", "早班"] * 10)).evidence == ""
