"""Dataset specs: the declarative YAML that says where data comes from and how it is treated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from annotation.config import AnnotationSection, AnnotationSpec
from privacy.audit.leaks import LeakAuditConfig
from privacy.deid.policy import PERSONAL_CATEGORIES, ColumnPolicy
from privacy.risk.measures import PrivacyRiskConfig
from quality.config import QualityConfig
from releases.metadata_spec import (
    Approval,
    BilingualText,
    ColumnRelease,
    Datasheet,
    ListingInfo,
)
from releases.refs import DATASET_ID
from schemas.registry import get_schema

TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
Sector = Literal["marine", "petrochemical", "medical"]
Grade = Literal["general", "important", "core"]


class SpecError(ValueError):
    """A dataset spec is invalid; the message names the file, the key and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(_Strict):
    """Where raw data comes from, in which format, under which license."""

    format: str
    uri: str
    license: str
    provenance: str
    encoding: str = "utf-8"
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        from connectors.registry import known_formats

        if value not in known_formats():
            raise ValueError(f"unknown format {value!r}; known: {', '.join(known_formats())}")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        from connectors.base import TEXT_ENCODINGS

        name = value.strip().lower().replace("_", "-")
        if name not in TEXT_ENCODINGS:
            accepted = ", ".join(TEXT_ENCODINGS)
            raise ValueError(f"unsupported encoding {value!r}; accepted: {accepted}")
        return name

    @model_validator(mode="after")
    def _declared_contract(self) -> SourceSpec:
        """A generic connector's declared contract (options.columns) is registered here."""
        from connectors.registry import connector_class

        declare = getattr(connector_class(self.format), "declare_contracts", None)
        if declare is not None:
            declare(self.options)
        return self

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
    # Daily only: rows whose record time lies more than this many minutes outside the
    # partition's day are quarantined `outside_partition_day` (null turns the check off).
    day_tolerance_minutes: int | None = Field(default=60, ge=0)
    # The zone whose calendar day a partition is; default the source's `options.timezone`
    # (exports written in local time are cut at local midnight), else UTC.
    day_timezone: str | None = None
    # Table -> the column holding each row's record time; default its first datetime column.
    time_columns: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _daily_needs_start(self) -> Partitioning:
        if self.kind == "daily" and self.start is None:
            raise ValueError("daily partitioning needs a start date")
        if self.start and self.end and self.end < self.start:
            raise ValueError("end is before start")
        if self.day_timezone is not None:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(self.day_timezone)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"day_timezone: unknown time zone {self.day_timezone!r}") from None
        return self


class PrivacySpec(_Strict):
    """Per-column privacy treatment (the pseudonym key is BOHAI_PSEUDONYM_KEY for every dataset)."""

    columns: dict[str, ColumnPolicy] = Field(default_factory=dict)
    risk: PrivacyRiskConfig | None = None
    audit: LeakAuditConfig = LeakAuditConfig()


class AutomationSpec(_Strict):
    """Opt-in automation: a sensor starts a partition's run when its source files appear."""

    on_new_files: bool = False


class ReleaseSpec(_Strict):
    """Release metadata: license, GB/T 43697 grade and category, owner, datasheet, listing."""

    license: str
    grade: Grade
    category: str
    owner: str
    grade_reason: str | None = None
    derived_from: list[str] = Field(default_factory=list)
    columns: dict[str, ColumnRelease] = Field(default_factory=dict)
    approval: Approval | None = None
    datasheet: Datasheet = Datasheet()
    listing: ListingInfo | None = None
    url: str | None = None
    # Refuse (unless overridden) a release with more than this share fewer rows than the last.
    max_shrink: float = Field(default=0.5, ge=0, le=1)
    # The same for one partition (day) released before: a day's file re-delivered cut short.
    max_day_shrink: float = Field(default=0.5, ge=0, le=1)
    # Refuse (unless overridden) a release when more than this share of what was read is
    # quarantined; a refusal, unlike the tables' warn-level quality.max_quarantine_share.
    max_quarantine_share: float = Field(default=0.5, ge=0, le=1)


