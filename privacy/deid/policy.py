"""Column privacy policies from the dataset spec, and applying them to a table.

A policy names an operator (`privacy.deid.operators`) plus its parameters; `keep` leaves the
column as it is (with a recorded reason when the column is personal). Flat spec fields
(`domain`, `when`, `keep_last`, `subject`) and `params` both feed the operator, so existing
specs keep working and new operators need no new fields here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from privacy.deid.operators import Operator, Secrets, get_operator, operator_names
from privacy.deid.operators.base import PIPL_TERMS
from privacy.deid.operators.drop_when import Condition
from privacy.deid.pseudonym import MissingKeyError

__all__ = [
    "PERSONAL_CATEGORIES",
    "RAW_VALUE_REMOVING",
    "ColumnPolicy",
    "ColumnTreatment",
    "Condition",
    "apply_policies",
]

Category = Literal["identifier", "personal", "sensitive", "quasi_identifier", "none"]
Treatment = Literal["anonymized", "de-identified", "unchanged", "removed"]
PERSONAL_CATEGORIES: frozenset[str] = frozenset({"identifier", "personal", "sensitive"})
# Policies after which no raw value of the column may appear anywhere in the output (the
# residue check searches for them); generalize, date_shift and scan legitimately keep some.
RAW_VALUE_REMOVING: frozenset[str] = frozenset(
    {"drop", "pseudonym", "mask", "redact", "placeholder", "encrypt"}
)
_FLAT_PARAMS = ("domain", "when", "keep_last", "subject")


class ColumnPolicy(BaseModel):
    """How one column is classified and treated before release."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    category: Category
    policy: str | None = None
    rename: str | None = None
    domain: str | None = None
    when: Condition | None = None
    keep_last: int = 0
    subject: str | None = None
    reason: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("policy")
    @classmethod
    def _known_policy(cls, value: str | None) -> str | None:
        if value is not None and value != "keep" and value not in operator_names():
            raise ValueError(
                f"unknown policy {value!r}; known: keep, {', '.join(operator_names())}"
            )
        return value

    @model_validator(mode="after")
    def _params_fit(self) -> ColumnPolicy:
        if self.policy == "drop_when" and self.when is None:
            raise ValueError("policy drop_when needs a 'when' condition")
        if self.policy == "date_shift" and self.subject is None:
            raise ValueError("policy date_shift needs a 'subject' column (dates move per subject)")
        if self.policy in (None, "keep"):
            given = [f for f in (*_FLAT_PARAMS, "params") if f in self.model_fields_set]
            if given:
                raise ValueError(f"{', '.join(given)} only apply to an operator policy, not keep")
        if self.policy == "keep" and self.category in PERSONAL_CATEGORIES and not self.reason:
            raise ValueError(f"keeping a {self.category} column needs a recorded 'reason'")
        self.operator()
        return self

    def operator(self) -> Operator | None:
        """The configured operator (None for keep), built from `params` and the flat fields."""
        if self.policy in (None, "keep"):
            return None
        cls = get_operator(self.policy)
        params = dict(self.params)
        for name in _FLAT_PARAMS:
            if name not in self.model_fields_set:
                continue
            if name not in cls.model_fields:
                raise ValueError(f"'{name}' does not apply to policy {self.policy}")
            if name in params:
                raise ValueError(f"'{name}' given both directly and in params")
            params[name] = getattr(self, name)
        try:
            return cls.model_validate(params)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'params'}: {e['msg']}"
                for e in exc.errors()
            )
            raise ValueError(f"policy {self.policy}: {problems}") from None

    def reads(self) -> frozenset[str]:
        """Other columns the policy reads (condition or subject), for spec checks."""
        op = self.operator()
        return op.reads() if op else frozenset()

    def scans_text(self) -> bool:
        """Whether the column is released as scanned free text (scan, or a drop_when whose
        other values are scanned)."""
        op = self.operator()
        return op is not None and op.scans_text()


@dataclass(frozen=True, slots=True)
class ColumnTreatment:
    """What was done to one column, as the release manifest records it (PIPL art. 73)."""

    column: str
    output_column: str | None
    category: str
    operator: str
    outcome: Treatment
    affected_rows: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON manifests, with the PIPL term (匿名化 / 去标识化) of the outcome."""
        return asdict(self) | {"pipl_art73": PIPL_TERMS[self.outcome]}


def _order(policies: dict[str, ColumnPolicy]) -> list[str]:
    """Treatment order: readers of other columns first, then the rest, then drops."""

    def rank(name: str) -> int:
        op = policies[name].operator()
        if op is None:
            return 1
        if op.reads():
            return 0
        return 2 if op.removes_column() else 1

    return sorted(policies, key=rank)


def apply_policies(
    lf: pl.LazyFrame,
    policies: dict[str, ColumnPolicy],
    key: bytes | None,
    encryption_key: bytes | None = None,
    distinct: dict[str, pl.Series] | None = None,
) -> tuple[pl.LazyFrame, list[ColumnTreatment]]:
    """Apply column policies; returns the new plan and a record of each treatment.

    Keys not passed are read from BOHAI_PSEUDONYM_KEY / BOHAI_ENCRYPTION_KEY when an
    operator needs them. Renames happen last, so conditions and subjects see raw columns.
    `distinct` may hold columns' distinct non-null values of `lf`, read before, so
    operators that need them (pseudonym) do not read the table again.
    """
    names = lf.collect_schema().names()
    for column, pol in policies.items():
        for needed in (column, *pol.reads()):
            if needed not in names:
                raise ValueError(f"privacy policy for {column}: column {needed!r} not in the table")
    secrets = Secrets(pseudonym_key=key, encryption_key=encryption_key)
    done: dict[str, ColumnTreatment] = {}
    renames: dict[str, str] = {}
    for column in _order(policies):
        pol = policies[column]
        op = pol.operator()
        out_name = pol.rename or column
        if op is None:
            done[column] = ColumnTreatment(column, column, pol.category, "keep", "unchanged")
            if pol.rename:
                renames[column] = pol.rename
            continue
        try:
            if distinct is not None and column in distinct:
                known = distinct[column].cast(pl.String).to_list()
                result = op.apply_known(lf, column, secrets, known)
            else:
                result = op.apply(lf, column, secrets)
        except MissingKeyError as exc:
            raise MissingKeyError(f"column {column} (policy {op.NAME}): {exc}") from exc
        lf = result.lf
        if op.removes_column():
            done[column] = ColumnTreatment(column, None, pol.category, op.NAME, "removed")
            continue
        if pol.rename:
            renames[column] = pol.rename
        done[column] = ColumnTreatment(
            column, out_name, pol.category, op.NAME, op.outcome(), detail=result.detail
        )
    if renames:
        lf = lf.rename(renames)
    return lf, [done[c] for c in policies]
