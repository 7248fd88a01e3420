"""Common base for de-identification operators: one small class per operator, registered by import.

An operator is a frozen pydantic model whose fields are its parameters, so a dataset spec is
validated when it is loaded. It treats a whole column of a LazyFrame (`apply`, vectorized:
a polars expression or a per-distinct-value map joined back) and, when it makes sense, the
spans a detector found in free text (`replace`). Each operator declares whether its output is
de-identified (去标识化: reversible or linkable with a key) or anonymized (匿名化: irreversible),
the distinction PIPL article 73 draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict

from privacy.deid.pseudonym import key_from_env

Outcome = Literal["anonymized", "de-identified"]
PIPL_TERMS: dict[str, str] = {
    "anonymized": "匿名化",
    "de-identified": "去标识化",
    "removed": "删除",
    "unchanged": "未处理",
}
PSEUDONYM_KEY_ENV = "BOHAI_PSEUDONYM_KEY"
ENCRYPTION_KEY_ENV = "BOHAI_ENCRYPTION_KEY"

_REGISTRY: dict[str, type[Operator]] = {}


class OperatorError(ValueError):
    """An operator cannot treat a column; the message names the column, the row and the problem."""


@dataclass(slots=True)
class Secrets:
    """Keys for the keyed operators; read from the environment only when an operator needs one."""

    pseudonym_key: bytes | None = None
    encryption_key: bytes | None = None

    def pseudonym(self) -> bytes:
        """The HMAC key (pseudonyms, date-shift offsets), from BOHAI_PSEUDONYM_KEY if not given."""
        if self.pseudonym_key is None:
            self.pseudonym_key = key_from_env(PSEUDONYM_KEY_ENV)
        return self.pseudonym_key

    def encryption(self) -> bytes:
        """The encryption secret, from BOHAI_ENCRYPTION_KEY if not given."""
        if self.encryption_key is None:
            from privacy.deid.crypto import encryption_key_from_env

            self.encryption_key = encryption_key_from_env(ENCRYPTION_KEY_ENV)
        return self.encryption_key


@dataclass(slots=True)
class ColumnResult:
    """A treated plan, plus counts and facts the release manifest records about the treatment."""

    lf: pl.LazyFrame
    detail: dict[str, Any] = field(default_factory=dict)


def register_operator(cls: type[Operator]) -> type[Operator]:
    """Class decorator: make an operator available to policies under its NAME."""
    if cls.NAME in _REGISTRY and _REGISTRY[cls.NAME] is not cls:
        raise ValueError(f"operator name {cls.NAME!r} registered twice")
    _REGISTRY[cls.NAME] = cls
    return cls


def operator_names() -> list[str]:
    """Names of every registered operator."""
    import privacy.deid.operators  # noqa: F401  (importing the package registers the operators)

    return sorted(_REGISTRY)


def get_operator(name: str) -> type[Operator]:
    """The operator class registered under `name`; unknown names list the known ones."""
    known = operator_names()
    if name not in _REGISTRY:
        raise ValueError(f"unknown operator {name!r}; known: {', '.join(known)}")
    return _REGISTRY[name]


def build_operator(spec: str | dict[str, Any] | Operator) -> Operator:
    """An operator from `"name"` or `{"operator": name, **params}` (as written in a spec)."""
    if isinstance(spec, Operator):
        return spec
    if isinstance(spec, str):
        return get_operator(spec)()
    if not isinstance(spec, dict) or "operator" not in spec:
        raise ValueError(f"an operator is a name or a mapping with an 'operator' key, got {spec!r}")
    params = {k: v for k, v in spec.items() if k != "operator"}
    return get_operator(str(spec["operator"])).model_validate(params)


class Operator(BaseModel):
    """One de-identification operator; subclasses set NAME and OUTCOME and implement a step."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    NAME: ClassVar[str] = ""
    OUTCOME: ClassVar[Outcome] = "anonymized"
    # True when the operator can replace spans found in free text.
    SPANS: ClassVar[bool] = True

    def outcome(self) -> Outcome:
        """Whether this configured operator anonymizes or only de-identifies."""
        return self.OUTCOME

    def reads(self) -> frozenset[str]:
        """Other columns this operator reads; they are treated after it, so it sees raw values."""
        return frozenset()

    def removes_column(self) -> bool:
        """True when the column is gone after the operator (drop)."""
        return False

    def scans_text(self) -> bool:
        """True when the released values are free text that went through the detection engine
        (the audits then search them as text, for identifier values of other columns)."""
        return False

    def expr(self, column: str, secrets: Secrets) -> pl.Expr | None:
        """The treatment as one polars expression, or None when it needs a join (pseudonym...)."""
        return None

    def apply(self, lf: pl.LazyFrame, column: str, secrets: Secrets) -> ColumnResult:
        """Treat `column` of the plan; the default evaluates `expr` in place."""
        expr = self.expr(column, secrets)
        if expr is None:
            raise NotImplementedError(f"{type(self).__name__} must implement expr or apply")
        return ColumnResult(lf.with_columns(expr.alias(column)))

    def apply_known(
        self, lf: pl.LazyFrame, column: str, secrets: Secrets, distinct: list[str]
    ) -> ColumnResult:
        """`apply` when the column's distinct non-null values (as text) were read before.

        Operators that read them (pseudonym) skip their own pass over the table; the others
        ignore them.
        """
        return self.apply(lf, column, secrets)

    def replace(self, values: Sequence[str], entity_type: str, secrets: Secrets) -> list[str]:
        """Replacements for spans of `entity_type` found in free text (same order as `values`).

        The default runs `expr` over the values; a value the expression turns into null
        (e.g. an address it cannot generalize) becomes the typed placeholder.
        """
        if not self.SPANS:
            raise OperatorError(f"operator {self.NAME!r} cannot replace spans in free text")
        expr = self.expr("v", secrets)
        if expr is None:
            raise NotImplementedError(f"{type(self).__name__} must implement expr or replace")
        frame = pl.DataFrame({"v": list(values)}, schema={"v": pl.String})
        out = frame.select(expr.cast(pl.String).alias("v")).get_column("v").to_list()
        return [o if o is not None else f"<{entity_type}>" for o in out]


