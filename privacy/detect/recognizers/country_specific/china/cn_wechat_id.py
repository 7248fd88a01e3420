"""WeChat IDs (微信号：wxid_abc123, VX: lily-2024, 加微信 abc12345): an account names a person."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import SOCIAL_HANDLE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

# WeChat's rule for a chosen ID: 6-20 characters, a letter first, then letters, digits, _ or -.
_ID = r"[A-Za-z][A-Za-z0-9_\-]{5,19}(?![A-Za-z0-9_\-])"
# Cue words, then at most a label suffix and a separator: "微信号：", "加微信 ", "WeChat ID: ".
# A Latin cue needs a label or a separator ("VX: lily-2024", not "WeChat account") and may not
# be glued to a letter before it ("lvx" is no cue).
_LABEL = r"(?:号码|账号|帐号|号|\s*id)"
_CUE = (
    r"(?:(?:微信|威信|薇信|维信|(?<![A-Za-z])[Vv]信)" + _LABEL + r"?\s*(?:[:=]|是|为)?"
    r"|(?<![A-Za-z])(?:wechat|weixin|vx|wx)(?:" + _LABEL + r"\s*(?:[:=]|是|为)?|\s*[:=]))\s*"
)
# Words a cue is followed by that are no ID ("微信 WeChat", "微信 weixin_official" stays an ID).
_NOT_IDS = frozenset({"wechat", "weixin"})
_CUED = re.compile(_CUE + r"(?P<id>" + _ID + r")", re.IGNORECASE)
# The ID WeChat assigns itself (wxid_ and a random tail) names an account with or without a cue.
_WXID = re.compile(r"(?<![A-Za-z0-9_\-])wxid_[A-Za-z0-9_\-]{3,30}(?![A-Za-z0-9_\-])", re.IGNORECASE)
SCORE_CUED = 0.85
SCORE_WXID = 0.9


@register
class WeChatIdRecognizer(BohaiRecognizer):
    """A WeChat ID right after a 微信/VX/WeChat cue, or any wxid_ account ID."""

    ENTITIES: ClassVar[tuple[str, ...]] = (SOCIAL_HANDLE,)
    PREFILTER: ClassVar[str | None] = r"(?i)微信|威信|薇信|维信|v信|wechat|weixin|vx|wx"

    def find(self, norm: NormalizedText) -> list[Span]:
        """Cued IDs and wxid_ IDs (a wxid_ after a cue is reported once)."""
        found = {m.span(): SCORE_WXID for m in _WXID.finditer(norm.text)}
        for m in _CUED.finditer(norm.text):
            if m.group("id").lower() not in _NOT_IDS:
                found.setdefault(m.span("id"), SCORE_CUED)
        return [
            self.span(norm, start, end, SOCIAL_HANDLE, score)
            for (start, end), score in sorted(found.items())
        ]
