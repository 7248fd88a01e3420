"""Mainland mobile numbers: 1[3-9] + 9 digits, optional +86 / 0086, spaced or dashed groups (a
number written digit by digit, 1 3 8 0 ..., too: a form staff use to slip it past filters)."""

from __future__ import annotations

import re
from typing import ClassVar

from privacy.detect.entities import CN_MOBILE
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import NOT_ALNUM_AFTER, SEP, BohaiRecognizer, register
from privacy.detect.spans import Span

# Letters or digits on either side mean a longer token (a hex pseudonym, a part number).
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?:(?:\+|00)86" + SEP + r"|\(\+?86\)" + SEP + r")?"
    r"1" + SEP + r"[3-9]" + SEP + r"[0-9](?:" + SEP + r"[0-9]){8}" + NOT_ALNUM_AFTER
)
# The common ways of writing the 3-4-4 groups; other groupings score lower.
_TIDY = re.compile(r"(?:\+?86|0086|\(\+?86\))?[ \-]?1[3-9][0-9](?:([ \-]?)[0-9]{4}\1[0-9]{4})$")

SCORE_TIDY = 0.8
SCORE_ODD_GROUPING = 0.55
CONTEXT_BOOST = 0.15


@register
class CnMobileRecognizer(BohaiRecognizer):
    """Mobile numbers; scored up when written tidily or near 电话/手机/tel cues."""

    ENTITIES: ClassVar[tuple[str, ...]] = (CN_MOBILE,)
    PREFILTER: ClassVar[str | None] = r"1[ \-]{0,2}[3-9](?:[ \-]{0,2}[0-9]){9}"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "电话",
        "手机",
        "联系",
        "致电",
        "来电",
        "号码",
        "tel",
        "mobile",
        "phone",
        "cell",
        "contact",
        "call",
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """Every mobile-shaped number, scored by grouping and context."""
        out: list[Span] = []
        for m in _MOBILE.finditer(norm.text):
            score = SCORE_TIDY if _TIDY.match(m.group()) else SCORE_ODD_GROUPING
            if self.has_context(norm, *m.span()):
                score += CONTEXT_BOOST
            out.append(self.span(norm, m.start(), m.end(), CN_MOBILE, score))
        return out


def is_cn_mobile(value: str) -> bool:
    """True when `value` has a mainland mobile number's shape (this recognizer's to report)."""
    return _MOBILE.fullmatch(value) is not None
