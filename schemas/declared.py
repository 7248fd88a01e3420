"""Contracts declared in a dataset spec (a generic table's columns), registered when it loads.

A source without a built-in contract (a clinic's CSV of patients) lists its columns and types
in `source.options.columns`; the spec loader turns them into a TableSchema under the name in
`source.options.contract`, so every stage checks that table like any built-in one. Two
columns every connector adds, `source_file` and `source_line`, close the contract. A float64
column written with a decimal comma (`1.242,2`) says `decimal_comma: true`; the same key in
`source.options` sets it for every float64 column of the table.
"""

from __future__ import annotations

import re
from typing import Any

from schemas.column_types import DTYPES
from schemas.registry import declare
from schemas.table import Column, TableSchema

CONTRACT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
LINEAGE = (
    Column("source_file", "str", False, None, "Raw file the row came from"),
    Column("source_line", "int64", False, None, "First physical line of the record in its file"),
)


KEYS = ("dtype", "format", "nullable", "description", "decimal_comma")


class ColumnDecl:
    """One declared column: `str` or `{dtype, format, nullable, description, decimal_comma}`."""

    __slots__ = ("decimal_comma", "description", "dtype", "evidence", "format", "name", "nullable")

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
        self.description = str(entry.get("description", ""))
        self.decimal_comma = bool(entry.get("decimal_comma", decimal_comma))
        if self.decimal_comma and self.dtype != "float64":
            raise ValueError(f"columns.{name}: decimal_comma is for float64, not {self.dtype}")
        self.evidence = ""  # why `bohai init` inferred this type (never read from a spec)

    def entry(self) -> str | dict[str, Any]:
        """The declaration as a spec writes it: the type alone, or its set keys."""
        keys = {"dtype": self.dtype, "format": self.format, "decimal_comma": self.decimal_comma,
                "description": self.description}  # fmt: skip
        set_keys = {k: v for k, v in keys.items() if v}
        return self.dtype if len(set_keys) == 1 else set_keys

    def column(self) -> Column:
        """The contract column this declaration stands for."""
        return Column(self.name, self.dtype, self.nullable, None, self.description)


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
    return [ColumnDecl(str(name), raw, comma and _is_float(raw)) for name, raw in columns.items()]


def _is_float(raw: Any) -> bool:
    """Whether a raw declaration is float64 (the table's decimal_comma applies to those only)."""
    return (raw if isinstance(raw, str) else dict(raw or {}).get("dtype")) == "float64"


def declared_contract(options: dict[str, Any]) -> TableSchema:
    """Build and register the contract that `source.options` declares."""
    name = options.get("contract")
    if not isinstance(name, str) or not CONTRACT_NAME.match(name):
        raise ValueError(
            "options.contract: name the declared contract (lowercase letters, digits, _)"
        )
    columns = tuple(d.column() for d in column_decls(options)) + LINEAGE
    schema = TableSchema(name, columns, f"declared in a dataset spec ({len(columns)} columns)")
    return declare(schema)
