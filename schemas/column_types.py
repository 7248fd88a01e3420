"""Column types of a generic table: inferred from a sample's text, then parsed the same way.

`infer_dtype` proposes a contract type for a column of strings (used by `bohai init`);
`parse_expr` turns a string column into that type, null where a value does not parse, so the
connector can quarantine the row naming the field. Digit strings that are identifiers (phone
and ID numbers, codes with leading zeros) stay text: an int would lose their zeros and hide
them from the privacy scan.
"""

from __future__ import annotations

import polars as pl

DTYPES = ("str", "int64", "float64", "bool", "date", "datetime")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%d/%m/%Y", "%m/%d/%Y")
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
)
TRUE_WORDS = ("true", "yes", "y", "是", "t")
FALSE_WORDS = ("false", "no", "n", "否", "f")
NULL_WORDS = ("", "NA", "N/A", "null", "NULL", "None", "-")
_INT = r"^[+-]?(?:0|[1-9][0-9]{0,8})$"  # 10+ digits or a leading zero: an identifier
_FLOAT = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
INFER_SHARE = 0.95  # share of a sample's values that must parse for a type to be proposed


def text(name: str) -> pl.Expr:
    """The stripped value, null for an empty or null-word cell."""
    value = pl.col(name).str.strip_chars()
    return pl.when(~value.is_in(NULL_WORDS)).then(value)


def parse_expr(name: str, dtype: str, fmt: str | None = None) -> pl.Expr:
    """The typed value of column `name` (null when empty or unparsable)."""
    value = text(name)
    match dtype:
        case "str":
            return value
        case "int64":
            return pl.when(value.str.contains(r"^[+-]?[0-9]+$")).then(
                value.cast(pl.Int64, strict=False)
            )
        case "float64":
            return pl.when(value.str.contains(_FLOAT)).then(value.cast(pl.Float64, strict=False))
        case "bool":
            low = value.str.to_lowercase()
            return (
                pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False)
            )
        case "date":
            formats = ([fmt] if fmt else []) + [f for f in DATE_FORMATS if f != fmt]
            return pl.coalesce([value.str.to_date(f, strict=False) for f in formats])
        case "datetime":
            formats = ([fmt] if fmt else []) + [f for f in DATETIME_FORMATS if f != fmt]
            tries = [value.str.to_datetime(f, time_unit="us", strict=False) for f in formats]
            return pl.coalesce(tries).dt.replace_time_zone("UTC")
    raise ValueError(f"column {name!r}: unknown type {dtype!r}; known: {', '.join(DTYPES)}")


def _share(values: pl.Series, expr: pl.Expr) -> float:
    frame = values.to_frame("v")
    return float(frame.select(expr.is_not_null().mean()).item() or 0.0)


def infer_dtype(values: pl.Series) -> tuple[str, str | None]:
    """(type, date format or None) that at least 95% of a column's non-empty values parse as."""
    present = values.to_frame("v").select(text("v")).to_series().drop_nulls()
    if present.is_empty():
        return "str", None
    frame = present.to_frame("v")
    if frame.select(pl.col("v").str.contains(_INT).mean()).item() >= INFER_SHARE:
        return "int64", None
    looks_numeric = frame.select(pl.col("v").str.contains(_FLOAT).mean()).item()
    if looks_numeric >= INFER_SHARE:
        digits = frame.select(pl.col("v").str.contains(r"^[0-9]{10,}$").mean()).item()
        return ("str", None) if digits > 0 else ("float64", None)
    for fmt in DATE_FORMATS:
        if _share(present, pl.col("v").str.to_date(fmt, strict=False)) >= INFER_SHARE:
            return "date", fmt
    for fmt in DATETIME_FORMATS:
        parsed = pl.col("v").str.to_datetime(fmt, time_unit="us", strict=False)
        if _share(present, parsed) >= INFER_SHARE:
            return "datetime", fmt
    if _share(present, parse_expr("v", "bool")) >= INFER_SHARE:
        return "bool", None
    return "str", None
