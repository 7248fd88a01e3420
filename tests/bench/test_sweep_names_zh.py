"""The sweep's handles-neutral count and its social-text cue, as bench/pii_eval.py counts."""

from __future__ import annotations

import pytest

from bench.sweep_names_zh import SOCIAL_CUE, neutral


def test_a_handle_over_no_gold_name_is_left_out_and_one_over_a_name_kept() -> None:
    # (corpus, gold, sure, candidates, LAC PER, handles, social cue)
    record = ("weibo", [(10, 13)], [(0, 5), (9, 14)], [], [], [(0, 5), (9, 14)], True)
    assert neutral(record, [(0, 5), (9, 14), (20, 22)]) == [(9, 14), (20, 22)]


@pytest.mark.parametrize(
    ("text", "social"),
    [
        ("//@李四:说得对", True),
        ("#金庸去世#《天龙八部》", True),
        ("今天好开心哈哈", True),
        ("价格已经涨至每吨7300元，宋胜斌表示，市场平稳。", False),
        ("局长刘元在会上讲话。", False),
    ],
)
def test_social_cue(text: str, social: bool) -> None:
    assert (SOCIAL_CUE.search(text) is not None) == social
