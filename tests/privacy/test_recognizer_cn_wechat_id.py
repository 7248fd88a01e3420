"""WeChat IDs after a 微信/VX/WeChat cue (and any wxid_ ID) are handles; cue-less words are not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from privacy.detect.entities import SOCIAL_HANDLE
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.country_specific.china.cn_wechat_id import WeChatIdRecognizer

WECHAT = WeChatIdRecognizer()


@pytest.mark.parametrize(
    ("text", "wechat_id"),
    [
        ("微信号：wxid_abc123", "wxid_abc123"),
        ("微信: zhang_san88", "zhang_san88"),
        ("VX：lily-2024", "lily-2024"),
        ("加微信 abc12345", "abc12345"),
        ("家属微信号为Abc_123-x，请联系", "Abc_123-x"),
        ("my WeChat ID: Tom_Lee99 thanks", "Tom_Lee99"),
        ("vx号lily2024", "lily2024"),
        ("转账人 wxid_k3j4h5g6f7d8s9 已确认", "wxid_k3j4h5g6f7d8s9"),  # wxid_ needs no cue
        ("微信：" + "a" * 20, "a" * 20),  # the longest ID WeChat allows
    ],
)
def test_wechat_ids_found(text: str, wechat_id: str) -> None:
    (span,) = WECHAT.find(normalize(text))
    assert span.entity_type == SOCIAL_HANDLE
    assert span.text == wechat_id == text[span.start : span.end]


@pytest.mark.parametrize(
    "text",
    [
        "hello_world123 and zhang_san88 without any cue",
        "微信13812345678",  # starts with a digit: a phone number (CN_MOBILE's job)
        "微信号是 a1234",  # 5 characters: shorter than WeChat allows
        "微信：" + "a" * 21,  # 21 characters: longer than WeChat allows
        "微信（WeChat）支付",
        "WeChat account holders",  # a Latin cue needs a label or a colon
        "lvxabc123456 glued cue",
        "微信群里说abc",
    ],
)
def test_not_wechat_ids(text: str) -> None:
    assert WECHAT.find(normalize(text)) == []


def test_real_weibo_and_cluener_text_has_no_cue_less_hits(
    shared_file: Callable[[str], Path],
) -> None:
    """Real social-media and news text: every hit has a cue or is a wxid_; planted IDs are found."""
    path = shared_file("ner/cluener2020_train.jsonl")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    hits = [s for t in texts for s in WECHAT.find(normalize(t))]
    assert hits == []  # CLUENER holds no WeChat ID: none may appear
    planted = [f"{t[:20]}，加微信 wx_user{i:04d}，{t[20:]}" for i, t in enumerate(texts[:500])]
    found = [[s.text for s in WECHAT.find(normalize(t))] for t in planted]
    assert found == [[f"wx_user{i:04d}"] for i in range(500)]
