"""Contracts declared in a dataset spec (a generic table's columns), registered when it loads.

A source without a built-in contract (a clinic's CSV of patients) lists its columns and types
in `source.options.columns`; the spec loader turns them into a TableSchema under the name in
`source.options.contract`, so every stage checks that table like any built-in one. Two
columns every connector adds, `source_file` and `source_line`, close the contract.
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


class ColumnDecl:
    """One declared column: `str` or `{dtype, format, nullable, description}`."""

    __slots__ = ("description", "dtype", "format", "name", "nullable")

    def __init__(self, name: str, raw: Any) -> None:
        entry = {"dtype": raw} if isinstance(raw, str) else dict(raw or {})
        unknown = set(entry) - {"dtype", "format", "nullable", "description"}
        if unknown:
            raise ValueError(f"columns.{name}: unknown keys {sorted(unknown)}")
        self.name = name
        self.dtype = str(entry.get("dtype", "str"))
        if self.dtype not in DTYPES:
            raise ValueError(f"columns.{name}: type {self.dtype!r} not one of {', '.join(DTYPES)}")
        self.format = entry.get("format")
        self.nullable = bool(entry.get("nullable", True))
        self.description = str(entry.get("description", ""))

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
    return [ColumnDecl(str(name), raw) for name, raw in columns.items()]


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
