"""The typed polars plans that map MarineCadastre text fields to ais_positions or quarantine.

`direct_rows` gives every row one cheap parse per field straight from its text; the fields in
`TYPED` (never empty in real or generated files) come already parsed by polars' CSV reader,
which accepts every text the cast accepts and otherwise only texts the careful parse accepts
(it skips leading blanks), with the same values (tests/connectors/test_marinecadastre_plan.py);
a null there (empty or unparsable) sends the row to the careful plan. A row whose fields all
parse so (or are empty, `TYPED` ones excepted), with both mandatory fields present and no
surplus field, is kept with those values: stripping first would give the same ones. The other
rows (a padded, lower-case, unparsable or missing field, a surplus field: a few per million
in real and generated files) are left out; the connector reads them again and gives them to
`careful_plans`, which strips every field, parses it again and names what is wrong, and
merges the rows it keeps back in line order.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import polars as pl

from connectors.csv_records import WRONG_FIELDS
from schemas.ais import AIS_POSITIONS

# Columns the mapping needs; Cargo is ignored and TransceiverClass is optional (older years).
REQUIRED_COLUMNS = (
    "MMSI",
    "BaseDateTime",
    "LAT",
    "LON",
    "SOG",
    "COG",
    "Heading",
    "VesselName",
    "IMO",
    "CallSign",
    "VesselType",
    "Status",
    "Length",
    "Width",
    "Draft",
)
LINE, RAW, EXTRA = "source_line", "_raw", "__extra_field__"
Flag = tuple[str, str, str]  # (reason, detail, exact line text)
_MANDATORY = ("MMSI", "BaseDateTime")
_TEXTS = ("VesselName", "CallSign")
_INTEGRAL = ("VesselType", "Status")  # integer codes, sometimes written as floats
_MISSING, _UNPARSABLE = "missing_required_field", "unparsable_field"  # found by the typed plan
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
_FLOATS = ("LAT", "LON", "SOG", "COG", "Heading", "Length", "Width", "Draft")
# Fields the fast read takes typed from the CSV reader: no text column is built for them.
TYPED: dict[str, pl.DataType] = {
    "MMSI": pl.Int64(),
    **{c: pl.Float64() for c in ("LAT", "LON", "SOG", "COG", "Heading")},
}


def _c(name: str) -> pl.Expr:
    """The cleaned (stripped, empty → null) text of a field, computed once per row."""
    return pl.col(f"_c:{name}")


def _p(name: str) -> pl.Expr:
    """The parsed value of a field (null when empty or unparsable), computed once per row."""
    return pl.col(f"_p:{name}")


def _cleaned(name: str) -> pl.Expr:
    """A field's text stripped, whitespace-only text becoming null."""
    stripped = pl.col(name).str.strip_chars()
    return pl.when(stripped != "").then(stripped).alias(f"_c:{name}")


def _stripped(names: tuple[str, ...]) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """`_cleaned` in two steps, for plans over every row: the streaming engine does not share
    a repeated subexpression, so one step strips every value twice (0.1 s per column per 5M
    rows). Returns the two lists of expressions, for two `with_columns` in a row."""
    first = [pl.col(n).str.strip_chars().alias(f"_c:{n}") for n in names]
    second = [pl.when(_c(n) != "").then(_c(n)).alias(f"_c:{n}") for n in names]
    return first, second


def _number(text: Callable[[str], pl.Expr], name: str) -> pl.Expr:
    """A field's text as Float64 (null when empty or unparsable)."""
    return text(name).cast(pl.Float64, strict=False)


