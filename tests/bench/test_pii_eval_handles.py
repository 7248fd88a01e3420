"""The Weibo PERSON row with neutral handles: a handle over a gold name finds it, one over no
gold name counts neither way, and a wrong name still counts against precision."""

from __future__ import annotations

from bench.pii_eval import CORPORA, Doc, handles_neutral
from privacy.detect.entities import PERSON, SOCIAL_HANDLE
from privacy.detect.spans import Span

WEIBO = CORPORA["weibo"][2]
CLUENER = CORPORA["cluener"][2]


def test_handles_over_no_name_are_neutral() -> None:
    text = "@张三丰 转发 @头条新闻 李四说好 王五"
    doc = Doc(text, [(1, 4, "PER.NAM"), (14, 16, "PER.NAM")])
    spans = [
        Span(0, 4, SOCIAL_HANDLE, 0.9, "@张三丰"),  # finds 张三丰
        Span(8, 13, SOCIAL_HANDLE, 0.9, "@头条新闻"),  # neutral
        Span(17, 19, PERSON, 0.9, "王五"),  # a name the gold does not hold: false
    ]
    tally = handles_neutral([doc], [spans], WEIBO, 0.0)
    assert tally is not None
    assert (tally.gold, tally.tp_gold, tally.pred, tally.tp_pred) == (2, 1, 2, 1)


def test_no_row_where_handles_do_not_count_for_names() -> None:
    assert handles_neutral([Doc("李四", [(0, 2, "name")])], [[]], CLUENER, 0.0) is None
