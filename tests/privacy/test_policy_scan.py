"""Free-text policy: detected spans replaced per entity type; canaries do not survive."""

from __future__ import annotations

from collections import Counter

import polars as pl
import pytest
from pydantic import ValidationError

from privacy.audit.canaries import canaries_survived, drop_canaries, plant_canaries
from privacy.deid.operators import Secrets, build_operator
from privacy.deid.policy import ColumnPolicy, apply_policies
from privacy.deid.pseudonym import pseudonym
from privacy.deid.text_scrub import merge_overlaps, scrub_texts
from privacy.detect.spans import Span

KEY = b"k" * 32
SECRETS = Secrets(pseudonym_key=KEY)


def test_scrub_texts_replaces_each_span_through_its_entity_operator() -> None:
    texts = ["患者张三，电话13812345678。", "无"]
    spans = [
        [Span(2, 4, "PERSON", 0.9, "张三"), Span(7, 18, "CN_MOBILE", 0.85, "13812345678")],
        [],
    ]
    ops = {"PERSON": build_operator({"operator": "pseudonym", "domain": "person"})}
    out, counts = scrub_texts(texts, spans, ops, build_operator("placeholder"), SECRETS)
    token = pseudonym(KEY, "person", "张三")
    assert out == [f"患者<PERSON:{token}>，电话<CN_MOBILE>。", "无"]
    assert counts == Counter({"PERSON": 1, "CN_MOBILE": 1})


def test_overlapping_spans_merge_into_their_union() -> None:
    merged = merge_overlaps(
        [Span(0, 6, "ADDRESS", 0.6, ""), Span(4, 9, "PERSON", 0.9, ""), Span(12, 14, "X", 1, "")]
    )
    assert [(s.start, s.end, s.entity_type) for s in merged] == [(0, 9, "PERSON"), (12, 14, "X")]


def test_scan_outcome_follows_its_weakest_operator() -> None:
    assert build_operator("scan").outcome() == "anonymized"
    linked = build_operator({"operator": "scan", "entities": {"PERSON": "pseudonym"}})
    assert linked.outcome() == "de-identified"
    with pytest.raises(ValidationError, match="cannot replace spans"):
        build_operator({"operator": "scan", "entities": {"DATE_OF_BIRTH": "date_shift"}})


@pytest.fixture(scope="module")
def scanner_ready() -> None:
    pytest.importorskip("privacy.detect.scanner", reason="detection engine not installed")


def test_canaries_do_not_survive_a_scan_policy(scanner_ready: None) -> None:
    source = pl.LazyFrame(
        {
            "pid": ["P1", "P2"],
            "note": ["复诊，病情稳定。", "Patient stable, discharged."],
        }
    )
    planted, canaries = plant_canaries(source, ["note"], seed=7, id_columns={"pid": "CN_MOBILE"})
    assert canaries_survived(planted, canaries) == canaries
    policies = {
        "pid": ColumnPolicy.model_validate({"category": "identifier", "policy": "pseudonym"}),
        "note": ColumnPolicy.model_validate({"category": "sensitive", "policy": "scan"}),
    }
    out, treatments = apply_policies(planted, policies, KEY)
    frame = out.collect()
    assert canaries_survived(frame, canaries) == []
    clean = drop_canaries(frame.lazy()).collect()
    assert clean["note"].to_list() == ["复诊，病情稳定。", "Patient stable, discharged."]
    replaced = treatments[1].detail["spans_replaced_by_entity"]
    assert replaced["CN_RESIDENT_ID"] == 2 and replaced["CN_BANK_CARD"] == 2


def test_a_keep_policy_lets_canaries_through(scanner_ready: None) -> None:
    source = pl.LazyFrame({"note": ["无异常"]})
    planted, canaries = plant_canaries(source, ["note"], seed=1, count=1)
    keep = ColumnPolicy.model_validate({"category": "sensitive", "policy": "keep", "reason": "t"})
    out, _ = apply_policies(planted, {"note": keep}, KEY)
    assert {c.entity_type for c in canaries_survived(out, canaries)} == {
        "CN_RESIDENT_ID", "CN_MOBILE", "CN_BANK_CARD", "EMAIL_ADDRESS",
    }  # fmt: skip


def test_a_note_kept_as_rtf_is_scanned_and_released_as_its_text(scanner_ready: None) -> None:
    # trial12: 张三 inside \'d5\'c5\'c8\'fd went out as it came; only the ASCII phone was masked
    rtf = (
        r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 \'cb\'ce\'cc\'e5;}}\f0 "
        r"\'bb\'bc\'d5\'df\'d5\'c5\'c8\'fd\'a3\'ac\'c4\'d0\'a3\'ac45\'cb\'ea\'a1\'a3\par}"
    )
    source = pl.LazyFrame({"note": [rtf, "复诊，病情稳定。"]})
    scan = ColumnPolicy.model_validate({"category": "sensitive", "policy": "scan"})
    out, treatments = apply_policies(source, {"note": scan}, KEY)
    notes = out.collect()["note"].to_list()
    assert notes == ["患者<PERSON>，男，45岁。", "复诊，病情稳定。"]
    assert treatments[0].detail["rtf_documents_read_as_text"] == 1
