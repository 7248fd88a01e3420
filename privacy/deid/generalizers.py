"""Polars expressions that coarsen a value: dates, ages, addresses, coordinates, postal codes.

Each builder takes a column name and returns an expression that is null where the value is
null or cannot be read; the generalize operator turns unreadable values into clear errors
(or counts them as suppressed, for addresses). All of them work on any input dtype by
reading the value as text first, so a hierarchy can be applied to a frequency table too.
"""

from __future__ import annotations

import math

import polars as pl

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日")
MAX_AGE = 150

_COUNTRY_ZH = r"(?:中华人民共和国|中国)?"
# Province-level divisions, with or without their suffix (辽宁省 / 辽宁).
_PROVINCE_SHORT = (
    "河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|"
    "云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆"
)
_PROVINCE = (
    r"(?:\p{Han}{2,3}省|\p{Han}{2,8}?自治区|\p{Han}{2,3}?特别行政区"
    r"|(?:" + _PROVINCE_SHORT + r")省?)"
)
_CITY = r"(?:\p{Han}{2,7}?(?:市|自治州|地区|盟))"
_CN_CITY_LEVEL = r"^\s*" + _COUNTRY_ZH + r"(" + _PROVINCE + r")?(" + _CITY + r")?"
_EN_COUNTRY = r"(?i),?\s*(?:USA|U\.S\.A?\.?|US|United States(?: of America)?)\s*$"
_EN_ZIP = r"\s+\d{5}(?:-\d{4})?\s*$"
_EN_CITY_STATE = r"(?:^|,)\s*([^,\d]+?)\s*,\s*([^,\d]+?)\s*$"


def as_text(column: str) -> pl.Expr:
    """The column read as trimmed text, whatever its dtype."""
    return pl.col(column).cast(pl.String).str.strip_chars()


def as_date(column: str, dtype: pl.DataType | None = None) -> pl.Expr:
    """The column as a Date: Date/Datetime values, or text in the common Chinese/ISO layouts."""
    if dtype is not None and dtype.is_temporal() and dtype != pl.Time:
        return pl.col(column).cast(pl.Date)
    if dtype is not None and dtype.is_integer():  # a year, e.g. a birth date generalized earlier
        year = pl.col(column)
        return pl.when(year.is_between(1, 9999)).then(pl.date(year, 1, 1))
    text = as_text(column)
    exact = [text.str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS]
    loose = text.str.strptime(pl.Date, "%Y-%m-%d", strict=False, exact=False)
    return pl.coalesce([*exact, loose])


def date_to(column: str, level: str, dtype: pl.DataType | None = None) -> pl.Expr:
    """A date coarsened to its year (Int32), month ('1985-03') or decade ('1980s')."""
    day = as_date(column, dtype)
    if level == "year":
        return day.dt.year().cast(pl.Int32)
    if level == "month":
        return day.dt.strftime("%Y-%m")
    if level == "decade":
        return ((day.dt.year() // 10) * 10).cast(pl.String) + pl.lit("s")
    raise ValueError(f"unknown date level {level!r}; use year, month or decade")


def as_number(column: str) -> pl.Expr:
    """The column as Float64; text like '34岁' or ' 34 ' is read too."""
    return as_text(column).str.strip_chars("岁歲 yY").cast(pl.Float64, strict=False)


# An age as Chinese records write it: years (34岁, 1岁3月), months or days of an infant (3月,
# 3个月, 15天), or a band an earlier generalization wrote (80-84, 90+), read by its lower end.
_YEARS = r"^([0-9]+(?:\.[0-9]+)?)\s*(?:岁|歲|y|Y|周岁|-[0-9]+|\+|$)"
_UNDER_A_YEAR = r"^[0-9]+\s*(?:个?月|天|日|周)$"


def as_age(column: str) -> pl.Expr:
    """The column as an age in years (Float64): an infant's months or days are 0."""
    text = as_text(column)
    years = text.str.extract(_YEARS, 1).cast(pl.Float64, strict=False)
    return pl.when(text.str.contains(_UNDER_A_YEAR)).then(pl.lit(0.0)).otherwise(years)


def age_band(column: str, band: int, top_code: int | None) -> pl.Expr:
    """'30-34' style bands of `band` years; ages at or above `top_code` become e.g. '90+'.

    A band already written ('80-84') is widened from its lower end, so a k-anonymity ladder can
    go from 5- to 10- and 20-year bands on a column its policy banded."""
    age = as_age(column)
    lower = (age // band * band).cast(pl.Int64)
    upper = lower + band - 1
    if top_code is not None:
        upper = pl.min_horizontal(upper, pl.lit(top_code - 1))
    label = pl.concat_str([lower.cast(pl.String), pl.lit("-"), upper.cast(pl.String)])
    valid = (age >= 0) & (age <= MAX_AGE)
    expr = pl.when(~valid).then(None)
    if top_code is not None:
        expr = expr.when(age >= top_code).then(pl.lit(f"{top_code}+"))
    return expr.otherwise(label)


def city_level(column: str) -> pl.Expr:
    """An address cut to its city ('辽宁省大连市', 'Springfield, IL'); null if none is found.

    Chinese addresses keep the province and city (省/自治区 + 市/自治州/地区/盟) and lose
    district, street and number; English 'street, City, State ZIP[, USA]' keeps 'City, State'.
    """
    text = as_text(column)
    cn = text.str.extract_groups(_CN_CITY_LEVEL)
    cn_city = pl.concat_str(
        [cn.struct.field("1").fill_null(""), cn.struct.field("2").fill_null("")]
    )
    en = (
        text.str.replace(_EN_COUNTRY, "")
        .str.replace(_EN_ZIP, "")
        .str.extract_groups(_EN_CITY_STATE)
    )
    en_city = pl.concat_str([en.struct.field("1"), pl.lit(", "), en.struct.field("2")])
    return (
        pl.when(text.str.contains(r"\p{Han}"))
        .then(pl.when(cn_city == "").then(None).otherwise(cn_city))
        .otherwise(en_city)
    )


def grid(column: str, cell: float) -> pl.Expr:
    """A coordinate snapped to the centre of its `cell`-degree grid square."""
    digits = max(0, -math.floor(math.log10(cell))) + 3
    value = as_number(column)
    return ((value / cell).floor() * cell + cell / 2).round(digits)


def prefix(column: str, keep: int) -> pl.Expr:
    """The first `keep` characters (postal code 116021 -> '116'); keep=0 suppresses."""
    if keep == 0:
        return suppressed(column).cast(pl.String)
    return as_text(column).str.slice(0, keep)


def suppressed(column: str) -> pl.Expr:
    """Null of the column's own dtype."""
    return pl.when(pl.lit(False)).then(pl.col(column))
