"""Month-and-day dates in Chinese free text are DATE; years alone, durations and doses are not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from span_texts import found_texts

from privacy.deid.policy import ColumnPolicy, apply_policies
from privacy.detect.entities import DATE, DATE_OF_BIRTH, POSTAL_CODE, SOCIAL_HANDLE
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.treatment_date import TreatmentDateRecognizer

DATES = TreatmentDateRecognizer()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2024年3月5日入院", "2024年3月5日"),
        ("于2023-11-02行手术", "2023-11-02"),
        ("3月5日出院", "3月5日"),
        ("患者于2024年 3月5号复查", "2024年 3月5号"),
        ("2024/3/5 复查血常规", "2024/3/5"),
        ("2023.11.02于我院就诊", "2023.11.02"),
        ("２０２４年３月５日入院", "２０２４年３月５日"),  # full-width, reported as written
        ("患者于2024年3月入院", "2024年3月"),  # year-month beside an admission
        ("2月29日出院", "2月29日"),
        ("患者3.15日入院，", "3.15日"),  # a month and day written with a point
        ("于3.5日行手术", "3.5日"),
        ("3．5号出院", "3．5号"),
    ],
)
def test_dates_found(text: str, found: str) -> None:
    (span,) = DATES.find(normalize(text))
    assert span.entity_type == DATE
    assert span.text == found == text[span.start : span.end]


@pytest.mark.parametrize(
    "text",
    [
        "2023年发布指南，病史始于2019年",  # a year alone stays
        "咳嗽3月余，住院3天，病史5年",  # durations
        "多饮多尿伴体重下降1月",
        "予阿莫西林0.5g/日，每日3次，1日2次",  # doses
        "2023年12月发布的指南",  # year-month with no clinical event
        "转入3月5号床",  # a bed number
        "2月30日出院",  # no such day
        "Admitted 2023-11-02 for surgery",  # numeric date outside Chinese text
        "班次记录 时间2024-03-15 08:00 交接正常",  # a log timestamp: no clinical event
        "版本2023.11.02.1已发布",  # a version number
        "血压120/80mmHg，比值2024-3",
        "发热1.5日，咳嗽约2.5日，体温37.5℃，予3.15mg",  # durations, a temperature, a dose
        "持续3.12日",
        "13.15日后复查",  # no 13th month
    ],
)
def test_not_dates(text: str) -> None:
    assert DATES.find(normalize(text)) == []


def test_real_cmeee_text_yields_few_dates_and_planted_ones(
    shared_file: Callable[[str], Path],
) -> None:
    """CMeEE (3,000 textbook sentences full of durations and doses): at most a handful of hits,
    each carrying a month; dates planted into the same sentences are all found."""
    records = json.loads(shared_file("medical/cmeee_v2_test.json").read_text(encoding="utf-8"))
    texts = [r["text"] for r in records]
    hits = [s for t in texts for s in DATES.find(normalize(t))]
    assert len(hits) <= 3 and all("月" in s.text for s in hits)
    planted = [
        f"患者于2023年{i % 12 + 1}月{i % 28 + 1}日入院。{t}" for i, t in enumerate(texts[:300])
    ]
    found = [[s.text for s in DATES.find(normalize(t))][:1] for t in planted]
    assert found == [[f"2023年{i % 12 + 1}月{i % 28 + 1}日"] for i in range(300)]


def test_a_scan_policy_masks_dates_postal_codes_and_wechat_ids() -> None:
    """The default scan policy puts typed placeholders on all three; a birth date stays DOB."""
    pytest.importorskip("privacy.detect.scanner", reason="detection engine not installed")
    note = (
        "出生日期：1980年5月6日。2024年3月5日入院，于2024-03-07行手术，3月12日出院，"
        "病程5年，邮编：116001，家属微信号：zhang_san88。"
    )
    policy = ColumnPolicy.model_validate({"category": "sensitive", "policy": "scan"})
    out, treatments = apply_policies(pl.LazyFrame({"note": [note]}), {"note": policy}, b"k" * 32)
    assert out.collect()["note"].to_list() == [
        f"出生日期：<{DATE_OF_BIRTH}>。<{DATE}>入院，于<{DATE}>行手术，<{DATE}>出院，"
        f"病程5年，邮编：<{POSTAL_CODE}>，家属微信号：<{SOCIAL_HANDLE}>。"
    ]
    replaced = treatments[0].detail["spans_replaced_by_entity"]
    assert replaced == {DATE: 3, DATE_OF_BIRTH: 1, POSTAL_CODE: 1, SOCIAL_HANDLE: 1}


def test_a_day_after_a_relative_year_is_a_date() -> None:
    texts = ["患者今年3月5日入院", "患者于前年5月2日手术", "去年12月3日发病", "咳嗽3月余"]
    texts.append("今年3月复查")
    found = found_texts(texts)
    assert found == [["3月5日"], ["5月2日"], ["12月3日"], [], []]
