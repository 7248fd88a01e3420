"""Contracts declared in a dataset spec (a generic table's columns), registered when it loads.

A source without a built-in contract (a clinic's CSV of patients) lists its columns and types
in `source.options.columns`; the spec loader turns them into a TableSchema under the name in
`source.options.contract`, so every stage checks that table like any built-in one. Two
columns every connector adds, `source_file` and `source_line`, close the contract. A float64
column written with a decimal comma (`1.242,2`) says `decimal_comma: true`; the same key in
`source.options` sets it for every float64 column of the table. `timezone` (an IANA zone) is the
zone of timestamps that name none. `aliases` lists other header names of a column (a feed that
renamed it: older files keep the old name, newer ones the new).
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schemas.column_types import DTYPES
from schemas.registry import declare
from schemas.sentinels import REASON_SUFFIX
from schemas.table import Column, TableSchema

CONTRACT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
LINEAGE = (
    Column("source_file", "str", False, None, "Raw file the row came from"),
    Column("source_line", "int64", False, None, "First physical line of the record in its file"),
)


KEYS = ("dtype", "format", "nullable", "description", "decimal_comma", "null_values", "optional")
KEYS += ("aliases",)


class ColumnDecl:
    """One declared column: `str` or `{dtype, format, nullable, description, decimal_comma,
    null_values, optional, aliases}`; null values (status words, sentinels) are read as null and
    kept in a companion column `<name>_null_reason`; an `optional` column (one a feed added
    later) may be missing from a file's header, its values then null; `aliases` are other header
    names the column is read under (a renamed column)."""

    __slots__ = ("aliases", "decimal_comma", "description", "dtype", "evidence", "format",
                 "name", "null_values", "nullable", "optional")  # fmt: skip

    def __init__(self, name: str, raw: Any, decimal_comma: bool = False) -> None:
        entry = {"dtype": raw} if isinstance(raw, str) else dict(raw or {})
        unknown = set(entry) - set(KEYS)
        if unknown:
            raise ValueError(f"columns.{name}: unknown keys {sorted(unknown)}")
        self.name = name
        self.dtype = str(entry.get("dtype", "str"))
        if self.dtype not in DTYPES:
            raise ValueError(f"columns.{name}: type {self.dtype!r} not one of {', '.join(DTYPES)}")
        self.format = entry.get("format")
        self.nullable = bool(entry.get("nullable", True))
        self.optional = entry.get("optional", False)
        if not isinstance(self.optional, bool):
            raise ValueError(f"columns.{name}: optional is true or false, not {self.optional!r}")
        if self.optional and not self.nullable:
            raise ValueError(f"columns.{name}: an optional column is null where a file lacks it")
        self.description = str(entry.get("description", ""))
        self.decimal_comma = bool(entry.get("decimal_comma", decimal_comma))
        if self.decimal_comma and self.dtype != "float64":
            raise ValueError(f"columns.{name}: decimal_comma is for float64, not {self.dtype}")
        nulls = entry.get("null_values") or []
        if not isinstance(nulls, list) or not all(isinstance(v, str | int | float) for v in nulls):
            raise ValueError(f"columns.{name}: null_values must be a list of values")
        self.null_values = tuple(str(v) for v in nulls)
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise ValueError(f"columns.{name}: aliases must be a list of header names")
        self.aliases = tuple(aliases)
        self.evidence = ""  # why `bohai init` inferred this type (never read from a spec)

    def entry(self) -> str | dict[str, Any]:
        """The declaration as a spec writes it: the type alone, or its set keys."""
        keys = {"dtype": self.dtype, "format": self.format, "decimal_comma": self.decimal_comma,
                "null_values": list(self.null_values), "description": self.description,
                "optional": self.optional, "aliases": list(self.aliases)}  # fmt: skip
        set_keys = {k: v for k, v in keys.items() if v}
        return self.dtype if len(set_keys) == 1 else set_keys

    @property
    def reason_column(self) -> str | None:
        """The companion column holding each nulled value, when the column has null values."""
        return f"{self.name}{REASON_SUFFIX}" if self.null_values else None

    def columns(self) -> tuple[Column, ...]:
        """The contract columns this declaration stands for (itself, and its null reasons)."""
        own = Column(self.name, self.dtype, self.nullable, None, self.description)
        if self.reason_column is None:
            return (own,)
        why = f"The value {self.name} held in place of a reading, where it is null"
        return own, Column(self.reason_column, "str", True, None, why)


def column_decls(options: dict[str, Any]) -> list[ColumnDecl]:
    """The declared columns of `source.options`, in order (an error for a bad declaration)."""
    columns = options.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise ValueError("options.columns: declare the table's columns (name: type)")
    reserved = {c.name for c in LINEAGE} & set(columns)
    if reserved:
        raise ValueError(f"options.columns: {sorted(reserved)} are added by the connector")
    comma = options.get("decimal_comma", False)
    if not isinstance(comma, bool):
        raise ValueError(f"options.decimal_comma: true or false, not {comma!r}")
    decls = [ColumnDecl(str(name), raw, comma and _is_float(raw)) for name, raw in columns.items()]
    seen = {d.name: d.name for d in decls}
    for decl in decls:
        for alias in decl.aliases:
            if alias in seen:
                raise ValueError(
                    f"options.columns.{decl.name}: alias {alias!r} already names column "
                    f"{seen[alias]!r}"
                )
            seen[alias] = decl.name
    return decls


def _is_float(raw: Any) -> bool:
    """Whether a raw declaration is float64 (the table's decimal_comma applies to those only)."""
    return (raw if isinstance(raw, str) else dict(raw or {}).get("dtype")) == "float64"


def table_zone(options: dict[str, Any]) -> str:
    """The zone of the table's timestamps that name none: `options.timezone`, else UTC."""
    zone = options.get("timezone") or "UTC"
    try:
        ZoneInfo(str(zone))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"options.timezone: unknown time zone {zone!r} (an IANA name, e.g. Asia/Shanghai)"
        ) from None
    return str(zone)


def declared_contract(options: dict[str, Any]) -> TableSchema:
    """Build and register the contract that `source.options` declares."""
    table_zone(options)  # a misspelt zone fails when the spec loads, not on the first run
    name = options.get("contract")
    if not isinstance(name, str) or not CONTRACT_NAME.match(name):
        raise ValueError(
            "options.contract: name the declared contract (lowercase letters, digits, _)"
        )
    columns = tuple(c for d in column_decls(options) for c in d.columns()) + LINEAGE
    schema = TableSchema(name, columns, f"declared in a dataset spec ({len(columns)} columns)")
    return declare(schema)
