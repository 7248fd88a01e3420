"""Table contracts: named, typed, documented columns that every stage and release must honour."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(),
    "int8": pl.Int8(),
    "int16": pl.Int16(),
    "int32": pl.Int32(),
    "int64": pl.Int64(),
    "float32": pl.Float32(),
    "float64": pl.Float64(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "datetime": pl.Datetime("us", "UTC"),
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a contract: its type, nullability, unit and meaning."""

    name: str
    dtype: str
    nullable: bool = True
    unit: str | None = None
    description: str = ""

    @property
    def polars_dtype(self) -> pl.DataType:
        """The polars type this column must have."""
        return _DTYPES[self.dtype]


@dataclass(frozen=True, slots=True)
class ContractViolation:
    """A table-level breach of the contract (missing column, wrong type, nulls where forbidden)."""

    column: str
    code: str
    detail: str


@dataclass(frozen=True)
class TableSchema:
    """A named table contract; connectors produce it, checks enforce it, releases document it."""

    name: str
    columns: tuple[Column, ...]
    description: str = ""
    _by_name: dict[str, Column] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for col in self.columns:
            if col.dtype not in _DTYPES:
                raise ValueError(
                    f"schema {self.name}: column {col.name}: unknown dtype {col.dtype!r}"
                )
            self._by_name[col.name] = col

    @property
    def names(self) -> list[str]:
        """Column names in contract order."""
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """Look up one column by name."""
        return self._by_name[name]

    def polars_schema(self) -> pl.Schema:
        """The exact polars schema a conforming frame has."""
        return pl.Schema({c.name: c.polars_dtype for c in self.columns})

    def empty(self) -> pl.DataFrame:
        """An empty frame with the contract's schema."""
        return pl.DataFrame(schema=self.polars_schema())

    def conform(self, frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
        """Select and cast columns into contract order; missing nullable columns become nulls."""
        lf = frame.lazy()
        present = set(lf.collect_schema().names())
        exprs = []
        for col in self.columns:
            if col.name in present:
                exprs.append(pl.col(col.name).cast(col.polars_dtype, strict=False))
            else:
                exprs.append(pl.lit(None, dtype=col.polars_dtype).alias(col.name))
        return lf.select(exprs)

    def violations(self, schema: pl.Schema, null_counts: dict[str, int]) -> list[ContractViolation]:
        """Compare an observed schema and null counts against the contract."""
        out: list[ContractViolation] = []
        for col in self.columns:
            if col.name not in schema:
                out.append(ContractViolation(col.name, "missing_column", "column absent"))
                continue
            if schema[col.name] != col.polars_dtype:
                out.append(
                    ContractViolation(
                        col.name,
                        "wrong_type",
                        f"expected {col.polars_dtype}, got {schema[col.name]}",
                    )
                )
            if not col.nullable and null_counts.get(col.name, 0) > 0:
                out.append(
                    ContractViolation(
                        col.name, "nulls", f"{null_counts[col.name]} nulls in non-null column"
                    )
                )
        extra = [n for n in schema.names() if n not in self._by_name]
        out.extend(ContractViolation(n, "unexpected_column", "not in contract") for n in extra)
        return out
