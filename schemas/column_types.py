"""Column types of a generic table: inferred from a sample's text, then parsed the same way.

`infer_dtype` proposes a contract type for a column of strings (used by `bohai init`);
`parse_expr` turns a string column into that type, null where a value does not parse, so the
connector can quarantine the row naming the field. Digit strings that are identifiers (phone
and ID numbers, codes with leading zeros) stay text: an int would lose their zeros and hide
them from the privacy scan. A column written with a decimal comma (`1.242,2`, `353,03`: a DCS
export's numbers) is float64 with `decimal_comma`, parsed so. Timestamps in several formats are
datetime when no format names a zone, text with the reason when some do and others do not.
A numeric column holding status words or sentinels (`Bad Input`, `-9999`, `<0,5`) is numeric
with those `null_values` read as null (schemas.sentinels).
A timestamp without a zone is a wall-clock time in the table's `timezone` (UTC unless declared),
stored as the UTC instant; one written with a trailing `Z` is UTC whatever the table's zone,
and one with its UTC offset (`2026-10-25T02:30:00+01:00`) is that instant.
In a zone with daylight saving time the hour the clocks go back is written twice: rows are read
in file order, and within a run of such rows the wall time stepping back (02:57 -> 02:00) starts
the second, later pass (a wide 3-minute log, a long one time after time, or tag after tag; in a
file written newest first, stepping forward starts the earlier pass). A run
at the start of a chunk with no step back in it cannot be placed (its first pass may lie in the
chunk before) and stays null, as does a time the clocks skipped: the row is quarantined.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, partial
from zoneinfo import ZoneInfo

import polars as pl

from schemas.sentinels import find_sentinels

DTYPES = ("str", "int64", "float64", "bool", "date", "datetime")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%d/%m/%Y", "%m/%d/%Y")
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S%.f%z",  # ISO 8601 with its UTC offset: the instant, whatever the zone
    "%Y-%m-%d %H:%M:%S%.f%z",
)
TRUE_WORDS = ("true", "yes", "y", "是", "t")
FALSE_WORDS = ("false", "no", "n", "否", "f")
NULL_WORDS = ("", "NA", "N/A", "null", "NULL", "None", "-")
_INT = r"^[+-]?(?:0|[1-9][0-9]{0,8})$"  # 10+ digits or a leading zero: an identifier
_FLOAT = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
# A decimal-comma number: dots group thousands (`1.242,2`), a comma marks the decimals.
DECIMAL_COMMA = r"^[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?$"
# Only a comma not followed by exactly three digits (or one after a thousands dot) is surely a
# decimal mark: `1,234` alone may be a thousand and more written the English way.
_SURELY_DECIMAL = r",(?:[0-9]{1,2}|[0-9]{4,})$|\.[0-9]{3},"
_ZONED = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(?:[+-][0-9]{2}:?[0-9]{2}|Z)$"
INFER_SHARE = 0.95  # share of a sample's values that must parse for a type to be proposed
UNREAD = "do not read as"  # marks the evidence of a type that leaves sampled values unread
_UNREAD_HINT = {
    "int64": "list such words in null_values to keep those rows with a null reading",
    "float64": "list such words in null_values to keep those rows with a null reading",
    "date": "set format to the one that reads them (the drafted one is still tried after it)",
    "datetime": "set format to the one that reads them (the drafted one is still tried after it)",
}


@dataclass(frozen=True, slots=True)
class Inferred:
    """A column's proposed type, date format and decimal mark, and why (for the draft)."""

    dtype: str
    format: str | None = None
    decimal_comma: bool = False
    evidence: str = ""
    null_values: tuple[str, ...] = ()  # status words and sentinels read as null (schemas.sentinels)


def text(name: str) -> pl.Expr:
    """The stripped value, null for an empty or null-word cell."""
    value = pl.col(name).str.strip_chars()
    return pl.when(~value.is_in(NULL_WORDS)).then(value)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def sentinel(name: str, null_values: tuple[str, ...] | list[str]) -> pl.Expr:
    """The stripped value when it is one of `null_values` (any case; `-9999` also as `-9999.0`),
    else null."""
    value = pl.col(name).str.strip_chars()
    listed = [v.strip().lower() for v in null_values]
    numbers = [n for n in map(_number, listed) if n is not None]
    same_number = value.cast(pl.Float64, strict=False).is_in(numbers).fill_null(False)
    return pl.when(value.str.to_lowercase().is_in(listed) | same_number).then(value)


def comma_number(value: pl.Expr) -> pl.Expr:
    """A decimal-comma number in the dot notation a cast reads (`1.242,2` -> `1242.2`)."""
    return value.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)


