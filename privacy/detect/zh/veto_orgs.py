"""A place read at the head of a company's name (大连恒泰石化工程有限公司, 营口港务集团) is the
employer's or contractor's registered name, not where a person lives or was treated: plant and
port logs are full of them, and they identify no one. It stays a place when it is a full
administrative or street name itself (沙湾县, 工业大道), when an administrative or street part
comes before the company word (大连市甘井子区某公司), or when a function word shows a phrase
rather than a name (香港上市公司, 佛山某保险公司, 徐东花市内的一家中介公司)."""

from __future__ import annotations

import re

_COMPANY_WORDS = ("有限责任公司", "股份有限公司", "有限公司", "分公司", "公司", "集团")
# Han characters only between the place and the company word (no punctuation, digits or
# spaces), at most eight.
_ORG_TAIL = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:" + "|".join(_COMPANY_WORDS) + ")")
# Administrative or street parts, and function words of a phrase: none may sit in the gap.
_NOT_IN_NAME = re.compile(r"[省市区县旗镇乡村路街道巷弄号栋楼室的一某内在和与及是为从到家个所上]")
# A place ending in its own unit is an address part, company or not.
_UNIT_END = tuple("省市区县旗镇乡村路街道巷厦店")


def opens_company_name(text: str, start: int, end: int) -> bool:
    """True when the place text[start:end] is the head of the company name that follows it."""
    if text[start:end].endswith(_UNIT_END):
        return False
    m = _ORG_TAIL.match(text, end)
    if m is None:
        return False
    gap = text[end : m.end()]
    for word in _COMPANY_WORDS:
        if gap.endswith(word):
            gap = gap[: -len(word)]
            break
    return _NOT_IN_NAME.search(gap) is None
