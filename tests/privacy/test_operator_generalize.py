"""Generalization: birth date, age, address, coordinates and postal code, with exact outputs."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from pydantic import ValidationError

from privacy.deid.operators import OperatorError, Secrets, build_operator

SECRETS = Secrets()


def _gen(frame: pl.DataFrame, **params: object) -> tuple[list[object], dict[str, object]]:
    op = build_operator({"operator": "generalize", **params})
    result = op.apply(frame.lazy(), "v", SECRETS)
    return result.lf.collect().get_column("v").to_list(), result.detail


def test_birth_date_to_year_from_dates_and_chinese_text() -> None:
    frame = pl.DataFrame({"v": ["1985-03-12", "1990/7/1", "19771231", "2001年2月3日", None]})
    values, _ = _gen(frame, kind="birth_date")
    assert values == [1985, 1990, 1977, 2001, None]
    dates = pl.DataFrame({"v": [date(1985, 3, 12), date(1979, 1, 1)]})
    assert _gen(dates, kind="date", to="decade")[0] == ["1980s", "1970s"]
    assert _gen(dates, kind="date", to="month")[0] == ["1985-03", "1979-01"]


def test_unreadable_date_names_its_row() -> None:
    frame = pl.DataFrame({"v": ["1985-03-12", "yesterday", "also bad"]})
    with pytest.raises(OperatorError, match=r"column v: 2 values .* date .*first at row 1"):
        _gen(frame, kind="birth_date")


def test_unreadable_date_names_its_file_line_and_shape_not_its_value() -> None:
    # trial11: a plant's 发生日期 column mixing 2026年3月5日, 2026/3/5 and Excel serials (46086)
    # failed "first at row 2", naming neither the file nor what the value looked like
    frame = pl.DataFrame(
        {
            "v": ["2026年3月5日", "2026/3/5", "46086", "46087"],
            "source_file": ["incidents.csv"] * 4,
            "source_line": [2, 3, 5, 6],
        }
    )
    with pytest.raises(OperatorError) as caught:
        _gen(frame, kind="birth_date")
    assert str(caught.value) == (
        "column v: 2 values cannot be read as a date for generalize/birth_date "
        "(first at incidents.csv, line 5, shaped '99999')"
    )
    assert "46086" not in str(caught.value)


def test_age_to_five_year_bands_with_top_coding() -> None:
    frame = pl.DataFrame({"v": [0, 4, 5, 34, 89, 90, 103, None]})
    values, _ = _gen(frame, kind="age")
    assert values == ["0-4", "0-4", "5-9", "30-34", "85-89", "90+", "90+", None]
    ten, _ = _gen(pl.DataFrame({"v": ["34岁", "88"]}), kind="age", band=10, top_code=None)
    assert ten == ["30-39", "80-89"]


def test_impossible_age_is_an_error() -> None:
    with pytest.raises(OperatorError, match="first at row 1"):
        _gen(pl.DataFrame({"v": [30, 200]}), kind="age")


def test_address_to_city_level_in_chinese_and_english() -> None:
    frame = pl.DataFrame(
        {
            "v": [
                "辽宁省大连市中山区人民路15号3栋2单元501室",
                "大连市甘井子区凌水路2号",
                "北京市朝阳区建国路1号",
                "新疆维吾尔自治区乌鲁木齐市天山区",
                "123 Main St, Springfield, IL 62704",
                "1600 Amphitheatre Pkwy, Mountain View, CA 94043, USA",
                "中山路5号",
                "123 Main St, Springfield",
            ]
        }
    )
    values, detail = _gen(frame, kind="address")
    assert values == [
        "辽宁省大连市",
        "大连市",
        "北京市",
        "新疆维吾尔自治区乌鲁木齐市",
        "Springfield, IL",
        "Mountain View, CA",
        None,
        None,
    ]
    assert detail["suppressed"] == 2


def test_coordinates_snap_to_the_grid_centre() -> None:
    frame = pl.DataFrame({"v": [38.9143, 38.9999, 121.6147, -0.01]})
    values, _ = _gen(frame, kind="coordinates", cell=0.1)
    assert values == [38.95, 38.95, 121.65, -0.05]
    coarse, _ = _gen(frame, kind="coordinates", cell=1.0)
    assert coarse == [38.5, 38.5, 121.5, -0.5]


def test_zip_to_prefix_or_suppressed() -> None:
    frame = pl.DataFrame({"v": ["116021", "100081", None]})
    assert _gen(frame, kind="zip")[0] == ["116", "100", None]
    assert _gen(frame, kind="zip", keep=0)[0] == [None, None, None]


def test_parameters_of_another_kind_are_rejected() -> None:
    with pytest.raises(ValidationError, match="kind 'age' takes no cell"):
        build_operator({"operator": "generalize", "kind": "age", "cell": 1.0})


def test_generalized_spans_fall_back_to_a_placeholder() -> None:
    op = build_operator({"operator": "generalize", "kind": "address"})
    out = op.replace(["辽宁省大连市中山区人民路15号", "人民路15号"], "ADDRESS", SECRETS)
    assert out == ["辽宁省大连市", "<ADDRESS>"]
