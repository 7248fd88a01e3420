"""Dataset specs: the declarative YAML that says where data comes from and how it is treated."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from privacy.policy import PERSONAL_CATEGORIES, ColumnPolicy
from quality.config import QualityConfig
from schemas.registry import get_schema

DATASET_ID = re.compile(r"^[a-z][a-z0-9_]*/[a-z][a-z0-9_]*$")
Sector = Literal["marine", "petrochemical", "medical"]
Grade = Literal["general", "important", "core"]


class SpecError(ValueError):
    """A dataset spec is invalid; the message names the file, the key and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Strict):
    """Text in English and Chinese; both are required because the exchange lists both."""

    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]


class SourceSpec(_Strict):
    """Where raw data comes from, in which format, under which license."""

    format: str
    uri: str
    license: str
    provenance: str
    encoding: str = "utf-8"

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        from connectors.registry import known_formats

        if value not in known_formats():
            raise ValueError(f"unknown format {value!r}; known: {', '.join(known_formats())}")
        return value

    @field_validator("uri")
    @classmethod
    def _uri_scheme(cls, value: str) -> str:
        scheme = value.split("://", 1)[0] if "://" in value else "file"
        if scheme not in {"file", "sample", "http", "https"}:
            raise ValueError(
                f"unsupported URI scheme {scheme!r} (file path, glob, sample://, http(s)://)"
            )
        return value


class Partitioning(_Strict):
    """How the dataset is split into independently materialized partitions."""

    kind: Literal["daily", "none"] = "none"
    start: date | None = None
    end: date | None = None

    @model_validator(mode="after")
    def _daily_needs_start(self) -> Partitioning:
        if self.kind == "daily" and self.start is None:
            raise ValueError("daily partitioning needs a start date")
        if self.start and self.end and self.end < self.start:
            raise ValueError("end is before start")
        return self


class PrivacySpec(_Strict):
    """Per-column privacy treatment (the pseudonym key is BOHAI_PSEUDONYM_KEY for every dataset)."""

    columns: dict[str, ColumnPolicy] = Field(default_factory=dict)


class ReleaseSpec(_Strict):
    """Release metadata: license, GB/T 43697 grade, category and owner."""

    license: str
    grade: Grade
    category: str
    owner: str
    grade_reason: str | None = None


class DatasetSpec(_Strict):
    """One dataset, declared: every asset, check and release of it is built from this."""

    id: str
    title: Bilingual
    description: Bilingual
    sector: Sector
    source: SourceSpec
    table_schema: str = Field(alias="schema")
    partitioning: Partitioning = Partitioning()
    privacy: PrivacySpec = PrivacySpec()
    quality: QualityConfig = QualityConfig()
    annotation: dict[str, Any] = Field(default_factory=dict)
    release: ReleaseSpec

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not DATASET_ID.match(value):
            raise ValueError(
                "must look like 'sector/name' (lowercase letters, digits, underscores)"
            )
        return value

    @field_validator("table_schema")
    @classmethod
    def _schema_known(cls, value: str) -> str:
        try:
            get_schema(value)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> DatasetSpec:
        if not self.id.startswith(f"{self.sector}/"):
            raise ValueError(f"id {self.id!r} must start with its sector {self.sector!r}/")
        schema = get_schema(self.table_schema)
        for name in self.privacy.columns:
            if name not in schema.names:
                raise ValueError(f"privacy.columns.{name}: not a column of schema {schema.name}")
        for name, policy in self.privacy.columns.items():
            if policy.category in PERSONAL_CATEGORIES and policy.policy is None:
                raise ValueError(
                    f"privacy.columns.{name}: classified {policy.category!r} but has no policy"
                )
        for rule in self.quality.expectations:
            if rule.column not in schema.names:
                raise ValueError(f"quality.expectations: column {rule.column!r} not in schema")
        return self

    @property
    def name(self) -> str:
        """The dataset's short name (after the sector)."""
        return self.id.split("/", 1)[1]


def _format_error(path: Path, err: ValidationError) -> str:
    lines = [f"{path}: invalid dataset spec"]
    for item in err.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(top level)"
        lines.append(f"  {key}: {item['msg']}")
    return "\n".join(lines)


def load_spec(path: Path) -> DatasetSpec:
    """Read and validate one YAML spec; errors name the file, the key and the problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise SpecError(f"{path}: a dataset spec must be a mapping, got {type(raw).__name__}")
    try:
        return DatasetSpec.model_validate(raw)
    except ValidationError as exc:
        raise SpecError(_format_error(path, exc)) from exc


def load_specs(root: Path) -> list[DatasetSpec]:
    """Load every spec below root; duplicate ids are an error naming both files."""
    specs: list[DatasetSpec] = []
    seen: dict[str, Path] = {}
    for path in sorted(root.rglob("*.yaml")):
        spec = load_spec(path)
        if spec.id in seen:
            raise SpecError(f"{path}: dataset id {spec.id!r} already declared in {seen[spec.id]}")
        seen[spec.id] = path
        specs.append(spec)
    return specs
