"""Searching free text for many identifier values at once, with as few automata as possible.

Polars builds an Aho-Corasick automaton for every `contains_any` / `replace_many` expression,
and again for every streamed morsel; with thousands of ids (a Synthea export's encounter ids)
one build costs tens to hundreds of milliseconds, far more than the search. So the text
columns of a table are searched together, and patterns that cannot occur are dropped first.
"""

from __future__ import annotations

import polars as pl

from privacy.audit.distinct import ColumnValues, joined_text

# Characters that join text columns for one search; the first that no pattern holds is used.
SEPARATORS = ("\x00", "\x1f", "\x1e", "\n", "\t", "\ufffe")
# Text read whole to prune the patterns only up to this many bytes (all columns together).
PRUNE_BYTES = 4 << 20
PREFIX = 6  # characters of a pattern looked up among the text's substrings


def any_identifier(columns: list[str], patterns: list[str]) -> pl.Expr:
    """True where any of the text columns holds any pattern, from one automaton for them all.

    The columns are joined by a separator that no pattern contains: a match cannot then span
    two columns, and the joined text holds a pattern exactly when one of the columns does.
    """
    separator = next((s for s in SEPARATORS if not any(s in p for p in patterns)), None)
    if separator is None or len(columns) == 1:
        hit = pl.any_horizontal(pl.col(c).str.contains_any(patterns) for c in columns)
    else:
        joined = pl.concat_str(columns, separator=separator, ignore_nulls=True)
        hit = joined.str.contains_any(patterns)
    return hit.fill_null(False)


def possible_patterns(
    frame: pl.LazyFrame,
    columns: list[str],
    patterns: list[str],
    values: ColumnValues | None = None,
) -> list[str]:
    """The patterns that may occur in these columns, in their order (all when the text is big).

    A pattern inside a value has its first k characters there too, so a pattern whose prefix is
    no k-character substring of any distinct value occurs nowhere and changes no search and no
    replacement. Codes, units and file names repeat, so their distinct text is small; it is
    read only when (estimated distinct values) x (longest value) stays under PRUNE_BYTES, unless
    `values` already holds every column's distinct values (then they are used as they are).
    """
    if not patterns or not columns:
        return []
    known = joined_text(values, columns) if values is not None else None
    if known is not None:
        if known.str.len_bytes().sum() > PRUNE_BYTES:
            return patterns
        return _pruned(known.to_list(), patterns)
    bounds = frame.select(
        pl.col(c).approx_n_unique().cast(pl.Float64) * pl.col(c).str.len_bytes().max()
        for c in columns
    ).collect()
    if sum(v or 0 for v in bounds.row(0)) > PRUNE_BYTES:
        return patterns
    text = (
        pl.concat([frame.select(pl.col(c).alias("v")) for c in columns])
        .drop_nulls()
        .unique()
        .collect()
        .get_column("v")
        .to_list()
    )
    return _pruned(text, patterns)


def _pruned(values: list[str], patterns: list[str]) -> list[str]:
    """The patterns whose first k characters occur in some value, in their order."""
    k = min(PREFIX, *map(len, patterns))
    grams = {v[i : i + k] for v in values for i in range(len(v) - k + 1)}
    return [p for p in patterns if p[:k] in grams]
