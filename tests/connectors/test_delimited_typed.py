"""Typing a delimited table's records (delimited_table._typed) gives what the plain definition
gives: every format of a coalesce read over every row, the problem texts built for every row.
The connector's version strips once, parses later formats only where the first failed and
writes problem texts for problem rows only; hypothesis compares the two on messy values."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from connectors.base import IMPLAUSIBLE_DATE, MAX_YEAR, MIN_YEAR
from connectors.delimited_table import MISSING, UNPARSABLE, _joined, _typed
from connectors.typed_split import split_by_problem
from schemas.column_types import (
    DATE_FORMATS,
    DATETIME_FORMATS,
    _instant,
    parse_expr,
    sentinel,
    text,
)
from schemas.declared import ColumnDecl

PATH = Path("visits.csv")


def _plain_value(d: ColumnDecl, zone: str) -> pl.Expr:
    """The typed value as first written: one coalesce over every date or timestamp format,
    `text` each time (other types are read as `parse_expr` reads them)."""
    value = text(d.name)
    if d.null_values:
        value = pl.when(sentinel(d.name, d.null_values).is_null()).then(value)
    if d.dtype == "date":
        formats = ([d.format] if d.format else []) + [f for f in DATE_FORMATS if f != d.format]
        return pl.coalesce([value.str.to_date(f, strict=False) for f in formats])
    if d.dtype == "datetime":
        formats = [d.format] if d.format else []
        formats += [f for f in DATETIME_FORMATS if f != d.format]
        return pl.coalesce([_instant(value, f, zone) for f in formats])
    return parse_expr(d.name, d.dtype, d.format, d.decimal_comma, zone, d.null_values)


def _plain_typed(frame: pl.DataFrame, decls: list[ColumnDecl], zone: str) -> tuple:
    """The definition: problem texts for every row, then split."""
    parsed = frame.with_columns(_plain_value(d, zone).alias(f"_p:{d.name}") for d in decls)
    failed = [
        pl.when(
            pl.col(f"_p:{d.name}").is_null()
            & text(d.name).is_not_null()
            & sentinel(d.name, d.null_values).is_null()
        ).then(pl.format("{}={}", pl.lit(d.name), text(d.name)))
        for d in decls
    ]
    missing = [
        pl.when(pl.col(f"_p:{d.name}").is_null()).then(pl.lit(d.name))
        for d in decls
        if not d.nullable
    ]
    absurd = [
        pl.when(~pl.col(f"_p:{d.name}").dt.year().is_between(MIN_YEAR, MAX_YEAR)).then(
            pl.format("{}={}", pl.lit(d.name), text(d.name))
        )
        for d in decls
        if d.dtype in ("date", "datetime")
    ]
    parsed = parsed.with_columns(
        _joined(failed, "; ").alias("_failed"),
        _joined(missing, ", ").alias("_missing"),
        _joined(absurd, "; ").alias("_absurd"),
    )
    reasons = [sentinel(d.name, d.null_values).alias(d.reason_column) for d in decls
               if d.reason_column]  # fmt: skip
    return split_by_problem(
        parsed,
        [pl.col(f"_p:{d.name}").alias(d.name) for d in decls] + reasons,
        PATH,
        [
            ("_failed", UNPARSABLE, "unparsable {}"),
            ("_missing", MISSING, "empty {}"),
            ("_absurd", IMPLAUSIBLE_DATE, f"date outside {MIN_YEAR}-{MAX_YEAR}: {{}}"),
        ],
    )


DATES = ["2026-03-05", "05/03/2026", "2026/3/5", "20260305", "1700-01-01", "2026-02-30"]
STAMPS = ["2026-03-05 08:30:00", "2026-03-05T08:30:00", "05/03/2026 08:30", "2026-03-29 02:30:00"]
STAMPS += ["2026-10-25 02:30:00", "2026-10-25T02:30:00"]  # the hour Berlin repeats
WORDS = ["", " ", "NA", "null", "-", "停表", "-9999", "-9999.0", "x", "1.242,5", "12,5", "  7,0 "]
CELL = st.one_of(
    st.sampled_from(DATES + STAMPS + WORDS),
    st.sampled_from(DATES + STAMPS + WORDS).map(lambda v: f"  {v} "),
    st.text(max_size=8),
    st.none(),
)
DECLS = [
    ColumnDecl("seen", {"dtype": "date", "format": "%Y-%m-%d", "nullable": False}),
    ColumnDecl("at", {"dtype": "datetime", "format": "%Y-%m-%d %H:%M:%S", "null_values": ["停表"]}),
    ColumnDecl("flow", {"dtype": "float64", "decimal_comma": True, "null_values": ["-9999"]}),
    ColumnDecl("note", {"dtype": "str", "nullable": False, "null_values": ["x"]}),
]


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=40),
    zone=st.sampled_from(["UTC", "Asia/Shanghai", "Europe/Berlin"]),
)
def test_typed_equals_the_plain_definition(rows: list[tuple], zone: str) -> None:
    """Same typed rows, the same quarantine rows with the same reasons and texts, in order."""
    frame = pl.DataFrame(
        [(i + 2, 1, "raw", *r) for i, r in enumerate(rows)],
        schema={"_line": pl.Int64, "_span": pl.Int64, "_raw": pl.String}
        | {d.name: pl.String for d in DECLS},
        orient="row",
    )
    good, bad = _typed(frame, DECLS, PATH, zone)
    want_good, want_bad = _plain_typed(frame, DECLS, zone)
    assert_frame_equal(good, want_good, check_exact=True)
    assert_frame_equal(bad, want_bad, check_exact=True)
    assert good.height + bad.height == len(rows)