@cache
def _keeps_dst(zone: str) -> bool:
    """Whether `zone` moves its clocks in the current year (Europe/Berlin yes, Asia/Shanghai no)."""
    year = datetime.now(UTC).year
    info = ZoneInfo(zone)
    return any(
        datetime(year, m, 1, tzinfo=info).utcoffset()
        != datetime(year, 1, 1, tzinfo=info).utcoffset()
        for m in range(2, 13)
    )


def _placed(wall: pl.Series, zone: str) -> pl.Series:
    """Wall times (in file order) in `zone`, the repeated hour's placed as the module says."""
    first = pl.col("w").dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
    second = pl.col("w").dt.replace_time_zone(zone, ambiguous="latest", non_existent="null")
    steps = wall.to_frame("w").with_columns(first.alias("a"), second.alias("b"))
    steps = steps.with_columns(repeated=(pl.col("a") != pl.col("b")).fill_null(False))
    moves = steps.select(pl.col("w").diff().dt.total_microseconds().sign().value_counts())
    counts = dict(moves.unnest("w").rows())
    newest_first = counts.get(-1, 0) > counts.get(1, 0)  # some historians export so
    before = pl.col("repeated").shift(1, fill_value=False)
    jump = (
        pl.col("w") > pl.col("w").shift(1) if newest_first else pl.col("w") < pl.col("w").shift(1)
    )
    back = pl.col("repeated") & before & jump.fill_null(False)  # 02:57 -> 02:00 (or reversed)
    steps = steps.with_columns(back=back, before=before).with_columns(
        turns=pl.col("back").cum_sum(),
        opening=pl.col("repeated") & ((~pl.col("repeated")).cum_sum() == 0),  # chunk starts in it
    )
    at_start = pl.when(pl.col("repeated") & ~pl.col("before")).then("turns").forward_fill()
    unplaced = pl.col("opening") & ~(pl.col("back") & pl.col("opening")).any()
    after_turn = pl.col("turns") > at_start
    placed = (
        pl.when(~pl.col("repeated"))
        .then("a")
        .when(unplaced)
        .then(None)
        .when(after_turn)
        .then("a" if newest_first else "b")
        .otherwise("b" if newest_first else "a")
    )
    return steps.select(placed).to_series()


def placed_in_zone(wall: pl.Expr, zone: str) -> pl.Expr:
    """Naive wall times (a column in file order) as times in `zone`: a time the clocks skipped is
    null, the repeated hour's are placed by the file's order (module docstring)."""
    if not _keeps_dst(zone):
        return wall.dt.replace_time_zone(zone, ambiguous="null", non_existent="null")
    return wall.map_batches(partial(_placed, zone=zone), return_dtype=pl.Datetime("us", zone))


def _instant(value: pl.Expr, fmt: str, zone: str) -> pl.Expr:
    """A timestamp in `fmt` as a UTC instant: a `Z` format is UTC, others wall clock in `zone`;
    a wall time of the repeated hour is placed by the file's order (module docstring)."""
    wall = value.str.to_datetime(fmt, time_unit="us", strict=False)
    if fmt.endswith("%z"):  # polars gives the instant in UTC
        return wall.dt.convert_time_zone("UTC")
    if fmt.endswith("Z") or zone == "UTC":
        return wall.dt.replace_time_zone("UTC")
    local = placed_in_zone(wall, zone)
    return local.dt.convert_time_zone("UTC")


def _first_format(
    value: pl.Expr, formats: list[str], read: Callable[[pl.Expr, str], pl.Expr]
) -> pl.Expr:
    """The value read in the first of `formats` that reads it. Polars computes every branch of
    a coalesce over the whole column, so the later formats read only the values the first left
    null (a null costs nothing to parse): a column in its declared format costs one parse, not
    one per known format (8 for timestamps)."""
    first = read(value, formats[0])
    rest = pl.when(first.is_null()).then(value)
    return pl.coalesce([first, *(read(rest, f) for f in formats[1:])])


