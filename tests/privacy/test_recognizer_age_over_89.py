"""Ages of 90+ are AGE_OVER_89 in Chinese and English; younger ages, doses, beds, years are kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from span_texts import found_texts

from privacy.deid.policy import ColumnPolicy, apply_policies
from privacy.detect.entities import AGE_OVER_89
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.age_over_89 import AgeOver89Recognizer

AGES = AgeOver89Recognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("患者，女，92岁，因跌倒入院。", "92岁"),
        ("老人九十二岁，独居", "九十二岁"),
        ("钱玉珍，女，一百零一岁", "一百零一岁"),
        ("年龄：95，既往高血压", "95"),
        ("年龄为96岁", "96岁"),
        ("老人95周岁", "95周岁"),
        ("享年101岁。", "101岁"),
        ("患者，女，９２岁", "９２岁"),  # full-width digits, reported as written
        ("James Morrison, 96-year-old man", "96"),
        ("The patient is a 90 year old woman", "90"),
        ("Olga Ivanova, 93 y/o, lymphoma", "93"),
        ("90 yo F with CHF", "90"),
        ("Patient aged 91, presented with fever", "91"),
        ("Age: 94. Chief complaint: syncope", "94"),
        ("At age 90, she is not a surgical candidate", "90"),
        ("He is ninety-two years old", "ninety-two"),
        ("Patient is a 92F with new atrial fibrillation", "92"),
        ("Pt 92 M presents with chest pain", "92"),
    ],
)
def test_ages_over_89_found(text: str, found: str) -> None:
    (span,) = AGES.find(normalize(text))
    assert span.entity_type == AGE_OVER_89
    assert span.text == found == text[span.start : span.end]


@pytest.mark.parametrize(
    "text",
    [
        "患者，男，89岁，咳嗽3月余",  # 89 and under are clinical content
        "James Morrison, 67-year-old man, aged 45",
        "1992岁",  # a year is no age
        "90岁以上老人跌倒风险高，90～100岁组",  # a group, not a person
        "92床患者血压92/60mmHg，心率95次/分",  # bed, pressure, pulse
        "阿司匹林90 mg，SpO2 95%，90%的患者",  # dose and percentages
        "Temp 99 F, T 100 F with the patient",  # Fahrenheit beside a patient word
        "walked 100 M to the ward",  # no patient cue
        "aged 90 days; patients aged 90 or older; aged 90-95",  # an infant, a group, a range
        "page 92, stage 95, dosage 100",
        "年龄：95%置信区间",
    ],
)
def test_not_ages_over_89(text: str) -> None:
    assert AGES.find(normalize(text)) == []


def test_real_clinical_text_gives_only_real_ages(shared_file: Callable[[str], Path]) -> None:
    """CMeEE (pediatric textbook sentences) has no age of 90+; the MTSamples slice has three,
    left by its publisher, and nothing else is taken for one."""
    cmeee = json.loads(shared_file("medical/cmeee_v2_test.json").read_text(encoding="utf-8"))
    assert [s for r in cmeee for s in AGES.find(normalize(r["text"]))] == []
    from bench.pii_clinical import load_mtsamples

    notes = load_mtsamples(shared_file("medical/mtsamples_slice_72rows.csv"))
    hits = [(t[s.start : s.start + 11], s.text) for t in notes for s in AGES.find(normalize(t))]
    assert sorted(hits) == [("90, she is ", "90"), ("90-year-old", "90"), ("92-year-old", "92")]


def test_a_scan_policy_masks_the_age_and_keeps_younger_ones() -> None:
    """The default scan policy puts a typed placeholder on 92岁 and 96, and keeps 67岁."""
    pytest.importorskip("privacy.detect.scanner", reason="detection engine not installed")
    notes = ["患者，女，92岁，其子67岁陪同。", "Patient is a 96-year-old man; son is 67."]
    policy = ColumnPolicy.model_validate({"category": "sensitive", "policy": "scan"})
    out, _ = apply_policies(pl.LazyFrame({"note": notes}), {"note": policy}, b"k" * 32)
    assert out.collect()["note"].to_list() == [
        f"患者，女，<{AGE_OVER_89}>，其子67岁陪同。",
        f"Patient is a <{AGE_OVER_89}>-year-old man; son is 67.",
    ]


def test_rounded_and_worded_ages_over_89() -> None:
    texts = ["患者九十多岁，咳嗽三天", "患者90余岁", "年逾九旬，行动不便"]
    texts += ["He is 103 years of age.", "She turned 90 last week.", "年近九旬"]
    texts += ["turned 90 degrees", "患者80多岁", "3 years of age"]
    found = found_texts(texts)
    assert found == [["九十多岁"], ["90余岁"], ["九旬"], ["103"], ["90"], [], [], [], []]


def test_prefilter_reads_a_sex_letter_as_a_word_boundary_would() -> None:
    from privacy.detect.recognizers.generic.age_over_89 import AgeOver89Recognizer

    texts = ["pt 92M.", "pt 92 F", "pt 92Fx", "pt 92M中", "pt 92M_", "其他 120", "Aged well"]
    admitted = pl.Series(texts).str.contains(AgeOver89Recognizer.PREFILTER or "").to_list()
    assert admitted == [True, True, False, False, False, False, True]
