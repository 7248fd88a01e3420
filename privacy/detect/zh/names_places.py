"""Context that makes a name-shaped run a place, a club or an organization rather than a person.

林达海渔广场, 王府井大街 (a place-name suffix follows), 阿森纳主场 / 国米vs热那亚 (a match),
在莫斯科举行 (a place after a motion or location verb), 韦德岛 (the run itself ends in 岛).
"""

from __future__ import annotations

import re

from privacy.detect.zh.address_cues import CLASS_BEFORE, NEAR_AFTER
from privacy.detect.zh.gazetteer import is_gazetteer_place

# Characters that end place and organization names rather than given names.
PLACE_END = frozenset("岛湖港寺街店府堡湾寨洲县省市区村镇路桥院馆局厂场站队部会社报网庄园楼所")
# Words right after a run that make it part of a place or an organization (王府井大街).
PLACE_AFTER = tuple(
    "路 街 大街 大道 市 县 区 镇 乡 村 省 州 岛 湖 山 河 港 寺 庙 宫 公园 广场 大厦 中心 "
    "公司 集团 银行 大学 学院 医院 酒店 饭店 队 俱乐部 基金 研究所 纪念馆 博物馆 故居 "
    "文化 体育 传 记 杯 奖 城 湾 国际 艺术 花园 小区 新村".split()
)
# Longer place / organization suffixes that may follow a run after a short modifier
# (林达海 渔广场, 索维娅 国际艺术村).
_GLUED_SUFFIX = re.compile(
    r"^[\u4e00-\u9fff]{0,3}?(?:广场|中心|大厦|公司|集团|银行|大学|学院|医院|酒店|公园|艺术村|"
    r"花园|小区|大道|大街|俱乐部|博物馆|纪念馆|研究所|体育场|球场)"
)
# Match context: a run next to these is a club (阿森纳主场, 国米vs热那亚).
TEAM_AFTER = tuple(
    "队 联 俱乐部 主场 客场 主队 客队 球迷 战胜 击败 不败 vs VS 对阵 晋级 出线 客胜 主胜".split()
)
_TEAM_NEAR = re.compile(r"vs|VS|对阵|主胜|客胜|平局|盘口|赔率|让球|让平|欧赔|亚盘|胜赔|平赔|负赔")
TEAM_WINDOW = 12
# Words of match reports: a text with two of them is sports talk, where a bare transliterated
# run is more often a club (阿森纳, 桑德兰) than a player.
_SPORTS = re.compile(
    r"联赛|主场|客场|球队|进球|赛季|欧冠|英超|意甲|西甲|德甲|法甲|荷甲|平局|战平|让球|盘口|积分|"
    r"射门|球迷|比赛|足球|杯赛|赔率|主队|客队|首发|替补|轮换|保级|降级|夺冠"
)
PLACE_BEFORE = tuple("在 到 去 往 赴 抵达 飞往 来自 位于 访问 前往".split())
_PLACE_OR_NEAR_AFTER = PLACE_AFTER + NEAR_AFTER


def place_context(text: str, start: int, end: int) -> bool:
    """True when [start, end) ends like a place or is followed by a place / organization word."""
    if text[end - 1 : end] in PLACE_END or text.startswith(_PLACE_OR_NEAR_AFTER, end):
        return True
    if text[max(0, start - 3) : start].endswith(CLASS_BEFORE):
        return True
    if is_gazetteer_place(text[start:end]):
        return True
    if _GLUED_SUFFIX.match(text[end : end + 9]):
        return True
    return text[max(0, start - 3) : start].endswith(PLACE_BEFORE) and not text.startswith(
        ("说", "表示", "认为"), end
    )


def team_context(text: str, start: int, end: int) -> bool:
    """True when [start, end) sits in match talk (vs, 主场, odds) and reads as a club."""
    if text.startswith(TEAM_AFTER, end):
        return True
    lo, hi = max(0, start - TEAM_WINDOW), min(len(text), end + TEAM_WINDOW)
    return bool(_TEAM_NEAR.search(text, lo, hi))


def sports_text(text: str) -> bool:
    """True when `text` reads as a match report (two or more sports words)."""
    found = _SPORTS.search(text)
    return bool(found and _SPORTS.search(text, found.end()))
