"""The exchange listing package: complete, signed, and refused for data that must not be listed."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from release_helpers import base_fields, fixes

from releases.listing import ListingRefused, build_listing
from releases.refs import DatasetRef
from releases.signing import SigningKey, check_signature
from releases.store import ReleaseStore
from releases.verify import VerificationError

DS = "marine/fixes"
REF = DatasetRef(DS, "latest")


def _grade(grade: str, approval: dict[str, Any] | None = None) -> dict[str, Any]:
    return base_fields()["data_grade"] | {"grade": grade, "approval": approval}


def test_general_release_gets_a_full_signed_package(
    store: ReleaseStore, publish_frames: Callable, signing_key: SigningKey, tmp_path: Path
) -> None:
    publish_frames(store, DS, {"fixes": {"d1": fixes(300)}})
    result = build_listing(store, REF, tmp_path / "out", signing_key)
    names = set(result.files)
    assert {
        "product_sheet.md",
        "product_sheet.json",
        "field_dictionary.csv",
        "sample_fixes.csv",
        "authorization.md",
        "compliance.json",
        "compliance.md",
        "release/manifest.json",
        "release/manifest.sig",
        "SHA256SUMS",
        "SHA256SUMS.sig",
    } <= names
    sums = (result.path / "SHA256SUMS").read_text().splitlines()
    for line in sums:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((result.path / name).read_bytes()).hexdigest() == digest
    assert len(sums) == len(names) - 2
    signed = check_signature(
        (result.path / "SHA256SUMS.sig").read_bytes(), (result.path / "SHA256SUMS").read_bytes()
    )
    assert signed == signing_key.key_id
    sheet = json.loads((result.path / "product_sheet.json").read_text())
    assert sheet["name"] == {"en": "Test vessels", "zh": "测试船舶"}
    assert sheet["volume"]["rows"] == 300 and sheet["industry"]["zh"] == "海洋交通运输与港航物流"
    assessment = json.loads((result.path / "compliance.json").read_text())
    assert assessment["personal_information_present"] is True
    assert assessment["privacy_checks_passed"] is True
    reid = assessment["reidentification"]["fixes"]
    assert reid["quasi_identifiers"] == ["lat"] and reid["unique_share"] == 1.0
    assert reid["k_min"] == 1
    dictionary = list(
        csv.DictReader(
            io.StringIO((result.path / "field_dictionary.csv").read_text(encoding="utf-8-sig"))
        )
    )
    assert [r["column"] for r in dictionary] == ["vessel_id", "lat", "sog"]
    assert dictionary[0]["description_zh"] == "（未提供中文说明）"
    sample = (result.path / "sample_fixes.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sample[0] == "vessel_id,lat,sog" and len(sample) == 21


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"data_grade": _grade("core")}, "core data"),
        ({"data_grade": _grade("important")}, "needs an approval record"),
        (
            {
                "privacy": base_fields()["privacy"]
                | {
                    "passed": False,
                    "checks": {
                        "d1": {
                            "no_raw_identifiers_remain": {
                                "passed": False,
                                "blocking": True,
                                "detail": "3",
                            }
                        }
                    },
                }
            },
            "privacy checks did not pass: d1:no_raw_identifiers_remain",
        ),
        ({"privacy": {"tables": {}, "checks": {}}}, "not recorded"),
        (
            {
                "privacy": base_fields()["privacy"]
                | {"leak_audit": {"d1": {"fixes": {"passed": False}}}}
            },
            "leak audit did not pass for d1:fixes",
        ),
    ],
)
def test_what_must_not_be_listed_is_refused(
    store: ReleaseStore,
    publish_frames: Callable,
    signing_key: SigningKey,
    tmp_path: Path,
    fields: dict[str, Any],
    reason: str,
) -> None:
    publish_frames(store, DS, {"fixes": {"d1": fixes(5)}}, **fields)
    with pytest.raises(ListingRefused, match=reason):
        build_listing(store, REF, tmp_path / "out", signing_key)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_important_data_with_approval_is_listed(
    store: ReleaseStore, publish_frames: Callable, signing_key: SigningKey, tmp_path: Path
) -> None:
    approval = {
        "record": "LN-DATA-2026-041",
        "approved_by": "Liaoning data bureau",
        "date": "2026-11-20",
        "scope": None,
    }
    publish_frames(store, DS, {"fixes": {"d1": fixes(5)}}, data_grade=_grade("important", approval))
    result = build_listing(store, REF, tmp_path / "out", signing_key)
    compliance = json.loads((result.path / "compliance.json").read_text())
    assert compliance["grade"]["approval"]["record"] == "LN-DATA-2026-041"


def test_tampered_release_is_not_listed(
    store: ReleaseStore, publish_frames: Callable, signing_key: SigningKey, tmp_path: Path
) -> None:
    result = publish_frames(store, DS, {"fixes": {"d1": fixes(5)}})
    (Path(result.path) / "DATACARD.md").write_text("rewritten")
    with pytest.raises(VerificationError):
        build_listing(store, REF, tmp_path / "out", signing_key)


def test_a_release_with_nested_labels_gets_csv_samples(
    store: ReleaseStore, publish_frames: Callable, signing_key: SigningKey, tmp_path: Path
) -> None:
    """Labels pulled from Label Studio are lists of spans: the sample CSV holds them as JSON."""
    import polars as pl

    labels = pl.DataFrame(
        {
            "record_key": ["n1", "n2"],
            "labels": [["SYMPTOM"], ["DRUG", "SYMPTOM"]],
            "spans": [[{"start": 0, "end": 2, "label": "SYMPTOM"}], []],
        }
    )
    publish_frames(store, DS, {"fixes": {"d1": fixes(30)}, "labels": {"all": labels}})
    result = build_listing(store, REF, tmp_path / "out", signing_key)
    text = (result.path / "sample_labels.csv").read_text(encoding="utf-8-sig")
    rows = {r["record_key"]: r for r in csv.DictReader(io.StringIO(text))}
    assert json.loads(rows["n2"]["labels"]) == ["DRUG", "SYMPTOM"]
    assert json.loads(rows["n1"]["spans"]) == [{"start": 0, "end": 2, "label": "SYMPTOM"}]
