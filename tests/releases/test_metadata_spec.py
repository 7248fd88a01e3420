"""Release metadata is read off a ReleaseSpec whether or not the spec declares the fields yet."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from releases.metadata_spec import Approval, BilingualText, Datasheet, release_metadata


def test_absent_fields_give_defaults() -> None:
    meta = release_metadata(SimpleNamespace(license="CC-BY-4.0", grade="general"))
    assert meta.derived_from == [] and meta.approval is None and meta.listing is None
    assert meta.datasheet == Datasheet()


def test_declared_fields_are_validated() -> None:
    spec = SimpleNamespace(
        derived_from=["marine/ais_positions@1.0.0"],
        approval=Approval(record="LN-2026-7", approved_by="data bureau", date="2026-11-20"),
        datasheet=Datasheet(uses=BilingualText(en="Route prediction", zh="航线预测")),
        columns={"ais_positions.lat": {"description_zh": "纬度", "grade": "important"}},
    )
    meta = release_metadata(spec)
    assert meta.approval is not None and meta.approval.record == "LN-2026-7"
    assert meta.columns["ais_positions.lat"].grade == "important"
    assert meta.datasheet.uses is not None and meta.datasheet.uses.zh == "航线预测"
    with pytest.raises(ValidationError):
        release_metadata(SimpleNamespace(columns={"x": {"grade": "secret"}}))