def parse_expr(
    name: str,
    dtype: str,
    fmt: str | None = None,
    decimal_comma: bool = False,
    zone: str = "UTC",
    null_values: tuple[str, ...] | list[str] = (),
    texts: str | None = None,
) -> pl.Expr:
    """The typed value of column `name` (null when empty, a null value or unparsable; times read
    in `zone`). `texts` names a column already holding `text(name)`: a type tried in several
    formats then strips the value once, not once per format."""
    value = pl.col(texts) if texts else text(name)
    if null_values:
        value = pl.when(sentinel(name, null_values).is_null()).then(value)
    match dtype:
        case "str":
            return value
        case "int64":
            return pl.when(value.str.contains(r"^[+-]?[0-9]+$")).then(
                value.cast(pl.Int64, strict=False)
            )
        case "float64" if decimal_comma:
            number = comma_number(value).cast(pl.Float64, strict=False)
            return pl.when(value.str.contains(DECIMAL_COMMA) & number.is_finite()).then(number)
        case "float64":  # 1e309 overflows to inf: unparsable, like the words inf and NaN
            number = value.cast(pl.Float64, strict=False)
            return pl.when(value.str.contains(_FLOAT) & number.is_finite()).then(number)
        case "bool":
            low = value.str.to_lowercase()
            return (
                pl.when(low.is_in(TRUE_WORDS)).then(True).when(low.is_in(FALSE_WORDS)).then(False)
            )
        case "date":
            formats = ([fmt] if fmt else []) + [f for f in DATE_FORMATS if f != fmt]
            return _first_format(value, formats, lambda v, f: v.str.to_date(f, strict=False))
        case "datetime":
            formats = ([fmt] if fmt else []) + [f for f in DATETIME_FORMATS if f != fmt]
            return _first_format(value, formats, lambda v, f: _instant(v, f, zone))
    raise ValueError(f"column {name!r}: unknown type {dtype!r}; known: {', '.join(DTYPES)}")


def _share(values: pl.Series, expr: pl.Expr) -> float:
    frame = values.to_frame("v")
    return float(frame.select(expr.is_not_null().mean()).item() or 0.0)


def _mean(frame: pl.DataFrame, pattern: str) -> float:
    return float(frame.select(pl.col("v").str.contains(pattern).mean()).item() or 0.0)


def _formats_used(
    frame: pl.DataFrame, formats: tuple[str, ...], dates: bool
) -> list[tuple[str, int]]:
    """(format, values) of each date or timestamp format the values use, commonest first."""

    def parses(f: str) -> pl.Expr:
        if dates:
            return pl.col("v").str.to_date(f, strict=False).is_not_null()
        return pl.col("v").str.to_datetime(f, time_unit="us", strict=False).is_not_null()

    zoned = pl.when(pl.col("v").str.contains(_ZONED)).then(pl.lit("ISO 8601 with a UTC offset"))
    shapes = [pl.when(parses(f)).then(pl.lit(f)) for f in formats]
    found = (
        frame.select(pl.coalesce(shapes if dates else [zoned, *shapes]).alias("f"))
        .get_column("f")
        .drop_nulls()
    )
    order = {f: i for i, f in enumerate(formats)}  # ties: the list's order
    counts = [(str(f), int(n)) for f, n in found.value_counts().iter_rows()]
    return sorted(counts, key=lambda fn: (-fn[1], order.get(fn[0], -1)))


def _mixed_dates(frame: pl.DataFrame) -> Inferred | None:
    """Dates in several formats: date if all put the year first, else text and why."""
    formats = _formats_used(frame, DATE_FORMATS, dates=True)
    if len(formats) < 2 or sum(n for _, n in formats) < INFER_SHARE * frame.height:
        return None
    listed = ", ".join(f"{f} ({n:,})" for f, n in formats)
    if any(f.startswith(("%d", "%m")) for f, _ in formats):
        return Inferred("str", evidence=(
            f"dates in {len(formats)} formats: {listed}; kept as text: beside the others, "
            "03/11/2026 may be 3 November or 11 March. Declare {dtype: date, format: ...} "
            "once the export writes one format"))  # fmt: skip
    return Inferred("date", formats[0][0], evidence=f"dates in {len(formats)} formats: {listed}")


def _timestamps(frame: pl.DataFrame) -> Inferred | None:
    """Timestamps in several formats: datetime if no format names a zone, else text and why."""
    formats = _formats_used(frame, DATETIME_FORMATS, dates=False)
    if len(formats) < 2 or sum(n for _, n in formats) < INFER_SHARE * frame.height:
        return None
    listed = ", ".join(f"{f} ({n:,})" for f, n in formats)
    if any(f.startswith("ISO 8601 with") for f, _ in formats):
        return Inferred("str", evidence=(
            f"timestamps in {len(formats)} formats: {listed}; kept as text: some carry a UTC "
            "offset and the others name no zone, so their instants cannot be lined up. Declare "
            "{dtype: datetime, format: ...} once the export writes one format"))  # fmt: skip
    return Inferred("datetime", formats[0][0], evidence=(
        f"timestamps in {len(formats)} formats: {listed}; each is read (no zone: see timezone)"
    ))  # fmt: skip


