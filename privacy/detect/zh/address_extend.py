"""Whole Chinese addresses: a found chain runs on through complex names, building / unit /
floor / room parts and number-dash forms, and address pieces split by the segmenter join up.

沈阳市和平区南京北街 + 锦绣华庭 + 29栋 + 3单元 + 1702室 is one ADDRESS: stopping after the
street leaves the complex and the flat in clear (the issue's partial-masking finding).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from privacy.detect.zh.address_sections import section_at

_HAN = r"[\u4e00-\u9fff]"
# A residential or office complex, village or group name (锦绣华庭, 世纪广场B座, 前进村).
COMPLEX_WORDS = (
    "小区 花园 华庭 家园 公寓 名苑 雅苑 嘉园 佳园 新城 山庄 广场 大厦 中心 国际 新村 大楼 写字楼 "
    "商务中心 国际大厦 公馆 花苑 华府 府邸 苑 府 城 庭 园 里 村 屯 庄 镇 乡"
).split()
_END = r"(?=[0-9A-Za-z第]|[，。；;,.、 ）)\n]|$)"
_COMPLEX = re.compile(
    f"{_HAN}{{0,6}}?(?:" + "|".join(sorted(COMPLEX_WORDS, key=len, reverse=True)) + ")" + _END
)
# A street between the district and the complex (和平大街, 南京北街).
_STREET = re.compile(f"{_HAN}{{1,5}}?(?:大街|大路|大道|北街|南街|东街|西街|路|街|巷|胡同)")
_NUMBER = r"第?(?:[0-9]+|[A-Za-z]|[一二三四五六七八九十]+)"
# A lettered or numbered zone of a complex (泉水A区, 华山路B区, 万科城二区), only with a building
# number after it: 住院部3区5床 is a ward.
_ZONE = r"区(?=" + _NUMBER + r"(?:号楼|栋|幢|座|单元|号(?!床)))"
# A numbered part: 29栋, 3单元, 1702室, 12号楼, 5门, B座, 15层, 3组, 66-8号, 第3组, A区.
_UNIT_PART = re.compile(
    _NUMBER + r"(?:[-－][0-9]+){0,3}"
    r"(?:号楼|号院|号(?!泊位|线|床|机)|栋|幢|座|单元|门|层|楼(?!下|上)|室|组|户|期|" + _ZONE + ")"
)
# Number-dash forms: 8-2-1, 5-2-301 (building-unit-flat) and a room after 门 / 单元 / 层.
_DASHED = re.compile(r"[0-9]+(?:[-－][0-9]+){1,3}(?![0-9])")
_ROOM = re.compile(r"[0-9]{2,5}(?![0-9年月日天岁周次个名小分秒%℃度])")
_ROOM_AFTER = ("门", "单元", "层", "栋", "幢", "号楼", "座")
# A comma between the house number and the building (人民路12号，3号楼2单元501): still one address.
_SEPARATOR = re.compile(r"[，,、]\s?|\s")
_BUILDING = re.compile(_NUMBER + r"(?:号楼|栋|幢|座|单元|" + _ZONE + ")")
# A complex whose name has no complex word, known by the building number right after it
# (中山区 + 山水人家 + 26栋): two to six name characters.
_NAMED_BUILDING = re.compile(f"{_HAN}{{2,6}}?(?={_BUILDING.pattern})")
# Characters that never sit inside an address name (particles, verbs of the sentence).
_STOP = frozenset("的了是在或及就都也还被把将从对向给为以于而但却说等这那些个们我你他她它住有")
MAX_GAP = 4
# One or two spaces between the parts of an address typed by hand, or the line break of a note
# that wrapped it (大连市甘井子区红旗西路 / 富丽华庭5栋2单元1202): the next part must still
# be a complex, street or numbered part to join.
_SPACES = re.compile(r"(?: {1,2}|\r?\n)(?=\S)")


class Hit(Protocol):
    """An address hit (privacy.detect.zh.address.AddressHit)."""

    start: int
    end: int
    score: float
    full: bool


def extend(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """Hits with every full address grown to its last part, and split pieces joined."""
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        if out and out[-1].full and hit.full and _joinable(text, out[-1].end, hit.start):
            last = out[-1]
            end = max(last.end, hit.end)
            out[-1] = replace(last, end=_grow(text, end), score=max(last.score, hit.score))  # type: ignore[type-var]
            continue
        if out and hit.start < out[-1].end:
            continue  # inside an address already grown over it
        out.append(replace(hit, end=_grow(text, hit.end)) if hit.full else hit)  # type: ignore[type-var]
    return out


def _joinable(text: str, end: int, start: int) -> bool:
    """True when only a few name characters separate two address pieces (和平 + 大街115号)."""
    gap = text[end:start]
    return 0 <= len(gap) <= MAX_GAP and all(
        "\u4e00" <= c <= "\u9fff" and c not in _STOP for c in gap
    )


def _grow(text: str, end: int) -> int:
    """The end of the address that reaches `end`, through complexes and numbered parts."""
    last_unit = text[max(0, end - 2) : end]
    named = True  # the address so far ends in a name (district, street, complex), not a number
    while True:
        m = _UNIT_PART.match(text, end) or _DASHED.match(text, end) or section_at(text, end)
        if m is None and last_unit.endswith(_ROOM_AFTER):
            m = _ROOM.match(text, end)
        if m is None and (sep := _SEPARATOR.match(text, end)) and _BUILDING.match(text, sep.end()):
            m = _UNIT_PART.match(text, sep.end())
        spaced = _SPACES.match(text, end)  # 友谊街道 和平里 17-3-502: parts typed with spaces
        at = spaced.end() if spaced else end
        if m is None:
            c = _COMPLEX.match(text, at) or _STREET.match(text, at)
            if c and not any(ch in _STOP for ch in c.group()) and _numbered_after(text, c.end()):
                m = c
        if m is None and named and (b := _NAMED_BUILDING.match(text, at)):
            m = None if any(ch in _STOP for ch in b.group()) else b
        if m is None and spaced and named:
            m = _UNIT_PART.match(text, at) or _DASHED.match(text, at)
        if m is None or m.end() <= end:
            return end
        named = m.re in (_COMPLEX, _STREET, _NAMED_BUILDING)
        last_unit, end = m.group(), m.end()


def _numbered_after(text: str, pos: int) -> bool:
    """A complex name counts when a numbered part follows it or it ends the clause."""
    if pos >= len(text) or _UNIT_PART.match(text, pos) or _DASHED.match(text, pos):
        return True
    if section_at(text, pos):
        return True  # 青年大街 + 南段100号
    if _COMPLEX.match(text, pos):
        return True  # a street followed by its complex
    return text[pos] in "，。；;,.、 ）)\n"
