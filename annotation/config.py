"""The `annotation:` section of a dataset spec: what to label, how to sample, who may see what."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

Kind = Literal["ner", "classification", "timeseries"]
Stage = Literal["scrubbed", "validated", "parsed"]
TITLE_MAX = 50  # Label Studio's limit on project titles


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """Drop whitespace between two CJK characters: folded YAML joins lines with a space."""
    return _CJK_GAP.sub("", text).strip()


def _join_all(value: Any) -> Any:
    if isinstance(value, str):
        return join_cjk_lines(value)
    if isinstance(value, dict):
        return {k: join_cjk_lines(v) if isinstance(v, str) else v for k, v in value.items()}
    return value


Prose = Annotated[str, AfterValidator(join_cjk_lines)]
ProseMap = Annotated[dict[str, str], AfterValidator(_join_all)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SamplingSpec(_Strict):
    """Which records become tasks: seeded random, stratified by a column, or least certain first."""

    strategy: Literal["random", "stratified", "uncertainty"] = "random"
    size: Annotated[int, Field(gt=0)]
    seed: int = 0
    column: str | None = None
    score_column: str | None = None
    score_kind: Literal["confidence", "probability"] = "confidence"

    @model_validator(mode="after")
    def _strategy_needs(self) -> SamplingSpec:
        if self.strategy == "stratified" and not self.column:
            raise ValueError("sampling.strategy 'stratified' needs sampling.column")
        if self.strategy == "uncertainty" and not self.score_column:
            raise ValueError("sampling.strategy 'uncertainty' needs sampling.score_column")
        return self


class PreAnnotationSpec(_Strict):
    """Machine labels sent as Label Studio predictions (a column, or the medical lexicon)."""

    column: str | None = None
    lexicon: Literal["medical"] | None = None  # NER only: THUOCL terms + English drug names
    model_version: Annotated[str, Field(min_length=1)]
    score_column: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> PreAnnotationSpec:
        if (self.column is None) == (self.lexicon is None):
            raise ValueError("pre_annotations: give exactly one of column and lexicon")
        return self


class TimeSeriesSpec(_Strict):
    """How one record's rows become a time series task (e.g. one Tennessee Eastman run)."""

    time_column: str
    time_unit: Literal["h", "min", "s"] = "h"
    channels: Annotated[list[str], Field(min_length=1)]
    units: dict[str, str] = {}  # channel -> unit shown in the legend, e.g. "kPa gauge"
    channel_names: ProseMap = {}  # channel -> display name (e.g. bilingual)
    offset_tolerance: Annotated[float, Field(ge=0.0)] = 0.5  # hours two onsets may differ

    def hours(self, value: float) -> float:
        """A duration on the time column in hours."""
        return value * {"h": 1.0, "min": 1 / 60, "s": 1 / 3600}[self.time_unit]


class AnnotationSpec(_Strict):
    """What annotators label, with which guideline, on which sample, and how many per task."""

    kind: Kind
    labels: Annotated[list[str], Field(min_length=1)]
    guideline_version: Annotated[str, Field(min_length=1)]
    key_column: str
    table: str | None = None  # which table of a multi-table dataset; the only one otherwise
    text_column: str | None = None
    timeseries: TimeSeriesSpec | None = None
    label_names: ProseMap = {}  # label id -> display name (Label Studio alias keeps the id)
    label_hints: ProseMap = {}  # label id -> one-line description shown with the label
    neutral_label: str | None = None  # drawn grey, e.g. "normal"
    language: Literal["zh", "en", "mixed"] = "mixed"
    choice: Literal["single", "multiple"] = "single"
    instructions: Prose = ""
    on_low_agreement: Literal["block", "warn"] = "block"
    project: Annotated[str, Field(max_length=TITLE_MAX)] | None = None
    sample: SamplingSpec
    overlap: Annotated[int, Field(ge=1, le=10)] = 2
    pre_annotations: PreAnnotationSpec | None = None
    agreement_threshold: Annotated[float, Field(ge=0.0, le=1.0)] = 0.7
    span_iou: Annotated[float, Field(gt=0.0, le=1.0)] | None = None
    source_stage: Stage = "scrubbed"
    allow_raw: bool = False
    allow_raw_reason: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> AnnotationSpec:
        if len(set(self.labels)) != len(self.labels):
            raise ValueError(f"labels: duplicates in {self.labels}")
        for field in ("label_names", "label_hints"):
            unknown = sorted(set(getattr(self, field)) - set(self.labels))
            if unknown:
                raise ValueError(f"{field}: {unknown} are not labels")
        if self.neutral_label is not None and self.neutral_label not in self.labels:
            raise ValueError(f"neutral_label {self.neutral_label!r} is not a label")
        names = [self.display_name(label) for label in self.labels]
        if len(set(names)) != len(names):
            raise ValueError(f"label_names: two labels share a display name ({names})")
        if self.pre_annotations and self.pre_annotations.lexicon and self.kind != "ner":
            raise ValueError("pre_annotations.lexicon proposes text spans: kind 'ner' only")
        if self.kind in ("ner", "classification") and not self.text_column:
            raise ValueError(f"kind {self.kind!r} needs text_column")
        if self.kind == "timeseries" and self.timeseries is None:
            raise ValueError("kind 'timeseries' needs a timeseries section")
        if self.allow_raw and not (self.allow_raw_reason or "").strip():
            raise ValueError("allow_raw needs allow_raw_reason (who authorized it and why)")
        if self.source_stage != "scrubbed" and not self.allow_raw:
            raise ValueError(
                f"source_stage {self.source_stage!r} sends unscrubbed data; "
                "set allow_raw: true with allow_raw_reason"
            )
        return self

    def iou(self) -> float:
        """Overlap two spans need to match: exact for text spans, half for time segments."""
        if self.span_iou is not None:
            return self.span_iou
        return 1.0 if self.kind == "ner" else 0.5

    def tolerance(self) -> float | None:
        """Time series: how far two boundaries may differ, in time-column units; None for text."""
        if self.timeseries is None:
            return None
        return self.timeseries.offset_tolerance / self.timeseries.hours(1.0)

    def display_name(self, label: str) -> str:
        """What annotators see for a label id (the id itself when no name is given)."""
        return self.label_names.get(label, label)

    def project_title(self, dataset_id: str) -> str:
        """The Label Studio project title: explicit, else dataset id and guideline version."""
        title = self.project or f"{dataset_id} g{self.guideline_version}"
        if len(title) > TITLE_MAX:
            raise ValueError(
                f"project title {title!r} is longer than {TITLE_MAX}; set annotation.project"
            )
        return title

    def columns(self) -> list[str]:
        """Every table column the section refers to, for checking against the table schema."""
        cols = [self.key_column, self.text_column, self.sample.column, self.sample.score_column]
        if self.timeseries:
            cols += [self.timeseries.time_column, *self.timeseries.channels]
        if self.pre_annotations:
            cols += [self.pre_annotations.column, self.pre_annotations.score_column]
        return list(dict.fromkeys(c for c in cols if c))


def _empty_is_none(value: Any) -> Any:
    return None if value in ({}, None) else value


AnnotationSection = Annotated[AnnotationSpec | None, BeforeValidator(_empty_is_none)]


def annotation_of(spec: Any) -> AnnotationSpec | None:
    """The typed annotation section of a dataset spec, None when the spec declares none."""
    section = getattr(spec, "annotation", None)
    if isinstance(section, AnnotationSpec) or section is None:
        return section
    section = _empty_is_none(section)
    return None if section is None else AnnotationSpec.model_validate(section)