def _decimal_comma(frame: pl.DataFrame, in_file: bool) -> Inferred | None:
    """float64 with a decimal comma when one value surely is, or (`in_file`) other columns are."""
    if _mean(frame, DECIMAL_COMMA) < INFER_SHARE:
        return None
    number = pl.col("v").str.contains(DECIMAL_COMMA)
    surely = number & pl.col("v").str.contains(_SURELY_DECIMAL)
    if frame.select(surely.any()).item():
        example = frame.filter(surely).item(0, "v")
        value = pl.select(comma_number(pl.lit(example)).cast(pl.Float64)).item()
        return Inferred("float64", None, True, f"decimal comma: {example!r} reads {value:g}")
    grouped = frame.filter(number & pl.col("v").str.contains(","))
    if not in_file or grouped.is_empty():
        return None
    example = grouped.item(0, "v")
    value = pl.select(comma_number(pl.lit(example)).cast(pl.Float64)).item()
    return Inferred("float64", None, True, (
        f"decimal comma like the file's other number columns: {example!r} reads {value:g} "
        f"(written the English way it would be {example.replace(',', '')}: check)"
    ))  # fmt: skip


def _unread(present: pl.Series, guess: Inferred) -> Inferred:
    """The guess, its evidence naming the sampled values its type leaves unread (up to 5% may
    be): each such value's row is quarantined at run time, so the draft says which and why."""
    if guess.dtype == "str":
        return guess
    g = guess
    typed = parse_expr("v", g.dtype, g.format, g.decimal_comma, "UTC", g.null_values)
    frame = present.to_frame("v").filter(typed.is_null() & sentinel("v", g.null_values).is_null())
    if frame.is_empty():
        return guess
    counts = frame["v"].value_counts(sort=True).rows()
    listed = ", ".join(f"{value!r} {n:,}" for value, n in counts[:3])
    more = f" and {len(counts) - 3:,} other values" if len(counts) > 3 else ""
    note = (
        f"{frame.height:,} of {present.len():,} sampled values {UNREAD} {guess.dtype} "
        f"({listed}{more}): their rows would be quarantined (unparsable_field); "
        f"{_UNREAD_HINT.get(guess.dtype, 'declare str to keep them')}"
    )
    why = "; ".join(w for w in (guess.evidence, note) if w)
    return Inferred(guess.dtype, guess.format, guess.decimal_comma, why, guess.null_values)


def infer_dtype(values: pl.Series, decimal_comma_file: bool = False) -> Inferred:
    """The type that at least 95% of a column's non-empty values parse as, with its evidence
    (naming the values it leaves unread).

    `decimal_comma_file`: other columns of the file surely use a decimal comma, so `18,529`
    (a thousand and more, or eighteen and a half) is read the same way.
    """
    present = values.to_frame("v").select(text("v")).to_series().drop_nulls()
    if present.is_empty():
        return Inferred("str")
    return _unread(present, _infer(present, decimal_comma_file))


def _infer(present: pl.Series, decimal_comma_file: bool) -> Inferred:
    """infer_dtype of a column's non-empty values, before naming what the type leaves unread."""
    if (found := find_sentinels(present)) is not None:
        inner = _infer(found.rest, decimal_comma_file)
        if inner.dtype in ("int64", "float64") and not inner.null_values:
            why = "; ".join(w for w in (found.evidence, inner.evidence) if w)
            return Inferred(inner.dtype, inner.format, inner.decimal_comma, why, found.values)
    frame = present.to_frame("v")
    if _mean(frame, r"^[0-9]*[0-9]$") >= INFER_SHARE and _mean(frame, r"^0[0-9]+$") > 0:
        return Inferred("str")  # one value with a leading zero makes digit strings codes (02139)
    if _mean(frame, _INT) >= INFER_SHARE:
        return Inferred("int64")
    if _mean(frame, _FLOAT) >= INFER_SHARE:
        return Inferred("str" if _mean(frame, r"^[0-9]{10,}$") > 0 else "float64")
    if (comma := _decimal_comma(frame, decimal_comma_file)) is not None:
        return comma
    for fmt in DATE_FORMATS:
        if _share(present, pl.col("v").str.to_date(fmt, strict=False)) >= INFER_SHARE:
            return Inferred("date", fmt)
    for fmt in DATETIME_FORMATS:
        parsed = pl.col("v").str.to_datetime(fmt, time_unit="us", strict=False)
        if _share(present, parsed) >= INFER_SHARE:
            return Inferred("datetime", fmt)
    if (mixed := _mixed_dates(frame) or _timestamps(frame)) is not None:
        return mixed
    if _share(present, parse_expr("v", "bool")) >= INFER_SHARE:
        return Inferred("bool")
    return Inferred("str")
