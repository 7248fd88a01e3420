"""Post-scrub checks: no raw identifier value survives in the output.

Two searches, shaped to what identifiers look like in real data. Each treated identifier
column's raw values are compared with the released identifier columns (the treated columns,
renamed or not): a vessel whose call sign equals its name is not a leak. And the values of
identifier columns are searched as substrings of the released free text (string columns the
spec leaves unclassified or scans), where a patient id inside a `description` is one; the scrub
masks those first (`mask_identifiers_in_text`), the check proves none remain.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import polars as pl

from privacy.audit.distinct import ColumnValues, as_text, distinct_values
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
        (pol.rename or name)
        for name, pol in policies.items()
        if pol.policy is not None and not pol.scans_text()
    }
    return [c for c, t in output.collect_schema().items() if t == pl.String and c not in decided]


def identifier_values(source: pl.LazyFrame, policies: dict[str, ColumnPolicy]) -> ColumnValues:
    """Distinct raw values of each treated column present in `source`, read in one batch.

    The treated columns hold every identifier column the text search uses, so one read serves
    `text_identifiers` and `raw_identifier_leaks` of a table.
    """
    names = source.collect_schema().names()
    return distinct_values(source, [c for c in treated_columns(policies) if c in names])


def text_identifiers(
    sources: Iterable[tuple[pl.LazyFrame, dict[str, ColumnPolicy]]],
    values: Iterable[ColumnValues] | None = None,
) -> TextIdentifiers:
    """Distinct raw values (>= MIN_TEXT_LEN chars, or a Chinese name of >= MIN_HAN_TEXT_LEN) of
    each treated identifier column, by column.

    Identifier columns only (not names or other personal data, which may be ordinary words).
    `values` (one `identifier_values` per source, in order) saves reading them again.
    """
    out: TextIdentifiers = {}
    known = iter(values) if values is not None else None
    for source, policies in sources:
        read = next(known) if known is not None else identifier_values(source, policies)
        for name, pol in policies.items():
            if pol.category != "identifier" or pol.policy not in RAW_VALUE_REMOVING:
                continue
            if name not in read:
                continue
            v = as_text(read[name])
            long = v.filter(
                (v.str.len_chars() >= MIN_TEXT_LEN)
                | ((v.str.len_chars() >= MIN_HAN_TEXT_LEN) & v.str.contains(_ALL_HAN))
            )
            out[name] = sorted(set(out.get(name, [])) | set(long.to_list()))
    return out


def mask_identifiers_in_text(
    output: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    identifiers: TextIdentifiers,
    values: ColumnValues | None = None,
) -> pl.LazyFrame:
    """Replace every identifier value inside free text by its column's placeholder, e.g. <MMSI>.

    Each column's replacement builds its own automaton, so the columns kept as they are (not
    entity-scanned) are first read for the values that may occur in them and searched
    together, once: values absent from them are left out of their replacement, and when none
    is present they are not touched (replacing would change nothing). `values` may hold the
    distinct values of those columns, read before.
    """
    columns = free_text_columns(output, policies)
    placeholder: dict[str, str] = {}
    for name, ids in identifiers.items():
        for value in ids:
            placeholder.setdefault(value, f"<{name.upper()}>")
    if not columns or not placeholder:
        return output
    patterns = list(_longest_first(tuple(placeholder)))
    scanned = {pol.rename or name for name, pol in policies.items() if pol.scans_text()}
    kept = [c for c in columns if c not in scanned]
    near = possible_patterns(output, kept, patterns, values)
    if near and not output.select(any_identifier(kept, near).sum()).collect().item():
        near = []
    plan = [(c, patterns) for c in columns if c in scanned] + [(c, near) for c in kept if near]
    if not plan:
        return output
    return output.with_columns(
        pl.col(c).str.replace_many(p, [placeholder[v] for v in p], leftmost=True) for c, p in plan
    )


@functools.lru_cache(maxsize=4)
def _longest_first(values: tuple[str, ...]) -> tuple[str, ...]:
    """Longest first, ties by text (two stable sorts, both in C): the longest match wins.

    Cached: every table of a dataset masks the same identifier values (all tables' ids), and
    sorting 130k of them took 0.2 s per table in a Synthea export.
    """
    return tuple(sorted(sorted(values), key=len, reverse=True))


def _every_value(identifiers: TextIdentifiers) -> list[str]:
    """Every identifier value of every column, sorted once per set of identifiers."""
    return list(_sorted_union(tuple(tuple(ids) for ids in identifiers.values())))


@functools.lru_cache(maxsize=4)
def _sorted_union(columns: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(sorted({v for ids in columns for v in ids}))


def masked_text_rows(
    source: pl.LazyFrame,
    output: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    identifiers: TextIdentifiers,
    values: ColumnValues | None = None,
) -> dict[str, int]:
    """Rows per free-text column whose raw text held an identifier value.

    Only the values that may occur in the text (`values`: the source's distinct values, when
    read before) are searched, all columns at once; the count per column runs only when some
    row holds one.
    """
    names = source.collect_schema().names()
    columns = [c for c in free_text_columns(output, policies) if c in names]
    everything = _every_value(identifiers)
    patterns = possible_patterns(source, columns, everything, values)
    if not patterns or not source.select(any_identifier(columns, patterns).sum()).collect().item():
        return {}
    counts = source.select(
        pl.col(c).str.contains_any(patterns).fill_null(False).sum().alias(c) for c in columns
    ).collect()
    return {c: int(counts[c][0]) for c in columns if counts[c][0]}


def identifiers_in_text(
    frame: pl.LazyFrame,
    columns: list[str],
    identifiers: TextIdentifiers,
    values: ColumnValues | None = None,
) -> dict[str, int]:
    """Rows whose free text holds a value of each identifier column.

    One search for every column's values that may occur first (`values`: the frame's distinct
    values, when read before): when no row holds any (a masked output), every count is 0;
    otherwise one query per identifier column over those rows.
    """
    out = {name: 0 for name in identifiers}
    everything = _every_value(identifiers)
    near = possible_patterns(frame, columns, everything, values)
    if not near:
        return out
    hit = any_identifier(columns, near)
    if not frame.select(hit.sum()).collect().item():
        return out
    held = frame.select(columns).filter(hit)
    possible = set(near)
    for name, ids in identifiers.items():
        if mine := [v for v in ids if v in possible]:
            out[name] = int(held.select(any_identifier(columns, mine).sum()).collect().item())
    return out


def raw_identifier_leaks(
    source: pl.LazyFrame,
    output: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    identifiers: TextIdentifiers | None = None,
    source_values: ColumnValues | None = None,
    output_values: ColumnValues | None = None,
) -> dict[str, int]:
    """Per treated column: raw values found among released identifier values or in free text.

    Whole values shorter than MIN_TOKEN_LEN are skipped: they are too common to be identifying.
    `source_values` (`identifier_values` of the source) and `output_values` (distinct values of
    the output's columns) save reading what was read before; missing columns are read here.
    """
    treated = treated_columns(policies)
    schema = output.collect_schema()
    released = [c for c in {policies[n].rename or n for n in treated} if c in schema]
    leaks = {name: 0 for name in treated}
    if released:
        out_read = _with_missing(output, released, output_values)
        out_values = set(pl.concat([as_text(out_read[c]) for c in released]).to_list())
        names = source.collect_schema().names()
        src_read = _with_missing(source, [n for n in treated if n in names], source_values)
        for name in treated:
            raw = as_text(src_read[name]) if name in src_read else pl.Series([], dtype=pl.String)
            raw = raw.filter(raw.str.len_chars() >= MIN_TOKEN_LEN)
            leaks[name] += sum(1 for v in raw.to_list() if v in out_values)
    if identifiers:
        text = free_text_columns(output, policies)
        for name, n in identifiers_in_text(output, text, identifiers, output_values).items():
            leaks[name] = leaks.get(name, 0) + n
    return leaks


def _with_missing(lf: pl.LazyFrame, columns: list[str], known: ColumnValues | None) -> ColumnValues:
    """`known` distinct values plus those of the columns it lacks, read now in one batch."""
    have = dict(known or {})
    have |= distinct_values(lf, [c for c in columns if c not in have])
    return have


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
