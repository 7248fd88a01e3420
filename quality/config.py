"""Quality settings in a dataset spec: row rules (quarantine or flag) and column expectations."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class RuleConfig(BaseModel):
    """One row rule: rows that break it are quarantined (blocking) or only counted (flag)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str
    action: Literal["quarantine", "flag"] = "quarantine"
    params: dict[str, Any] = Field(default_factory=dict)
    # action flag only: a String column that receives the rule's name on each flagged row
    # (comma separated, after flags already there); otherwise flags are only counted.
    flag_column: str | None = None

    @model_validator(mode="after")
    def _flag_column_needs_flag(self) -> RuleConfig:
        if self.flag_column is not None and self.action != "flag":
            raise ValueError(f"rule {self.rule}: flag_column applies to action flag only")
        return self


class ExpectationConfig(BaseModel):
    """One column expectation, evaluated by Great Expectations or natively in polars."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    expect: Literal["not_null", "between", "in_set", "unique", "regex"]
    column: str
    min: float | None = None
    max: float | None = None
    values: list[Any] | None = None
    pattern: str | None = None
    mostly: float = Field(default=1.0, ge=0.0, le=1.0)
    severity: Literal["error", "warn"] = "error"


class QualityConfig(BaseModel):
    """The quality section of a spec."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rules: list[RuleConfig] = Field(default_factory=list)
    expectations: list[ExpectationConfig] = Field(default_factory=list)
    engine: Literal["auto", "gx", "polars"] = "auto"
    max_quarantine_share: float = Field(default=0.05, ge=0.0, le=1.0)
