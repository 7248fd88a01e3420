"""An address span that stops short is stretched over the building, unit and room after it."""

from __future__ import annotations

import re

import polars as pl
import pytest

from privacy.deid.address_tails import extend_over_tails, tail_end
from privacy.deid.operators import Secrets, build_operator
from privacy.deid.policy import ColumnPolicy, apply_policies
from privacy.deid.text_scrub import scrub_texts
from privacy.detect.spans import Span

SECRETS = Secrets(pseudonym_key=b"k" * 32)
HOME = "家住辽宁省大连市中山区山水人家26栋1单元601室，邻居送来。"
SHORT = Span(2, 13, "ADDRESS", 0.9, "辽宁省大连市中山区山水")  # the detector's span on HOME
# Free text of a hand-made outpatient export (trial11) whose addresses the detector cut short.
NOTES = [
    "腹痛6小时，脐周为主。家住辽宁省大连市中山区山水人家26栋1单元601室，邻居送来。",
    "腹痛6小时，脐周为主。家住沙河口区山水人家9号楼501，邻居送来。",
    "腹痛6小时，脐周为主。家住辽宁省大连市高新园区香格里拉花园39栋3单元1203室，邻居送来。",
    "腹痛6小时，脐周为主。家住中山区香格里拉花园11号楼803，邻居送来。",
    "腹痛6小时，脐周为主。家住辽宁省大连市高新园区山水人家9栋6单元2004室，邻居送来。",
]
ROOMS = re.compile(r"[0-9]+(?:栋|单元|室|号楼)|[0-9]{3,}")


def test_address_span_takes_the_tail_glued_after_it() -> None:
    (span,) = extend_over_tails(HOME, [SHORT])
    assert span.text == "辽宁省大连市中山区山水人家26栋1单元601室"
    assert (span.start, span.entity_type, span.score) == (2, "ADDRESS", 0.9)


def test_person_spans_and_untailed_places_stay_as_found() -> None:
    text = "王五26栋，大连市，3天"
    spans = [Span(0, 2, "PERSON", 0.9, "王五"), Span(6, 9, "LOCATION", 0.8, "大连市")]
    assert extend_over_tails(text, spans) == spans
    assert tail_end("住院3天", 2) is None  # a count is no room number


def test_scrub_leaves_no_room_behind_a_placeholder() -> None:
    out, counts = scrub_texts([HOME], [[SHORT]], {}, build_operator("placeholder"), SECRETS)
    assert out == ["家住<ADDRESS>，邻居送来。"]
    assert counts["ADDRESS"] == 1


def test_a_tail_running_into_the_next_span_joins_it() -> None:
    text = "家住沙河口区山水人家9号楼501，邻居"
    spans = [Span(2, 8, "ADDRESS", 0.6, "沙河口区山水"), Span(11, 13, "LOCATION", 0.5, "号楼")]
    out, _ = scrub_texts([text], [spans], {}, build_operator("placeholder"), SECRETS)
    assert out == ["家住<ADDRESS>，邻居"]


def test_scan_policy_releases_no_building_unit_or_room() -> None:
    pytest.importorskip("privacy.detect.scanner", reason="detection engine not installed")
    frame = pl.LazyFrame({"主诉": NOTES})
    policy = {"主诉": ColumnPolicy(category="sensitive", policy="scan")}
    out, _ = apply_policies(frame, policy, b"k" * 32)
    released = out.collect()["主诉"].to_list()
    assert all("<" in text for text in released)
    leaks = [t for t in released if ROOMS.search(t.split("家住", 1)[1])]
    assert leaks == []


@pytest.mark.parametrize(
    ("text", "at", "end"),
    [
        ("送第一医院120急救，", 5, None),  # a service number after a hospital is no room
        ("<LOCATION>119火警", 10, None),
        ("住<ADDRESS>601-2，", 10, 15),  # bare room digits keep their own suffix only
        ("住<ADDRESS>1203B，邻居", 10, 15),
        ("住<ADDRESS>601号楼旁", 10, 16),  # a unit word still takes the glued rest
        ("住<ADDRESS>1200邻居送来", 10, 14),
    ],
)
def test_bare_digits_stretch_over_a_room_not_over_the_next_word(
    text: str, at: int, end: int | None
) -> None:
    assert tail_end(text, at) == end
