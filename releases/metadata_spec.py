"""Release metadata a dataset spec may declare: datasheet answers, column grades, approval, listing.

`ReleaseSpec` in schemas/spec.py holds these models (and the spec's bilingual title uses
`BilingualText`); release code reads them with `release_metadata(spec.release)`, which fills in
the defaults for whatever a spec leaves out.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

GradeName = Literal["general", "important", "core"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BilingualText(_Strict):
    """English and Chinese text (both required: the exchange lists both)."""

    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]


class Datasheet(_Strict):
    """Answers to the datasheet questions that the pipeline cannot infer from the data."""

    motivation: BilingualText | None = None
    composition: BilingualText | None = None
    collection: BilingualText | None = None
    preprocessing: BilingualText | None = None
    labeling: BilingualText | None = None
    uses: BilingualText | None = None
    out_of_scope: BilingualText | None = None
    limitations: BilingualText | None = None
    distribution: BilingualText | None = None
    maintenance: BilingualText | None = None


class ColumnRelease(_Strict):
    """Per-column release metadata: Chinese label and description, grade and category."""

    label_zh: str | None = None
    description_zh: str | None = None
    grade: GradeName | None = None
    category: str | None = None
    reason: str | None = None


class Approval(_Strict):
    """The record that approves releasing important data (who, when, under which reference)."""

    record: Annotated[str, Field(min_length=1)]
    approved_by: Annotated[str, Field(min_length=1)]
    date: date
    scope: str | None = None


class ListingInfo(_Strict):
    """Product sheet facts for the Dalian data exchange that the data cannot tell."""

    data_type: BilingualText
    industry: BilingualText
    scenarios: list[BilingualText] = Field(min_length=1)
    coverage: BilingualText
    update_frequency: BilingualText
    authorization: BilingualText
    contact: str | None = None


class ReleaseMetadata(_Strict):
    """Everything above, as one block (proposed fields of ReleaseSpec)."""

    derived_from: list[str] = Field(default_factory=list)
    columns: dict[str, ColumnRelease] = Field(default_factory=dict)
    approval: Approval | None = None
    datasheet: Datasheet = Datasheet()
    listing: ListingInfo | None = None
    url: str | None = None


FIELDS = tuple(ReleaseMetadata.model_fields)


def release_metadata(release_spec: Any) -> ReleaseMetadata:
    """Read the proposed fields off a ReleaseSpec, whether or not it declares them yet."""
    found: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(release_spec, name, None)
        if value is None:
            continue
        found[name] = value.model_dump() if isinstance(value, BaseModel) else value
    found["columns"] = {
        k: v.model_dump() if isinstance(v, BaseModel) else v
        for k, v in found.get("columns", {}).items()
    }
    return ReleaseMetadata.model_validate(found)