def map_distinct(
    lf: pl.LazyFrame,
    column: str,
    fn: Any,
    dtype: pl.DataType = pl.String,
    source: str | None = None,
) -> pl.LazyFrame:
    """Replace `column` by `fn(list_of_distinct_values) -> list` computed once per distinct value.

    The distinct values of `source` (default: the column itself, cast to String) are
    collected, mapped in one batch and joined back, so the Python work scales with the
    number of distinct values, not with rows. Nulls stay null.
    """
    src = source or column
    raw, mapped = f"__raw_{column}", f"__mapped_{column}"
    distinct = lf.select(pl.col(src).cast(pl.String).drop_nulls().unique()).collect()
    values = distinct.get_column(src).to_list()
    mapping = pl.DataFrame(
        {raw: values, mapped: fn(values)}, schema={raw: pl.String, mapped: dtype}
    )
    joined = lf.with_columns(pl.col(src).cast(pl.String).alias(raw)).join(
        mapping.lazy(), on=raw, how="left", maintain_order="left"
    )
    return joined.with_columns(pl.col(mapped).alias(column)).drop(raw, mapped)


def first_failure(lf: pl.LazyFrame, column: str, bad: pl.Expr) -> tuple[int, str] | None:
    """(count, where the first is) of rows where `bad` holds, or None when there is none.

    Where: its file and line when the table still has them (`incidents.csv, line 4`), else its row
    index; with the shape of its value (digits 9, letters a, other letters 字), which shows a
    second date layout without showing the value.
    """
    names = lf.collect_schema().names()
    place = [c for c in ("source_file", "source_line") if c in names]
    found = (
        lf.select(pl.col(column), *place, bad.alias("__bad"))
        .with_row_index("__row")
        .filter(pl.col("__bad"))
        .select(
            pl.len().alias("n"),
            pl.col("__row").first().alias("row"),
            pl.col(column).cast(pl.String).first().alias("value"),
            *(pl.col(c).first() for c in place),
        )
        .collect()
    )
    n = found.item(0, "n")
    if not n:
        return None
    first = found.row(0, named=True)
    where = f"row {first['row']}"
    if first.get("source_file") and first.get("source_line") is not None:
        where = f"{first['source_file']}, line {first['source_line']}"
    return int(n), f"{where}, shaped {value_shape(str(first['value']))!r}"


def value_shape(value: str) -> str:
    """A value's layout without its content: digits 9, ASCII letters a, other letters 字."""
    out = []
    for ch in value[:40]:
        if ch.isdigit():
            out.append("9")
        elif ch.isascii() and ch.isalpha():
            out.append("a")
        elif ch.isalpha():
            out.append("字")
        else:
            out.append(ch)
    return "".join(out) + ("…" if len(value) > 40 else "")


def masked_for_log(value: str) -> str:
    """A value shown in errors and reports without revealing it: first and last two characters."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]