class TableSpec(_Strict):
    """One table of a dataset: its contract, column privacy policies and quality settings."""

    table_schema: str = Field(alias="schema")
    privacy: PrivacySpec = PrivacySpec()
    quality: QualityConfig = QualityConfig()

    @field_validator("table_schema")
    @classmethod
    def _schema_known(cls, value: str) -> str:
        try:
            get_schema(value)
        except KeyError as exc:
            raise ValueError(exc.args[0]) from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TableSpec:
        schema = get_schema(self.table_schema)
        for name in self.privacy.columns:
            if name not in schema.names:
                raise ValueError(f"privacy.columns.{name}: not a column of schema {schema.name}")
        for name, policy in self.privacy.columns.items():
            if policy.category in PERSONAL_CATEGORIES and policy.policy is None:
                raise ValueError(
                    f"privacy.columns.{name}: classified {policy.category!r} but has no policy"
                )
        for name, policy in self.privacy.columns.items():
            for other in sorted(policy.reads()):
                if other not in schema.names:
                    raise ValueError(
                        f"privacy.columns.{name}: reads {other!r}, not a column of {schema.name}"
                    )
        cols = self.privacy.columns
        released = {
            (cols[c].rename or c) if c in cols else c
            for c in schema.names
            if c not in cols or cols[c].policy != "drop"
        }
        risk = self.privacy.risk
        watched = (
            [
                *risk.quasi_identifiers,
                *([risk.sensitive] if risk.sensitive else []),
                *([risk.subject] if risk.subject else []),
            ]
            if risk
            else []
        )
        for col in watched:
            if col not in released:
                raise ValueError(f"privacy.risk: {col!r} is not a released column")
        for col in [*self.privacy.audit.text_columns, *self.privacy.audit.exclude_columns]:
            if col not in released:
                raise ValueError(f"privacy.audit: {col!r} is not a released column")
        for rule in self.quality.expectations:
            if rule.column not in schema.names:
                raise ValueError(f"quality.expectations: column {rule.column!r} not in schema")
        for cfg in self.quality.rules:
            column = cfg.flag_column
            if column is not None and (
                column not in schema.names or schema.column(column).dtype != "str"
            ):
                raise ValueError(
                    f"quality.rules: flag_column {column!r} is not a str column of {schema.name}"
                )
        return self


SINGLE_TABLE_KEYS = ("schema", "privacy", "quality")


