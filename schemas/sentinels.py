"""Values an export writes in place of a reading it does not have: status words, sentinels.

A DCS or lab export puts `Bad Input`, `I/O Timeout`, `Calc Failed`, `-9999` or a censored `<0,5`
(below the detection limit) where a number should be. `bohai init` proposes such a column as
numeric with those values read as null (`null_values`), the value kept in a companion column
`<name>_null_reason` so every nulled cell is counted by its reason. Only known status words,
censored values and numeric sentinels outside the column's own range qualify: a repeated word
nobody listed (`ICU` among room numbers) keeps the column text, with the evidence saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# Words historians write for a reading they do not have (PI digital states, MSVC's printed
# NaN/infinity); compared in lower case. The historian connector reads the same list.
HISTORIAN_WORDS = frozenset({
    "bad input", "bad", "i/o timeout", "comm fail", "comm failure", "shutdown", "intf shut",
    "scan off", "scan timeout", "no data", "no sample", "pt created", "calc failed",
    "calc timeout", "configure", "out of serv", "out of service", "not connect", "over range",
    "under range", "bad quality", "invalid data", "no result", "equip fail", "arc off-line",
    "1.#qnan", "-1.#qnan", "1.#ind", "-1.#ind", "1.#inf", "-1.#inf", "1.#snan", "#n/a", "n/a",
})  # fmt: skip
# ... and what DCS, lab and spreadsheet exports write in a generic table's number column.
# An infinity (`inf`, as pandas and numpy print an overflow) is no reading either: read as null
# with its word kept, like NaN, rather than losing the row's other readings to quarantine.
STATUS_WORDS = HISTORIAN_WORDS | {
    "nan", "error", "err", "#value!", "#div/0!", "#ref!", "#num!", "timeout", "offline",
    "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity",
}  # fmt: skip
NUMERIC_SENTINELS = (-9999.0, -999.0, -99999.0, 9999.0, 99999.0)  # when outside the column's range
CENSORED = r"^[<>≤≥]\s*[0-9]+(?:[.,][0-9]+)?$"  # `<0,5`, `> 1000`: outside the measurable range
MAX_SHARE = 0.5  # above this share of a column's values, the numbers are the exception
REASON_SUFFIX = "_null_reason"


@dataclass(frozen=True, slots=True)
class Sentinels:
    """The values of a column to read as null, the values that remain, and the evidence."""

    values: tuple[str, ...]
    rest: pl.Series
    evidence: str


def find_sentinels(present: pl.Series) -> Sentinels | None:
    """Status words, censored values and out-of-range numeric sentinels among a column's
    non-empty values, when they are at most half of them."""
    v = pl.col("v")
    low = v.str.to_lowercase()
    number = v.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    word = low.is_in(list(STATUS_WORDS)) | v.str.contains(CENSORED)
    coded = number.is_in(list(NUMERIC_SENTINELS))
    frame = (
        present.str.strip_chars()
        .to_frame("v")
        .with_columns(word.alias("word"), coded.fill_null(False).alias("coded"), number.alias("n"))
    )
    real = frame.filter(~pl.col("word") & ~pl.col("coded") & pl.col("n").is_not_null())
    if real.is_empty():
        frame = frame.with_columns(pl.lit(False).alias("coded"))
    else:
        lo, hi = real["n"].min(), real["n"].max()
        frame = frame.with_columns(pl.col("coded") & ~pl.col("n").is_between(lo, hi))
    nulled = frame.filter(pl.col("word") | pl.col("coded"))
    if nulled.is_empty() or nulled.height > MAX_SHARE * frame.height:
        return None
    counts = nulled["v"].value_counts(sort=True).rows()
    listed = ", ".join(f"{value} {n:,}" for value, n in counts)
    evidence = (
        f"{nulled.height:,} of {frame.height:,} sampled values ({nulled.height / frame.height:.0%})"
        f" say there is no reading ({listed}): read as null, the value kept in"
        f" <column>{REASON_SUFFIX}"
    )
    rest = frame.filter(~(pl.col("word") | pl.col("coded")))["v"]
    return Sentinels(tuple(value for value, _ in counts), rest, evidence)
