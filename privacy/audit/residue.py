"""Post-scrub checks: no raw identifier value survives in the output.

Two searches, shaped to what identifiers look like in real data. Each treated identifier
column's raw values are compared with the released identifier columns (the treated columns,
renamed or not): a vessel whose call sign equals its name is not a leak. And the values of
identifier columns are searched as substrings of the released free text (string columns the
spec leaves unclassified or scans), where a patient id inside a `description` is one; the scrub
masks those first (`mask_identifiers_in_text`), the check proves none remain.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from privacy.audit.text_search import any_identifier, possible_patterns
from privacy.deid.policy import PERSONAL_CATEGORIES, RAW_VALUE_REMOVING, ColumnPolicy

MIN_TOKEN_LEN = 4
# Shorter identifier values are searched for only as whole values: inside text, a 4-digit
# number or a 5-letter word matches by chance too often to mean anything.
MIN_TEXT_LEN = 6
# A Chinese name is 2-4 characters: whole-Han values from 3 characters are searched too (a
# two-character one, 张力, is too often an ordinary word: 肌张力).
MIN_HAN_TEXT_LEN = 3
_ALL_HAN = r"^[\u3400-\u9fff\uf900-\ufaff·]+$"
TextIdentifiers = dict[str, list[str]]


def treated_columns(policies: dict[str, ColumnPolicy]) -> list[str]:
    """Personal columns whose policy removes every raw value."""
    return [
        name
        for name, pol in policies.items()
        if pol.category in PERSONAL_CATEGORIES and pol.policy in RAW_VALUE_REMOVING
    ]


def free_text_columns(output: pl.LazyFrame, policies: dict[str, ColumnPolicy]) -> list[str]:
    """Released string columns the spec keeps as they are or scans for entities.

    A column with any other policy (pseudonym, drop_when, generalize ...) was treated on purpose:
    an AIS vessel name that equals the call sign is the vessel's name, not a leak.
    """
    decided = {
        (pol.rename or name) for name, pol in policies.items() if pol.policy not in (None, "scan")
    }
    return [c for c, t in output.collect_schema().items() if t == pl.String and c not in decided]


def text_identifiers(
    sources: Iterable[tuple[pl.LazyFrame, dict[str, ColumnPolicy]]],
) -> TextIdentifiers:
    """Distinct raw values (>= MIN_TEXT_LEN chars, or a Chinese name of >= MIN_HAN_TEXT_LEN) of
    each treated identifier column, by column.

    Identifier columns only (not names or other personal data, which may be ordinary words);
    one narrow query per column keeps memory flat.
    """
    out: TextIdentifiers = {}
    for source, policies in sources:
        schema = source.collect_schema()
        for name, pol in policies.items():
            if pol.category != "identifier" or pol.policy not in RAW_VALUE_REMOVING:
                continue
            if name not in schema:
                continue
            values = (
                source.select(pl.col(name).cast(pl.String).alias("v"))
                .drop_nulls()
                .unique()
                .filter(
                    (pl.col("v").str.len_chars() >= MIN_TEXT_LEN)
                    | (
                        (pl.col("v").str.len_chars() >= MIN_HAN_TEXT_LEN)
                        & pl.col("v").str.contains(_ALL_HAN)
                    )
                )
                .collect()
                .get_column("v")
                .to_list()
            )
            known = set(out.get(name, []))
            out[name] = sorted(known | set(values))
    return out


def mask_identifiers_in_text(
    output: pl.LazyFrame, policies: dict[str, ColumnPolicy], identifiers: TextIdentifiers
) -> pl.LazyFrame:
    """Replace every identifier value inside free text by its column's placeholder, e.g. <MMSI>.

    Each column's replacement builds its own automaton, so the columns kept as they are (not
    entity-scanned) are first read for the values that may occur in them and searched
    together, once: values absent from them are left out of their replacement, and when none
    is present they are not touched (replacing would change nothing).
    """
    columns = free_text_columns(output, policies)
    placeholder: dict[str, str] = {}
    for name, values in identifiers.items():
        for value in values:
            placeholder.setdefault(value, f"<{name.upper()}>")
    if not columns or not placeholder:
        return output
    # Longest first, ties by text (two stable sorts, both in C): the longest match wins.
    patterns = sorted(sorted(placeholder), key=len, reverse=True)
    scanned = {pol.rename or name for name, pol in policies.items() if pol.policy == "scan"}
    kept = [c for c in columns if c not in scanned]
    near = possible_patterns(output, kept, patterns)
    if near and not output.select(any_identifier(kept, near).sum()).collect().item():
        near = []
    plan = [(c, patterns) for c in columns if c in scanned] + [(c, near) for c in kept if near]
    if not plan:
        return output
    return output.with_columns(
        pl.col(c).str.replace_many(p, [placeholder[v] for v in p], leftmost=True) for c, p in plan
    )


def masked_text_rows(
    source: pl.LazyFrame,
    output: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    identifiers: TextIdentifiers,
) -> dict[str, int]:
    """Rows per free-text column whose raw text held an identifier value.

    Only the values that may occur in the text are searched, all columns at once; the count per
    column runs only when some row holds one.
    """
    names = source.collect_schema().names()
    columns = [c for c in free_text_columns(output, policies) if c in names]
    everything = sorted({v for values in identifiers.values() for v in values})
    patterns = possible_patterns(source, columns, everything)
    if not patterns or not source.select(any_identifier(columns, patterns).sum()).collect().item():
        return {}
    counts = source.select(
        pl.col(c).str.contains_any(patterns).fill_null(False).sum().alias(c) for c in columns
    ).collect()
    return {c: int(counts[c][0]) for c in columns if counts[c][0]}


def identifiers_in_text(
    frame: pl.LazyFrame, columns: list[str], identifiers: TextIdentifiers
) -> dict[str, int]:
    """Rows whose free text holds a value of each identifier column.

    One search for every column's values that may occur first: when no row holds any (a masked
    output), every count is 0; otherwise one query per identifier column over those rows.
    """
    out = {name: 0 for name in identifiers}
    everything = sorted({v for values in identifiers.values() for v in values})
    near = possible_patterns(frame, columns, everything)
    if not near:
        return out
    hit = any_identifier(columns, near)
    if not frame.select(hit.sum()).collect().item():
        return out
    held = frame.select(columns).filter(hit)
    possible = set(near)
    for name, values in identifiers.items():
        if mine := [v for v in values if v in possible]:
            out[name] = int(held.select(any_identifier(columns, mine).sum()).collect().item())
    return out


def raw_identifier_leaks(
    source: pl.LazyFrame,
    output: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    identifiers: TextIdentifiers | None = None,
) -> dict[str, int]:
    """Per treated column: raw values found among released identifier values or in free text.

    Whole values shorter than MIN_TOKEN_LEN are skipped: they are too common to be identifying.
    """
    treated = treated_columns(policies)
    schema = output.collect_schema()
    released = [c for c in {policies[n].rename or n for n in treated} if c in schema]
    leaks = {name: 0 for name in treated}
    if released:
        out_values = (
            pl.concat([output.select(pl.col(c).cast(pl.String).alias("v")) for c in released])
            .drop_nulls()
            .unique()
            .collect()
            .lazy()
        )
        for name in treated:
            # One collect per column: collect_all shares the source scan between them through a
            # cache holding the whole scanned table (+280 MiB at 20M AIS rows); narrow scans don't.
            query = (
                source.select(pl.col(name).cast(pl.String).alias("v"))
                .drop_nulls()
                .unique()
                .filter(pl.col("v").str.len_chars() >= MIN_TOKEN_LEN)
                .join(out_values, on="v", how="semi")
                .select(pl.len())
            )
            leaks[name] += int(query.collect().item())
    if identifiers:
        text = free_text_columns(output, policies)
        for name, n in identifiers_in_text(output, text, identifiers).items():
            leaks[name] = leaks.get(name, 0) + n
    return leaks


def conditional_drop_violations(
    output: pl.LazyFrame, policies: dict[str, ColumnPolicy]
) -> dict[str, int]:
    """Rows where a drop_when condition holds but the value is still present."""
    schema = output.collect_schema().names()
    counts: dict[str, int] = {}
    for name, pol in policies.items():
        if pol.policy != "drop_when" or pol.when is None:
            continue
        column = pol.rename or name
        if column not in schema or pol.when.column not in schema:
            counts[name] = 0
            continue
        bad = output.filter(pol.when.expr() & pl.col(column).is_not_null())
        counts[name] = bad.select(pl.len()).collect().item()
    return counts
