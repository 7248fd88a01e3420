"""Social media handles (@张三丰的微博, //@李四:, @john_smith99): a name people are found by."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import SOCIAL_HANDLE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

# @ not glued to Latin letters, digits or . _ % + - (an e-mail's local part is; Chinese text puts
# @ right after a character: 感谢@王芳), then word characters (CJK included) or hyphens starting
# with a letter, CJK character or underscore ("@3pm", "@12:00" are times); a following
# ".letters" makes it a host name, not a handle.
_HANDLE = re.compile(r"(?<![A-Za-z0-9_.%+\-@])@(?=[^\W\d])[\w\-]+(?![\w\-@])(?!\.[A-Za-z])")
# Handles written one after another with no space (Weibo NER's texts lost their spaces:
# @天煞孤星鱼@金山的蒙蒙100@严之吟): the same start and end rules for the whole run, each @ a
# handle. A run ending in ".letters" is an address (@a@host.com), not handles.
_CHAIN = re.compile(r"(?<![A-Za-z0-9_.%+\-@])(?:@(?=[^\W\d])[\w\-]+){2,}(?![\w\-@])(?!\.[A-Za-z])")
_ONE = re.compile(r"@[^@]+")
# Weibo's nickname rule: at most 30 units, a CJK character counting two. A longer run is text glued
# to an @ used as a separator (CMeEE's "慢感染@第三节病毒性脑炎与脑膜脑炎"), not a handle.
MIN_UNITS, MAX_UNITS = 2, 30
# A page header glued to the text by @ (CMeEE: "中枢神经系统慢感染@典型的脑炎患者具有…，"): the @
# follows a line that is only Han characters so far, the run after it stops at punctuation or
# markup (a handle stops at a space, a colon or the end of the text), and
# nothing in the text is social media (cue words, links, //@, a second @, [emoji], #topic#).
_HEADING = re.compile(r"\s*[\u3400-\u9fff]{2,}")
_HANDLE_END = re.compile(r"\s|[:：]|$")
_SOCIAL = re.compile(
    r"微博|转发|回复|分享|关注|博主|粉丝|新浪|抖音|小红书|https?:|//[@＠]|[@＠][^@＠]*[@＠]"
    r"|\[[^\[\]\s]{1,8}\]|#[^#\s]{1,30}#|我在:|weibo|twitter|follow|reply|retweet",
    re.IGNORECASE,
)
SCORE = 0.75
CONTEXT_BOOST = 0.15


@register
class SocialHandleRecognizer(BohaiRecognizer):
    """An @handle in Weibo, WeChat, Twitter or forum text: it leads straight to the person."""

    ENTITIES: ClassVar[tuple[str, ...]] = (SOCIAL_HANDLE,)
    PREFILTER: ClassVar[str | None] = r"@[\w\-]"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "微博",
        "转发",
        "关注",
        "回复",
        "博主",
        "抖音",
        "小红书",
        "weibo",
        "twitter",
        "follow",
        "reply",
        "retweet",
        "instagram",
        "tiktok",
    )
    CONTEXT_BEFORE: ClassVar[int] = 20
    CONTEXT_AFTER: ClassVar[int] = 20

    def find(self, norm: NormalizedText) -> list[Span]:
        """Each handle, surer beside a social media cue word."""
        out: list[Span] = []
        for start, end in handle_spans(norm.text):
            if not MIN_UNITS <= units(norm.text[start + 1 : end]) <= MAX_UNITS:
                continue
            if page_header_join(norm.text, start, end):
                continue
            boost = CONTEXT_BOOST if self.has_context(norm, start, end) else 0.0
            out.append(self.span(norm, start, end, SOCIAL_HANDLE, SCORE + boost))
        return out


def handle_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every @handle, single or in a run glued together (@甲@乙)."""
    spans = [m.span() for m in _HANDLE.finditer(text)]
    for chain in _CHAIN.finditer(text):
        spans += [(m.start(), m.end()) for m in _ONE.finditer(text, chain.start(), chain.end())]
    return sorted(set(spans))


def units(name: str) -> int:
    """A handle's length as Weibo counts it: two per CJK character, one per other character."""
    return sum(2 if "\u3400" <= ch <= "\u9fff" else 1 for ch in name)


def page_header_join(text: str, start: int, end: int) -> bool:
    """True when the @ at `start` glues a heading to prose, not a handle (see _HEADING)."""
    line_start = text.rfind("\n", 0, start) + 1
    return (
        _HEADING.fullmatch(text, line_start, start) is not None
        and _HANDLE_END.match(text, end) is None
        and _SOCIAL.search(text) is None
    )
