"""Single places that are no administrative chain: landmarks (金泰地产大厦, 狮林大酒店, 玉虚宫),
listed places (莫斯科, 凯里) and names right after a locative verb (留在安菲尔德, 前往瓦拉纳西).

A landmark is one to three tokens ending in a facility or landform word; the tokens before it
must be name-like (unknown words, place / person / proper-noun tags), not verbs or particles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.gazetteer_zh import is_gazetteer_place
from privacy.names_zh_foreign import is_translit
from privacy.segment_zh import Token, is_cjk, is_known, word_frequency
from privacy.spans import Candidate

# Facility and landform words that end a landmark name, longest first.
LANDMARK_WORDS = tuple(
    sorted(
        """中心 广场 大厦 大楼 酒店 大酒店 饭店 宾馆 百货 商场 超市 购物中心 商城 基地 海岸 半岛
        公园 花园 乐园 动物园 植物园 博物馆 美术馆 纪念馆 图书馆 体育馆 体育场 球场 机场 火车站
        车站 码头 港口 大桥 书店 网吧 市场 大院 故居 陵园 公墓 教堂 景区 风景区 度假村 别墅 山庄
        家园 新城 商圈 步行街 胡同 大道 艺术村 购物村 剧院 大剧院 会堂 礼堂 大礼堂 雨林 海域 海峡
        峡谷 草原 沙漠 森林 湿地 古镇 古城 水库 大街 小区 社区 园区 新区 城区 市区 郊区 地区 营地
        宫 园 馆 城 湾 厅 府 寺 庙 塔 桥 楼 院 港 站 店 峰 谷 洲 泉 滩 潭 峡 江 河 湖 山 岛 村 庄
        墓 陵 关 堡 街道 镇 乡 郡 片区 路 街 巷""".split(),
        key=len,
        reverse=True,
    )
)
_LANDMARK_ENDS = tuple(frozenset(w[-1] for w in LANDMARK_WORDS))
# Tags of tokens that can make up the distinctive part of a landmark name; road names are also
# made of everyday words (工业路, 国展路, 解放大街).
_NAME_PART_TAGS = frozenset({None, "ns", "nr", "nrt", "nz", "nt", "j", "n", "nrfg", "m"})
_ROAD_PART_TAGS = _NAME_PART_TAGS | {"vn", "v", "a", "b"}
ROAD_WORDS = frozenset("路 街 巷 大道 大街 胡同 步行街".split())
# A landmark whose whole is an everyday word this frequent is no place (江湖, 东西, 市场).
COMMON_FREQ = 500
# Words that make a lone place a description of people or a side, not where someone is.
DEMONYM_AFTER = tuple(
    "队 军 政府 国脚 球员 队员 选手 媒体 总统 总理 首相 官员 代表队 国家队 联赛 足协".split()
)
# Locative verbs and prepositions: the name right after one is a place (在 X 举行, 前往 X).
_LOCATIVE = re.compile(
    r"(?:位于|地处|坐落于|落户|来到|到达|抵达|前往|飞往|去往|途经|经过|回到|住在|留在|来自|"
    r"出发|赶赴|离开|赴|在|到|往|去|来|回|至|从|于)$"
)
# Single-character units that the segmenter may glue to the following word.
_GLUED_UNITS = frozenset("路街巷镇乡村庄屯")
_LOCATIVE_LAST = frozenset("于处落来达抵往过回在住自发赴开到去至从")
SCORE_LANDMARK = 0.5
SCORE_LISTED = 0.45
SCORE_LOCATIVE = 0.35


PlaceHit = Candidate  # a single place in the segmented text's offsets


def find_places(text: str, tokens: Sequence[Token]) -> list[PlaceHit]:
    """Landmarks, listed places and places after a locative word, at most one per token."""
    hits: list[PlaceHit] = []
    i, n = 0, len(tokens)
    while i < n:
        hit = _landmark(text, tokens, i) or _listed(text, tokens, i) or _locative(text, tokens, i)
        if hit is None:
            i += 1
            continue
        hits.append(hit)
        while i < n and tokens[i].start < hit.end:
            i += 1
    return hits


def _landmark(text: str, tokens: Sequence[Token], i: int) -> PlaceHit | None:
    """tokens[i : i+k] (k <= 3) ending in a landmark word after name-like parts."""
    for k in (3, 2, 1):
        if i + k > len(tokens):
            continue
        parts = tokens[i : i + k]
        if not parts[-1].word.endswith(_LANDMARK_ENDS):
            continue
        word = "".join(t.word for t in parts)
        suffix = next((w for w in LANDMARK_WORDS if word.endswith(w)), "")
        if len(word) <= len(suffix) or not suffix or not is_cjk(word):
            continue
        road = suffix in ROAD_WORDS
        allowed = _ROAD_PART_TAGS if road else _NAME_PART_TAGS
        if any(t.tag not in allowed for t in parts[:-1]):
            continue
        if parts[-1].tag in ("v", "vn", "a", "d", "p", "c", "u", "r") and len(suffix) == 1:
            continue
        if word_frequency(word) > COMMON_FREQ or (k > 1 and not road and _plain_modifier(parts)):
            continue
        if len(word) == 2 and is_known(word) and parts[0].tag not in (None, "ns"):
            continue  # 山村, 农村: an everyday two-character word
        return PlaceHit(parts[0].start, parts[-1].end, SCORE_LANDMARK)
    return _glued_unit(tokens, i)


def _glued_unit(tokens: Sequence[Token], i: int) -> PlaceHit | None:
    """An unknown name whose unit the segmenter glued to the next word (南滨+路上, 卡卡+镇有)."""
    tok = tokens[i]
    if i + 1 >= len(tokens) or tok.tag not in (None, "ns", "nrt", "nz") or len(tok.word) < 2:
        return None
    nxt = tokens[i + 1].word
    if not is_cjk(tok.word) or len(nxt) < 2 or nxt[0] not in _GLUED_UNITS:
        return None
    return PlaceHit(tok.start, tok.end + 1, SCORE_LANDMARK)


def _plain_modifier(parts: Sequence[Token]) -> bool:
    """True when every part before the facility word is an everyday noun (地产 大厦 is fine
    after 金泰, but 研究 中心 alone is no place)."""
    head = parts[:-1]
    return all(t.tag in ("n", "m") and word_frequency(t.word) > COMMON_FREQ for t in head)


def _listed(text: str, tokens: Sequence[Token], i: int) -> PlaceHit | None:
    """A gazetteer place (莫斯科, 凯里) not used as a demonym (中国人, 美国队)."""
    tok = tokens[i]
    if not is_gazetteer_place(tok.word) or text.startswith(DEMONYM_AFTER, tok.end):
        return None
    return PlaceHit(tok.start, tok.end, SCORE_LISTED)


def _locative(text: str, tokens: Sequence[Token], i: int) -> PlaceHit | None:
    """An unknown or transliterated name right after a locative word (在伯纳乌, 前往索维拉)."""
    tok = tokens[i]
    if text[tok.start - 1 : tok.start] not in _LOCATIVE_LAST:
        return None
    if not _LOCATIVE.search(text, max(0, tok.start - 3), tok.start):
        return None
    if not is_cjk(tok.word) or len(tok.word) < 2:
        return None
    if not (tok.tag is None or tok.tag in ("ns", "nrt") or is_translit(tok.word)):
        return None
    if word_frequency(tok.word) > COMMON_FREQ or text.startswith(DEMONYM_AFTER, tok.end):
        return None
    return PlaceHit(tok.start, tok.end, SCORE_LOCATIVE)
