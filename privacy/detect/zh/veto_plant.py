"""Plant and port words read as places: a unit, a piece of equipment or an area of a plant
(丙烯精馏塔, 换热器区域, 气防站, 集团调度中心), a terminal named by its cargo (原油码头) or a port
movement (进出港) is where work happens, not where a person lives, so a LOCATION made of one is
dropped; a shift word (白班, 夜班) before a role cue is no name. A named port or park keeps its
place reading (营口港, 大窑湾港区): those are the project's to decide, not this lexicon's."""

from __future__ import annotations

# Last words of plant equipment, plant areas and control rooms.
PLANT_ENDS: tuple[str, ...] = (
    "精馏塔",
    "吸收塔",
    "汽提塔",
    "分馏塔",
    "反应塔",
    "冷却塔",
    "反应器",
    "换热器",
    "储罐",
    "罐区",
    "泵房",
    "气防站",
    "消防站",
    "调度中心",
    "调度室",
    "控制室",
    "中控室",
    "配电室",
    "变电所",
    "装置区",
)
# A terminal named by its cargo (原油码头, 集装箱码头): a kind of berth, not a named place.
_CARGO = (
    "原油",
    "成品油",
    "油品",
    "集装箱",
    "煤炭",
    "矿石",
    "散货",
    "化工",
    "液化气",
    "滚装",
    "客运",
)
CARGO_TERMINALS = frozenset(c + t for c in _CARGO for t in ("码头", "泊位", "港区"))
# Shift words before a role cue (白班班长, 夜班操作工): 白 and 夜 lead no name here.
SHIFT_WORDS = frozenset(
    "白班 夜班 中班 早班 晚班 大夜班 小夜班 倒班 跟班 当班 值班 交班 接班".split()
)
# An area named by its equipment or its hazard (换热器区域, 硫化氢区域); a named place before
# 区域 (西直门区域, 燕郊区域) is a place.
_AREA = "区域"
_EQUIPMENT_END = tuple("器罐泵塔阀炉釜槽机")
HAZARDS = frozenset(
    "硫化氢 氨 苯 氯 氯气 丙烯 乙烯 甲醇 液化气 油气 可燃气 有毒气体 高温 高压 动火".split()
)
# Port movements and plant-shift words that end in a place character (港, 站, 区).
PLANT_PHRASES = frozenset({"进出港", "进港", "出港", "离港", "靠港", "在港", "锚地"})
_DIGITS = set("0123456789０１２３４５６７８９号路街")


def plant_word(word: str) -> bool:
    """True when a place candidate is plant equipment, a plant area or a port movement."""
    if word in PLANT_PHRASES or word in CARGO_TERMINALS:
        return True
    if _DIGITS & set(word):
        return False
    if word.endswith(_AREA):
        head = word[: -len(_AREA)]
        return head.endswith(_EQUIPMENT_END) or head in HAZARDS or head[1:] in HAZARDS
    return word.endswith(PLANT_ENDS)
