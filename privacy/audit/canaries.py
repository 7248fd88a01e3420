"""Canary records for test runs: synthetic rows with valid identifiers that must not survive.

`plant_canaries` appends a few rows whose free-text (and optionally identifier) columns hold
freshly generated, checksum-valid identifiers; after scrubbing, `canaries_survived` lists
every canary still readable anywhere in the output. A correct policy leaves that list empty.
Planted rows are marked in CANARY_COLUMN so `drop_canaries` can take them out again.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from privacy.detect import entities as E
from privacy.detect.checksums import luhn_check_digit, resident_id_check_char

CANARY_COLUMN = "_bohai_canary"
# Dalian districts (GB/T 2260) for plausible resident IDs.
_REGIONS = ("210202", "210203", "210204", "210211", "210213", "210281")
_MOBILE_PREFIXES = ("135", "138", "139", "150", "158", "186", "188", "199")
_CARD_BINS = ("622202", "622848", "621700", "622588")


@dataclass(frozen=True, slots=True)
class Canary:
    """One planted identifier: its type, value, column and the row it was planted in."""

    entity_type: str
    value: str
    column: str
    row: int


def resident_id(rng: random.Random) -> str:
    """A resident ID with a real region, a real birth date and a correct check character."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    first17 = f"{rng.choice(_REGIONS)}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + resident_id_check_char(first17)


def mobile(rng: random.Random) -> str:
    """A mainland mobile number."""
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}"


def bank_card(rng: random.Random) -> str:
    """A 19-digit UnionPay-style card number that passes Luhn."""
    payload = rng.choice(_CARD_BINS) + f"{rng.randrange(0, 10**12):012d}"
    return payload + luhn_check_digit(payload)


def email(rng: random.Random) -> str:
    """An e-mail address on a reserved test domain."""
    return f"canary{rng.randrange(10**6, 10**7)}@example.com"


_MAKERS = {
    E.CN_RESIDENT_ID: resident_id,
    E.CN_MOBILE: mobile,
    E.CN_BANK_CARD: bank_card,
    E.EMAIL_ADDRESS: email,
}
_TEMPLATES = (
    "患者身份证号{CN_RESIDENT_ID}，联系电话{CN_MOBILE}，银行卡号{CN_BANK_CARD}，邮箱{EMAIL_ADDRESS}。",
    "Contact: ID {CN_RESIDENT_ID}, mobile {CN_MOBILE}, card {CN_BANK_CARD}, email {EMAIL_ADDRESS}.",
)


def plant_canaries(
    lf: pl.LazyFrame,
    text_columns: Sequence[str],
    seed: int,
    count: int = 2,
    id_columns: Mapping[str, str] | None = None,
) -> tuple[pl.LazyFrame, list[Canary]]:
    """Append `count` canary rows; each text column gets a note full of fresh identifiers.

    `id_columns` maps identifier columns (String) to the entity type to plant there. Other
    columns of canary rows are null.
    """
    schema = lf.collect_schema()
    for column in (*text_columns, *(id_columns or {})):
        if column not in schema:
            raise ValueError(f"canary column {column!r} not in the table")
        if schema[column] != pl.String:
            raise ValueError(f"canary column {column!r} is {schema[column]}, not String")
    for entity in (id_columns or {}).values():
        if entity not in _MAKERS:
            raise ValueError(f"no canary generator for {entity}; known: {sorted(_MAKERS)}")
    rng = random.Random(seed)
    first_row = lf.select(pl.len()).collect().item()
    canaries: list[Canary] = []
    rows: list[dict[str, object]] = []
    for i in range(count):
        row: dict[str, object] = {CANARY_COLUMN: True}
        for j, column in enumerate(text_columns):
            values = {entity: make(rng) for entity, make in _MAKERS.items()}
            row[column] = _TEMPLATES[(i + j) % len(_TEMPLATES)].format(**values)
            canaries += [Canary(e, v, column, first_row + i) for e, v in values.items()]
        for column, entity in (id_columns or {}).items():
            value = _MAKERS[entity](rng)
            row[column] = value
            canaries.append(Canary(entity, value, column, first_row + i))
        rows.append(row)
    planted = (
        pl.DataFrame(
            rows,
            schema={CANARY_COLUMN: pl.Boolean}
            | {c: pl.String for c in rows[0] if c != CANARY_COLUMN},
        )
        if rows
        else pl.DataFrame(schema={CANARY_COLUMN: pl.Boolean})
    )
    marked = lf.with_columns(pl.lit(False).alias(CANARY_COLUMN))
    return pl.concat([marked, planted.lazy()], how="diagonal_relaxed"), canaries


def canaries_survived(
    output: pl.LazyFrame | pl.DataFrame, canaries: Sequence[Canary]
) -> list[Canary]:
    """Canaries whose value can still be read in any string or integer column of the output."""
    lf = output.lazy()
    schema = lf.collect_schema()
    columns = [
        c for c, t in schema.items() if c != CANARY_COLUMN and (t == pl.String or t.is_integer())
    ]
    if not canaries or not columns:
        return []
    checks = [
        pl.any_horizontal(
            [pl.col(c).cast(pl.String).str.contains(canary.value, literal=True) for c in columns]
        )
        .any()
        .alias(str(i))
        for i, canary in enumerate(canaries)
    ]
    found = lf.select(checks).collect().row(0)
    return [canary for canary, hit in zip(canaries, found, strict=True) if hit]


def drop_canaries(lf: pl.LazyFrame) -> pl.LazyFrame:
    """The table without its canary rows and marker column."""
    return lf.filter(~pl.col(CANARY_COLUMN).fill_null(False)).drop(CANARY_COLUMN)
