"""@handles (Weibo, Twitter) are identifiers; e-mail addresses, times and hosts are not handles."""

from __future__ import annotations

import pytest

from privacy.detect.entities import EMAIL_ADDRESS, SOCIAL_HANDLE
from privacy.detect.normalize import normalize
from privacy.detect.recognizers.generic.social_handle import SocialHandleRecognizer
from privacy.detect.scanner import Scanner

HANDLE = SocialHandleRecognizer()


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("转发 @张三丰的微博 ：今天天气好", "@张三丰的微博"),
        ("//@李小龙:说得对", "@李小龙"),
        ("感谢@王芳_Fang 的分享", "@王芳_Fang"),
        ("Follow @john_smith99 on Twitter.", "@john_smith99"),
        ("cc @mary-jones, thanks", "@mary-jones"),
        ("回复＠赵六：收到", "＠赵六"),
    ],
)
def test_handles_found(text: str, handle: str) -> None:
    (span,) = HANDLE.find(normalize(text))
    assert span.entity_type == SOCIAL_HANDLE
    assert span.text == handle == text[span.start : span.end]


@pytest.mark.parametrize(
    "text",
    [
        "mail zhang.san@example.com now",
        "meet @3pm or @12:00",
        "host @example.com is down",
        "a single @x letter",
        "price @ 5 yuan",
        "@" + "a" * 31,
        "中枢神经系统慢感染@病毒性脑炎或脑膜脑炎有许多与无菌性脑膜炎相似的临床表现",  # CMeEE
    ],
)
def test_not_handles(text: str) -> None:
    assert HANDLE.find(normalize(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "中枢神经系统慢感染@典型的脑炎患者具有明显的脑实质受累症候。",  # CMeEE page header
        "中枢神经系统慢感染@故腰穿一般较为安全。",
        "中枢神经系统慢感染@这种病变在MRI的T2</sub>加权像可能更为明显",  # markup after the run
        "第一章\n呼吸系统疾病@慢性支气管炎，常见于老年人",  # a heading on its own line
    ],
)
def test_page_header_glued_by_at_is_not_a_handle(text: str) -> None:
    assert HANDLE.find(normalize(text)) == []


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("感谢@王芳 帮忙", "@王芳"),  # heading shape, but the run stops at a space
        ("今天@李雷：明天见", "@李雷"),  # ... or at a colon
        ("羡慕@张三丰", "@张三丰"),  # ... or at the end of the text
        ("转发微博 中枢神经@张三丰，好", "@张三丰"),  # a social cue in the text
        ("今天@gladysbb夫妇来看大乖啦，谢谢@小米", "@gladysbb夫妇来看大乖啦"),  # two handles
        ("//@李小龙:说得对，中枢神经@王五，好", "@李小龙"),
        ("阵容啦！你在@逆转三国里的阵容？", "@逆转三国里的阵容"),  # not a heading
    ],
)
def test_handles_kept_in_social_text(text: str, handle: str) -> None:
    spans = HANDLE.find(normalize(text))
    assert handle in [s.text for s in spans]


def test_social_cue_raises_the_score() -> None:
    (plain,) = HANDLE.find(normalize("见 @张三丰 。"))
    (cued,) = HANDLE.find(normalize("转发微博 @张三丰 。"))
    assert cued.score > plain.score


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    """The default scanner (the handle recognizer is wired into the engine)."""
    return Scanner()


def test_scanner_reports_handles_and_keeps_emails(scanner: Scanner) -> None:
    texts = ["转发 @张三丰的微博 ：好", "Follow @john_smith99 or mail john.smith@example.com"]
    zh, en = scanner.scan(texts)
    assert [(s.entity_type, s.text) for s in zh if s.entity_type == SOCIAL_HANDLE] == [
        (SOCIAL_HANDLE, "@张三丰的微博")
    ]
    kinds = {(s.entity_type, s.text) for s in en}
    assert (SOCIAL_HANDLE, "@john_smith99") in kinds
    assert (EMAIL_ADDRESS, "john.smith@example.com") in kinds
    assert not any(s.entity_type == SOCIAL_HANDLE and "example" in s.text for s in en)


@pytest.mark.parametrize(
    ("text", "handles"),
    [
        (
            "@天煞孤星鱼@金山的蒙蒙100@严之吟转发微博",
            ["@天煞孤星鱼", "@金山的蒙蒙100", "@严之吟转发微博"],
        ),
        ("@邓玉龙-ko@大兵_13@凌云ba", ["@邓玉龙-ko", "@大兵_13", "@凌云ba"]),
        ("像邻家女孩@中国美腿@车模来了", ["@中国美腿", "@车模来了"]),
    ],
)
def test_handles_glued_one_after_another_are_each_found(text: str, handles: list[str]) -> None:
    assert [s.text for s in HANDLE.find(normalize(text))] == handles


@pytest.mark.parametrize(
    "text",
    ["mail me@a@b.com", "write to a.b@c@d now", "user@host@mail.example.com"],
)
def test_addresses_with_two_ats_are_no_handle_run(text: str) -> None:
    assert HANDLE.find(normalize(text)) == []
