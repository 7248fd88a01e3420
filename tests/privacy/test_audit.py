"""Leak audit: a planted leak is caught and located (masked); a clean release passes."""

from __future__ import annotations

import random

import polars as pl
import pytest

from privacy.audit.canaries import bank_card, mobile, resident_id
from privacy.audit.leaks import LeakAuditConfig, audit_table
from privacy.audit.values import classify
from privacy.deid.pseudonym import pseudonym

RID = resident_id(random.Random(1))
CARD = bank_card(random.Random(2))


def _clean() -> pl.DataFrame:
    tokens = [pseudonym(b"k" * 32, "mmsi", str(412000000 + i)) for i in range(300)]
    return pl.DataFrame(
        {
            "vessel_id": tokens,
            "phone": ["*******5678"] * 300,
            "remark": ["<CN_RESIDENT_ID> 已核验", "IMO 9123456", "2024-01-10 08:00:00"] * 100,
            "epoch_ms": [1_704_873_600_000 + i for i in range(300)],
            "mmsi_count": list(range(300)),
        }
    )


def test_classify_validates_checksums() -> None:
    assert classify(RID) == ("CN_RESIDENT_ID", 1.0, RID)
    bad_check = RID[:17] + ("0" if RID[17] != "0" else "1")
    assert classify(bad_check) is None
    assert classify(" " + CARD) == ("CN_BANK_CARD", 0.9, CARD)
    assert classify("+8613812345678") == ("CN_MOBILE", 0.85, "13812345678")
    assert classify("138 1234 5678") == ("CN_MOBILE", 0.85, "13812345678")
    assert classify("a13812345678b") is None  # glued to letters: part of a token
    assert classify("91350100M000100Y43") == ("CN_USCC", 0.95, "91350100M000100Y43")


def test_a_clean_release_passes() -> None:
    report = audit_table(_clean().lazy())
    assert report.passed, report.as_dict()
    assert report.rows == 300
    assert set(report.columns_scanned) == {"vessel_id", "phone", "remark", "epoch_ms", "mmsi_count"}


def test_planted_leaks_are_located_and_masked() -> None:
    frame = _clean()
    remark = frame["remark"].to_list()
    remark[42] = f"家属身份证{RID}，卡号{CARD}"
    phones = [None] * 300
    phones[7] = int(mobile(random.Random(3)))
    leaked = frame.with_columns(pl.Series("remark", remark), pl.Series("contact", phones))
    report = audit_table(leaked.lazy())
    assert not report.passed
    assert report.hits == {
        "remark": {"CN_RESIDENT_ID": 1, "CN_BANK_CARD": 1},
        "contact": {"CN_MOBILE": 1},
    }
    located = {(h.column, h.row, h.entity_type) for h in report.examples}
    assert located == {
        ("remark", 42, "CN_RESIDENT_ID"),
        ("remark", 42, "CN_BANK_CARD"),
        ("contact", 7, "CN_MOBILE"),
    }
    dumped = str(report.as_dict())
    assert RID not in dumped and CARD not in dumped
    assert f"{RID[:2]}{'*' * 14}{RID[-2:]}" in dumped


def test_forbidden_list_and_exclusions_are_configurable() -> None:
    leaked = pl.DataFrame({"a": [RID], "b": [RID]})
    only_cards = audit_table(leaked.lazy(), LeakAuditConfig(forbidden_entities=["CN_BANK_CARD"]))
    assert only_cards.passed
    skip_b = audit_table(leaked.lazy(), LeakAuditConfig(exclude_columns=["b"]))
    assert skip_b.hits == {"a": {"CN_RESIDENT_ID": 1}}
    with pytest.raises(ValueError, match="text columns not in the table"):
        audit_table(leaked.lazy(), LeakAuditConfig(text_columns=["notes"]))


def test_text_columns_also_go_through_the_detection_engine() -> None:
    pytest.importorskip("privacy.detect.scanner", reason="detection engine not installed")
    frame = pl.DataFrame({"note": ["无异常", "护照号码E12345678，请核对"]})
    report = audit_table(frame.lazy(), LeakAuditConfig(text_columns=["note"]))
    assert report.text_columns_scanned == ["note"]
    assert report.hits.get("note", {}).get("CN_PASSPORT") == 1
    assert [(h.row, h.entity_type) for h in report.examples] == [(1, "CN_PASSPORT")]


def test_pseudonym_tokens_in_scrubbed_text_are_not_flagged() -> None:
    pytest.importorskip("privacy.detect.scanner", reason="detection engine not installed")
    token = "<PERSON:14616090019eec7a>"
    frame = pl.DataFrame(
        {
            "note": [f"家属{token}已到场", f"<CN_MOBILE:13812345678> 与 {token}", "<CN_MOBILE>"],
            "leak": [f"{token} 电话13812345678", "无", "无"],
        }
    )
    report = audit_table(frame.lazy(), LeakAuditConfig(text_columns=["note", "leak"]))
    assert report.hits.get("note", {}) == {}
    assert report.hits["leak"] == {"CN_MOBILE": 1}
    assert [(h.column, h.row) for h in report.examples] == [("leak", 0)]
