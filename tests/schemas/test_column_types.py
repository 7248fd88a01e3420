"""Type inference on a sample's text: decimal commas and mixed timestamp formats, both ways."""

from __future__ import annotations

from datetime import date

import polars as pl

from schemas.column_types import infer_dtype, parse_expr


def _parsed(values: list[str], dtype: str, comma: bool = False) -> list[object]:
    frame = pl.DataFrame({"v": values})
    return frame.select(parse_expr("v", dtype, None, comma)).to_series().to_list()


def test_decimal_comma_columns_are_float_and_read_so() -> None:
    guess = infer_dtype(pl.Series(["1.242,2", "1.212,1", "987,5"] * 20 + ["I/O Timeout"]))
    assert (guess.dtype, guess.decimal_comma) == ("float64", True)
    assert "'1.242,2' reads 1242.2" in guess.evidence
    assert _parsed(
        ["1.242,2", "353,03", "-9999", "Bad Input", "<0,5", "18.2"], "float64", True
    ) == [
        1242.2,
        353.03,
        -9999.0,
        None,
        None,
        None,  # a dot alone is no thousands group in a decimal-comma column
    ]
    # the same column without decimal_comma parses nothing it did not before
    assert _parsed(["353,03", "18.2"], "float64") == [None, 18.2]


def test_a_comma_before_three_digits_alone_is_no_decimal_comma() -> None:
    thousands = pl.Series(["1,234", "2,500", "12,000"] * 10)
    assert infer_dtype(thousands).dtype == "str"  # maybe 1234 written the English way
    in_file = infer_dtype(thousands, decimal_comma_file=True)
    assert (in_file.dtype, in_file.decimal_comma) == ("float64", True)
    assert "12000" not in in_file.evidence and "1234: check" in in_file.evidence
    assert infer_dtype(pl.Series(["1.5", "2.25", "3"] * 10)).decimal_comma is False
    assert infer_dtype(pl.Series(["12", "7", "0"] * 10)).dtype == "int64"


def test_mixed_timestamp_formats_without_a_zone_are_datetime() -> None:
    values = ["2026-12-01 00:00:00", "01.12.2026 06:00", "2026/12/01 12:00"] * 10
    guess = infer_dtype(pl.Series(values))
    assert guess.dtype == "datetime" and "3 formats" in guess.evidence
    parsed = _parsed(values[:3], "datetime")
    assert [str(p)[:16] for p in parsed] == [
        "2026-12-01 00:00",
        "2026-12-01 06:00",
        "2026-12-01 12:00",
    ]


def test_timestamps_some_with_an_offset_stay_text_and_say_why() -> None:
    values = ["2026-12-01 00:00:00", "2026-12-01T06:00:00+08:00", "2026/12/01 12:00"] * 10
    guess = infer_dtype(pl.Series(values))
    assert guess.dtype == "str"
    assert "UTC offset" in guess.evidence and "kept as text" in guess.evidence
    assert infer_dtype(pl.Series(["晚班", "早班"] * 10)).evidence == ""


def test_mixed_date_formats_year_first_are_dates_day_or_month_first_stay_text() -> None:
    year_first = infer_dtype(pl.Series(["2026-12-01", "2026/12/02", "2026年12月3日"] * 10))
    assert (year_first.dtype, year_first.format) == ("date", "%Y-%m-%d")
    assert _parsed(["2026年12月3日", "2026/12/02"], "date") == [
        date(2026, 12, 3),
        date(2026, 12, 2),
    ]
    shift_log = infer_dtype(pl.Series(["2026-12-01", "2026/12/01", "03/12/2026"] * 10))
    assert shift_log.dtype == "str" and "3 November or 11 March" in shift_log.evidence


def test_a_float_that_overflows_is_unparsable_not_inf() -> None:
    """1e309 passed the number pattern and was released as inf (fuzz absurd_number on the
    delimited table) while the words inf and NaN were unparsable; all are null (unparsable)."""
    values = ["1e309", "-1e309", "inf", "NaN", "-0", "1e23", "2.5"]
    assert _parsed(values, "float64") == [None, None, None, None, -0.0, 1e23, 2.5]
    assert _parsed(["9" * 400 + ",5", "2,5"], "float64", comma=True) == [None, 2.5]


def _berlin(values: list[str | None]) -> list[object]:
    frame = pl.DataFrame({"v": values})
    parsed = parse_expr("v", "datetime", "%d.%m.%Y %H:%M:%S", zone="Europe/Berlin")
    return [None if t is None else t.isoformat() for t in frame.select(parsed).to_series()]


def test_the_hour_the_clocks_go_back_is_placed_by_its_occurrence() -> None:
    # trial12: a plant's 3-minute log of 25 Oct 2026 (Berlin) lost 40 rows as "unparsable"
    day = "25.10.2026 "
    times = [day + t for t in ("01:57:00", "02:00:00", "02:30:00", "02:00:00", "02:30:00")]
    assert _berlin([*times, day + "03:00:00"]) == [
        "2026-10-24T23:57:00+00:00",
        "2026-10-25T00:00:00+00:00",  # 02:00 summer time (UTC+2)
        "2026-10-25T00:30:00+00:00",
        "2026-10-25T01:00:00+00:00",  # 02:00 again, winter time (UTC+1)
        "2026-10-25T01:30:00+00:00",
        "2026-10-25T02:00:00+00:00",
    ]


def test_a_long_export_of_the_repeated_hour_tag_after_tag_or_time_after_time() -> None:
    day = "25.10.2026 "
    hour = [day + t for t in ("02:00:00", "02:30:00")]
    utc = ["00:00", "00:30", "01:00", "01:30"]  # both passes of 02:00 and 02:30 Berlin, in UTC
    want = [f"2026-10-25T{t}:00+00:00" for t in utc]
    time_major = [t for t in hour for _ in range(3)] + [t for t in hour for _ in range(3)]
    assert _berlin(time_major) == [w for w in want[:2] for _ in range(3)] + [
        w for w in want[2:] for _ in range(3)
    ]
    tag = [day + "01:57:00", *hour, *hour, day + "03:00:00"]  # one tag's rows, then the next
    assert _berlin(tag + tag)[1:5] == want and _berlin(tag + tag)[7:11] == want
    newest_first = list(reversed(tag))  # some historians export the latest reading first
    assert _berlin(newest_first)[1:5] == list(reversed(want))


def test_a_repeated_hour_time_that_cannot_be_placed_stays_null() -> None:
    # a chunk that starts inside the repeated hour without stepping back: which pass is unknown
    late = ["25.10.2026 02:45:00", "25.10.2026 02:50:00", "25.10.2026 03:00:00"]
    assert _berlin(late) == [None, None, "2026-10-25T02:00:00+00:00"]
    assert _berlin(["29.03.2026 02:30:00"]) == [None]  # the hour the clocks skipped
    once = "25.10.2026 02:45:00"
    shanghai = pl.DataFrame({"v": [once, once]}).select(
        parse_expr("v", "datetime", "%d.%m.%Y %H:%M:%S", zone="Asia/Shanghai")
    )
    assert shanghai.to_series().dt.hour().to_list() == [18, 18]  # no DST: both the same instant