def _integral(value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Integer codes that MarineCadastre sometimes writes as floats ("8.0"); fractions fail.

    `value` is the text cast to Float64 (`_number`); given as a column computed before, it is
    parsed once rather than at each of its three uses here.
    """
    return pl.when(value.is_finite() & (value == value.floor())).then(
        value.cast(dtype, strict=False)
    )


def _parsers(
    text: Callable[[str], pl.Expr],
    has_class: bool,
    spaced: bool = True,
    number: Callable[[str], pl.Expr] | None = None,
) -> dict[str, pl.Expr]:
    """Parse every mapped field from `text(name)`; null from a non-null text means unparsable.

    `spaced` also reads 'YYYY-MM-DD HH:MM:SS' (older years) by turning the space into a T.
    `number(name)`: the text of an `_INTEGRAL` field cast to Float64 (by default cast here).
    """
    if number is None:
        number = partial(_number, text)
    when = text("BaseDateTime")
    when = when.str.replace(" ", "T", literal=True) if spaced else when
    parsers = {
        "MMSI": text("MMSI").cast(pl.Int64, strict=False),
        "BaseDateTime": when.str.to_datetime(
            _TIME_FORMAT, time_unit="us", time_zone="UTC", strict=False
        ),
        **{c: _finite(text(c).cast(pl.Float64, strict=False)) for c in _FLOATS},
        "IMO": text("IMO").str.strip_prefix("IMO").cast(pl.Int64, strict=False),
        "VesselType": _integral(number("VesselType"), pl.Int16()),
        "Status": _integral(number("Status"), pl.Int8()),
    }
    if has_class:
        cls = text("TransceiverClass")
        parsers["TransceiverClass"] = pl.when(cls.is_in(["A", "B"])).then(cls)
    return parsers


def _finite(value: pl.Expr) -> pl.Expr:
    """A number, or null: NaN, inf and 1e309 read as floats but are no AIS value (unparsable,
    not the 'not available' null that an out-of-range sentinel such as 91 becomes)."""
    return pl.when(value.is_finite()).then(value)


def _careful_class(has_class: bool) -> dict[str, pl.Expr]:
    """The careful route also reads a lower-case class ("a") as its upper-case code."""
    if not has_class:
        return {}
    cls = _c("TransceiverClass").str.to_uppercase()
    return {"TransceiverClass": pl.when(cls.is_in(["A", "B"])).then(cls)}


def _in_range(name: str, low: float, high: float, closed: str = "both") -> pl.Expr:
    """Keep a value inside its AIS encoding range; sentinels such as 91 or 511 become null."""
    return pl.when(_p(name).is_between(low, high, closed=closed)).then(_p(name))


def _positive(name: str) -> pl.Expr:
    """Dimensions, IMO numbers and type codes where 0 means not available."""
    return pl.when(_p(name) > 0).then(_p(name))


def _values(source: str, has_class: bool) -> list[pl.Expr]:
    """The contract columns from a row's parsed (`_p:`) and cleaned (`_c:`) fields."""
    return [
        _p("MMSI").alias("mmsi"),
        _p("BaseDateTime").alias("timestamp"),
        pl.lit("csv").alias("timestamp_source"),
        pl.lit(0, dtype=pl.Int8()).alias("msg_type"),
        _in_range("LAT", -90.0, 90.0).alias("lat"),
        _in_range("LON", -180.0, 180.0).alias("lon"),
        _in_range("SOG", 0.0, 102.25, "left").alias("sog"),
        _in_range("COG", 0.0, 360.0, "left").alias("cog"),
        _in_range("Heading", 0.0, 360.0, "left").alias("heading"),
        _p("Status").alias("nav_status"),
        _c("VesselName").alias("vessel_name"),
        _positive("IMO").alias("imo"),
        _c("CallSign").alias("call_sign"),
        _positive("VesselType").alias("vessel_type"),
        _positive("Length").alias("length"),
        _positive("Width").alias("width"),
        _positive("Draft").alias("draft"),
        (_p("TransceiverClass") if has_class else pl.lit(None, pl.String())).alias(
            "transceiver_class"
        ),
        pl.lit(None, dtype=pl.String()).alias("station"),
        pl.lit(source).alias("source_file"),
        pl.col(LINE).cast(pl.Int64),
    ]


def direct_rows(
    rows_in: pl.LazyFrame, names: list[str], source: str, spaced: bool = True
) -> pl.LazyFrame:
    """The rows a direct parse takes, as contract columns; the others are left out.

    `rows_in` has source_line and every header column as text, or already parsed for those of
    `TYPED`; the rows left out are those `careful_plans` must judge (the connector finds them
    by the lines missing from the output). `spaced` says the file may write times with a
    space; when it does not, such a time takes the careful route.
    """
    schema = rows_in.collect_schema()
    columns = schema.names()
    has_class = "TransceiverClass" in names
    direct = _parsers(pl.col, has_class, spaced, number=lambda c: pl.col(f"_f:{c}"))
    typed = [c for c in direct if c in TYPED and schema.get(c) == TYPED[c]]
    direct |= {c: pl.col(c) for c in typed}  # null: empty or unparsable, judged carefully
    care = [pl.col(c).is_not_null() & _p(c).is_null() for c in direct if c not in typed]
    care += [pl.col(c).is_null() for c in (*_MANDATORY, *typed)]
    # The CSV reader reads NaN and inf too: such a row is judged (and quarantined) carefully.
    care += [~pl.col(c).is_finite() for c in typed if TYPED[c] == pl.Float64()]
    if EXTRA in columns:
        care.append(pl.col(EXTRA).is_not_null())
    # Each float and each stripped text computed once, in a step of its own (see `_stripped`).
    strip, blank_to_null = _stripped(_TEXTS)
    easy = (
        rows_in.with_columns([_number(pl.col, c).alias(f"_f:{c}") for c in _INTEGRAL])
        .with_columns([e.alias(f"_p:{c}") for c, e in direct.items()])
        .filter(~pl.any_horizontal(care))
        .with_columns(strip)
        .with_columns(blank_to_null)
        .select(_values(source, has_class))
    )
    return AIS_POSITIONS.conform(easy)


def careful_plans(
    rows_in: pl.LazyFrame, names: list[str], source: str
) -> tuple[pl.LazyFrame, pl.LazyFrame]:
    """(good rows as contract columns, bad rows as quarantine rows), every field stripped first.

    `rows_in` has source_line and every header column as text, and `_raw` (the record's text)
    on the line-level path. Every row only gets per-field tests; the texts saying what was
    wrong are built after the filter, for the bad rows.
    """
    columns = rows_in.collect_schema().names()
    text = pl.concat_str([pl.col(n).fill_null("") for n in names], separator=",")
    raw = pl.col(RAW) if RAW in columns else text
    has_class = "TransceiverClass" in names
    mapped = [*REQUIRED_COLUMNS, *(["TransceiverClass"] if has_class else [])]
    parsers = _parsers(_c, has_class) | _careful_class(has_class)
    failed = {c: _c(c).is_not_null() & _p(c).is_null() for c in parsers}
    missing = [_c(c).is_null() for c in _MANDATORY]
    rows = (
        rows_in.with_columns([_cleaned(c) for c in mapped])
        .with_columns([expr.alias(f"_p:{c}") for c, expr in parsers.items()])
        .with_columns(
            pl.when(pl.col(EXTRA).is_not_null() if EXTRA in columns else pl.lit(False))
            .then(pl.lit(WRONG_FIELDS))
            .when(pl.any_horizontal(missing))
            .then(pl.lit(_MISSING))
            .when(pl.any_horizontal(list(failed.values())))
            .then(pl.lit(_UNPARSABLE))
            .alias("_reason")
        )
    )
    good = rows.filter(pl.col("_reason").is_null()).select(_values(source, has_class))
    good = AIS_POSITIONS.conform(good)
    empty = pl.concat_str(
        [pl.when(m).then(pl.lit(c)) for c, m in zip(_MANDATORY, missing, strict=True)],
        separator=", ",
        ignore_nulls=True,
    )
    unparsable = pl.concat_str(
        [pl.when(f).then(pl.concat_str([pl.lit(f"{c}="), _c(c)])) for c, f in failed.items()],
        separator="; ",
        ignore_nulls=True,
    )
    bad = rows.filter(pl.col("_reason").is_not_null()).select(
        pl.lit(source).alias("source_file"),
        pl.col(LINE).cast(pl.Int64),
        pl.lit("ingest").alias("stage"),
        pl.col("_reason").alias("reason"),
        pl.when(pl.col("_reason") == WRONG_FIELDS)
        .then(pl.lit(f"more than {len(names)} fields"))
        .when(pl.col("_reason") == _MISSING)
        .then(pl.concat_str([pl.lit("empty "), empty]))
        .otherwise(pl.concat_str([pl.lit("unparsable "), unparsable]))
        .alias("detail"),
        raw.alias("raw"),
    )  # fmt: skip
    return good, bad