class DatasetSpec(_Strict):
    """One dataset, declared: every asset, check and release of it is built from this.

    A single-table dataset may write `schema`, `privacy` and `quality` at the top level; they
    become the one table named after the dataset. Multi-table datasets list `tables:` instead.
    """

    id: str
    title: BilingualText
    description: BilingualText
    sector: Sector
    source: SourceSpec
    tables: dict[str, TableSpec]
    partitioning: Partitioning = Partitioning()
    annotation: AnnotationSection = None
    release: ReleaseSpec
    automation: AutomationSpec = AutomationSpec()

    @model_validator(mode="before")
    @classmethod
    def _single_table_shorthand(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "tables" in data:
            if isinstance(data, dict) and any(k in data for k in SINGLE_TABLE_KEYS):
                raise ValueError("give either `tables:` or top-level schema/privacy/quality")
            return data
        if "schema" not in data:
            return data | {"tables": {}}
        name = str(data.get("id", "")).rpartition("/")[2] or "table"
        table = {k: data[k] for k in SINGLE_TABLE_KEYS if k in data}
        rest = {k: v for k, v in data.items() if k not in SINGLE_TABLE_KEYS}
        return rest | {"tables": {name: table}}

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not DATASET_ID.match(value):
            raise ValueError(
                "must look like 'sector/name' (lowercase letters, digits, underscores)"
            )
        return value

    @field_validator("tables")
    @classmethod
    def _some_tables(cls, value: dict[str, TableSpec]) -> dict[str, TableSpec]:
        if not value:
            raise ValueError("a dataset needs `schema` (one table) or `tables` (several)")
        for name in value:
            if not TABLE_NAME.match(name):
                raise ValueError(f"table name {name!r} must be lowercase letters, digits, _")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> DatasetSpec:
        if not self.id.startswith(f"{self.sector}/"):
            raise ValueError(f"id {self.id!r} must start with its sector {self.sector!r}/")
        if self.annotation is not None:
            self._check_annotation(self.annotation)
        for name, column in self.partitioning.time_columns.items():
            if name not in self.tables:
                raise ValueError(f"partitioning.time_columns: {name!r} is not a table")
            schema = get_schema(self.tables[name].table_schema)
            if column not in schema.names or schema.column(column).dtype != "datetime":
                raise ValueError(
                    f"partitioning.time_columns.{name}: {column!r} is not a datetime column "
                    f"of {schema.name}"
                )
        if self.automation.on_new_files:
            uri = self.source.uri
            local = "://" not in uri or uri.startswith("file://")
            if self.partitioning.kind != "daily" or "{date" not in uri or not local:
                raise ValueError(
                    "automation.on_new_files: needs daily partitioning and a local source.uri "
                    "with a {date} placeholder (the sensor looks for each day's files)"
                )
        return self

    def _check_annotation(self, ann: AnnotationSpec) -> None:
        """The annotated table and columns must exist in what the annotation stage reads."""
        name = ann.table or next(iter(self.tables))
        if name not in self.tables:
            raise ValueError(f"annotation.table: {name!r} is not a table of {self.id}")
        if ann.table is None and len(self.tables) > 1:
            raise ValueError("annotation.table: required for a multi-table dataset")
        table = self.tables[name]
        names = set(get_schema(table.table_schema).names)
        if ann.source_stage == "scrubbed":  # privacy policies drop and rename columns
            cols = table.privacy.columns
            names = {
                (cols[c].rename or c) if c in cols else c
                for c in names
                if c not in cols or cols[c].policy != "drop"
            }
        missing = [c for c in ann.columns() if c not in names]
        if missing:
            raise ValueError(
                f"annotation: columns {missing} are not in the {ann.source_stage} table {name!r}"
            )

    @property
    def name(self) -> str:
        """The dataset's short name (after the sector)."""
        return self.id.split("/", 1)[1]

    @property
    def file_names_private(self) -> bool:
        """True when a table treats `source_file` as personal: then no release names the files."""
        return any(
            (policy := t.privacy.columns.get("source_file")) is not None
            and (policy.category in PERSONAL_CATEGORIES or policy.policy == "drop")
            and policy.policy != "keep"
            for t in self.tables.values()
        )

    @property
    def only_table(self) -> TableSpec:
        """The table of a single-table dataset (an error for multi-table datasets)."""
        if len(self.tables) != 1:
            raise ValueError(f"{self.id} has {len(self.tables)} tables; pick one from .tables")
        return next(iter(self.tables.values()))

    @property
    def table_schema(self) -> str:
        """Contract name of a single-table dataset."""
        return self.only_table.table_schema

    @property
    def privacy(self) -> PrivacySpec:
        """Privacy section of a single-table dataset."""
        return self.only_table.privacy

    @property
    def quality(self) -> QualityConfig:
        """Quality section of a single-table dataset."""
        return self.only_table.quality


def _follow_on(item: Any, errors: list[Any], raw: dict[str, Any]) -> bool:
    """An unknown-schema error for the contract a broken `source.options` failed to declare."""
    options = raw.get("source", {}).get("options") if isinstance(raw.get("source"), dict) else None
    contract = options.get("contract") if isinstance(options, dict) else None
    source_broken = any(e["loc"][:1] == ("source",) for e in errors)
    return (
        source_broken
        and contract is not None
        and item["loc"][-1:] == ("schema",)
        and item.get("input") == contract
    )


def _format_error(
    path: Path, err: ValidationError, shorthand: str | None, raw: dict[str, Any]
) -> str:
    lines = [f"{path}: invalid dataset spec"]
    errors = err.errors()
    for item in errors:
        if _follow_on(item, errors, raw):
            continue  # one mistake, one error: the contract was not declared because of it
        loc = [str(p) for p in item["loc"]]
        if shorthand and loc[:2] == ["tables", shorthand]:
            loc = loc[2:]  # the user wrote the single-table shorthand: show their keys
        key = ".".join(loc) or "(top level)"
        lines.append(f"  {key}: {item['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


TODO_MARK = "TODO"


def todo_keys(node: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Every (key path, text) whose value is a string starting with TODO (left by bohai init)."""
    if isinstance(node, dict):
        return [
            hit
            for k, v in node.items()
            for hit in todo_keys(v, f"{prefix}.{k}" if prefix else str(k))
        ]
    if isinstance(node, list):
        return [hit for i, v in enumerate(node) for hit in todo_keys(v, f"{prefix}[{i}]")]
    if isinstance(node, str) and node.strip().startswith(TODO_MARK):
        return [(prefix, node.strip())]
    return []


def load_spec(path: Path) -> DatasetSpec:
    """Read and validate one YAML spec; errors name the file, the key and the problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise SpecError(f"{path}: a dataset spec must be a mapping, got {type(raw).__name__}")
    todos = todo_keys(raw)
    if todos:
        lines = [f"{path}: {len(todos)} TODO(s) to fill in before this spec can load"]
        lines += [f"  {key}: {text}" for key, text in todos]
        raise SpecError("\n".join(lines))
    try:
        return DatasetSpec.model_validate(raw)
    except ValidationError as exc:
        shorthand = None
        if "tables" not in raw and "schema" in raw:
            shorthand = str(raw.get("id", "")).rpartition("/")[2] or "table"
        raise SpecError(_format_error(path, exc, shorthand, raw)) from exc


@dataclass(frozen=True)
class SpecSet:
    """Every spec below a folder that loads, and the error of each one that does not."""

    specs: list[DatasetSpec]
    broken: dict[Path, str] = field(default_factory=dict)

    def broken_for(self, dataset: str) -> str | None:
        """The load error of the spec that declares `dataset`, if that spec is broken."""
        for path, error in self.broken.items():
            if declared_id(path) == dataset:
                return error
        return None


def declared_id(path: Path) -> str | None:
    """The `id:` a spec file declares, read without validating the rest."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    value = raw.get("id") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def load_spec_set(root: Path) -> SpecSet:
    """Load every spec below root; a broken one is set aside with its error, the rest still load."""
    specs: list[DatasetSpec] = []
    broken: dict[Path, str] = {}
    seen: dict[str, Path] = {}
    contracts: dict[str, Path] = {}  # contracts declared in source.options, by name
    for path in sorted(root.rglob("*.yaml")):
        try:
            spec = load_spec(path)
        except SpecError as exc:
            broken[path] = str(exc)
            continue
        if spec.id in seen:
            broken[path] = f"{path}: dataset id {spec.id!r} already declared in {seen[spec.id]}"
            continue
        declared = (
            spec.source.options.get("contract") if spec.source.options.get("columns") else None
        )
        if isinstance(declared, str):
            if declared in contracts:
                broken[path] = (
                    f"{path}: contract {declared!r} already declared in {contracts[declared]}"
                )
                continue
            contracts[declared] = path
        seen[spec.id] = path
        specs.append(spec)
    return SpecSet(specs, broken)


def load_specs(root: Path) -> list[DatasetSpec]:
    """Load every spec below root, strictly: the first broken spec is an error naming its file."""
    found = load_spec_set(root)
    if found.broken:
        raise SpecError(next(iter(found.broken.values())))
    return found.specs
