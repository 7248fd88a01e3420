"""The push guard refuses detected personal data and the unmasked tail of a placeholder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from annotation.guard import PushRefused, guard_tasks, inspect_tasks, placeholder_tails
from privacy.detect.spans import Span

PARTLY_MASKED = "现住址：<ADDRESS>锦绣华庭29栋3单元1702室，主诉头痛三天。"


def _task(key: str, text: str) -> dict[str, Any]:
    return {"data": {"bohai_key": key, "text": text}}


def _nothing(texts: Sequence[str]) -> list[list[Any]]:
    return [[] for _ in texts]


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        (PARTLY_MASKED, "锦绣华庭29栋3单元1702室"),
        ("住<ADDRESS>3号楼2单元", "3号楼2单元"),
        ("Lives at <ADDRESS> Apt 5B.", " Apt 5B"),
        ("电话<CN_MOBILE>5678", "5678"),
    ],
)
def test_glued_address_tails_are_found(text: str, tail: str) -> None:
    assert [t[1] for t in placeholder_tails(text)] == [tail]


@pytest.mark.parametrize(
    "text",
    [
        "<PERSON>，男，45岁，主诉头痛。",
        "<DATE>入院后第3天好转。",
        "住址<ADDRESS>。",
        "<PERSON>主诉胸痛",
    ],
)
def test_ordinary_text_after_a_placeholder_passes(text: str) -> None:
    assert placeholder_tails(text) == []


def test_push_refuses_a_partly_masked_address_and_names_the_task() -> None:
    tasks = [_task("n1", "复查无异常。"), _task("n7", PARTLY_MASKED)]
    with pytest.raises(PushRefused) as refused:
        guard_tasks(tasks, detector=_nothing)
    assert "record n7" in str(refused.value) and "tail:ADDRESS" in str(refused.value)
    assert "锦绣华庭29栋3单元1702室" in str(refused.value)
    assert {f.record_key for f in refused.value.findings} == {"n7"}


def test_detected_spans_block_and_weak_ones_do_not() -> None:
    text = "联系电话13812345678，服用布洛芬。"

    def detector(texts: Sequence[str]) -> list[list[Any]]:
        return [
            [Span(4, 15, "CN_MOBILE", 0.95, "13812345678"), Span(17, 20, "PERSON", 0.4, "布洛芬")]
            for _ in texts
        ]

    findings = inspect_tasks([_task("n2", text)], detector)
    assert [(f.kind, f.text) for f in findings] == [("detected:CN_MOBILE", "13812345678")]


def test_time_series_tasks_have_no_text_to_guard() -> None:
    assert inspect_tasks([{"data": {"bohai_key": "r1", "ts": {"t": [0, 1]}}}], _nothing) == []


def test_real_engine_refuses_a_phone_number_left_in_a_note() -> None:
    pytest.importorskip("presidio_analyzer")
    tasks = [_task("n3", "患者主诉头痛三天，联系电话13812345678。"), _task("n4", "复查无异常。")]
    findings = inspect_tasks(tasks)
    assert [(f.record_key, f.kind) for f in findings] == [("n3", "detected:CN_MOBILE")]
