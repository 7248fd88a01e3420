"""Single places that are no administrative chain: landmarks (金泰地产大厦, 狮林大酒店, 玉虚宫),
listed places (莫斯科, 凯里, also split by the segmenter: 红 + 磡), bare county names (邹平, at a
score below any person reading), names right after a locative verb (留在安菲尔德, 前往瓦拉纳西)
and places known by their surroundings (privacy.detect.zh.address_cues: 小城布鲁日, Hacker基地).

A landmark is one to three tokens ending in a facility or landform word; the tokens before it
must be name-like (unknown words, place / person / proper-noun tags), not verbs or particles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.spans import Candidate
from privacy.detect.zh.address_cues import cued_place
from privacy.detect.zh.address_facilities import find_facility
from privacy.detect.zh.address_latin import latin_place
from privacy.detect.zh.gazetteer import GAZETTEER, is_gazetteer_place
from privacy.detect.zh.gazetteer_counties import is_county_stem
from privacy.detect.zh.names_foreign import is_translit
from privacy.detect.zh.segment import Token, is_cjk, is_known, word_frequency

# Facility and landform words that end a landmark name, longest first.
LANDMARK_WORDS = tuple(
    sorted(
        """中心 广场 大厦 大楼 酒店 大酒店 饭店 宾馆 百货 商场 超市 购物中心 商城 基地 海岸 半岛
        公园 花园 乐园 动物园 植物园 博物馆 美术馆 纪念馆 图书馆 体育馆 体育场 球场 机场 火车站
        车站 码头 港口 大桥 书店 网吧 市场 大院 故居 陵园 公墓 教堂 景区 风景区 度假村 别墅 山庄
        家园 新城 商圈 步行街 胡同 大道 艺术村 购物村 剧院 大剧院 会堂 礼堂 大礼堂 雨林 海域 海峡
        峡谷 草原 沙漠 森林 湿地 古镇 古城 水库 大街 小区 社区 园区 新区 城区 市区 郊区 地区 营地
        宫 园 馆 城 湾 厅 府 寺 庙 塔 桥 楼 院 港 站 店 峰 谷 洲 泉 滩 潭 峡 江 河 湖 山 岛 村 庄
        墓 陵 关 堡 街道 镇 乡 郡 片区 路 街 巷 公路 马路 公馆 医院 群岛 灯塔 影城 哨所 餐厅
        餐馆 赌场 牧场 农场 水坝 大坝 口岸 球馆 茶馆 寨 故里 门市部 售楼处 区域 平民窟
        省 县 堡垒""".split(),
        key=len,
        reverse=True,
    )
)
_LANDMARK_LAST = frozenset(w[-1] for w in LANDMARK_WORDS)
_LANDMARK_SET = frozenset(LANDMARK_WORDS)
_LANDMARK_SIZES = sorted({len(w) for w in LANDMARK_WORDS}, reverse=True)
# Tags of tokens that can make up the distinctive part of a landmark name; road names are also
# made of everyday words (工业路, 国展路, 解放大街).
_NAME_PART_TAGS = frozenset(
    {None, "ns", "nr", "nrt", "nz", "nt", "j", "n", "nrfg", "m", "ng", "zg"}
)
_ROAD_PART_TAGS = _NAME_PART_TAGS | {"vn", "v", "a", "b", "s"}
# Tags of a last token that may hold more than the facility word (西雅图 + 塔科玛港).
_OPEN_TAGS = frozenset({None, "ns", "nz", "nr", "nrt"})
ROAD_WORDS = frozenset("路 街 巷 大道 大街 胡同 步行街".split())
# Facility words that follow everyday nouns in descriptions too (研究中心, 培训基地, 期货市场):
# after those nouns alone they are no place; the other words name one (市民广场, 运动员村).
GENERIC_WORDS = frozenset(
    """中心 基地 市场 商场 超市 大楼 楼 园区 社区 新区 城区 市区 郊区 地区 区域 营地 片区 馆 院
    店 站 厅 府 网吧 书店 百货 商城 商圈 宫 城 关 塔 园 港""".split()
)
# A landmark whose whole is an everyday word this frequent is no place (江湖, 东西, 市场).
COMMON_FREQ = 500
# Words that make a lone place a description of people or a side, not where someone is.
DEMONYM_AFTER = tuple(
    "队 军 政府 国脚 球员 队员 选手 媒体 总统 总理 首相 官员 代表队 国家队 联赛 足协".split()
)
# Locative verbs and prepositions: the name right after one is a place (在 X 举行, 前往 X).
_LOCATIVE = re.compile(
    r"(?:位于|地处|坐落于|坐落在|落户|来到|到达|抵达|前往|飞往|飞抵|去往|开往|途经|经过|回到|住在|"
    r"留在|来自|出发|赶赴|离开|访问|走访|游览|驻守|登陆|穿越|进入|入住|定居|移居|生于|身处|"
    r"赴|在|到|往|去|来|回|至|从|于)$"
)
# Single-character units that the segmenter may glue to the following word.
_GLUED_UNITS = frozenset("路街巷镇乡村庄屯")
_LOCATIVE_LAST = frozenset("于处落来达抵往过回在住自发赴开到去至从问访览守陆越入居")
_COMPASS = frozenset("东西南北")
_MEASURES = frozenset("个片家套座条些批处所位间栋幢层只名种类块张项次点户")
_NUMERALS = frozenset("一二两三四五六七八九十百千几多第每半数")
SCORE_LANDMARK = 0.5
SCORE_LISTED = 0.45
SCORE_LOCATIVE = 0.35
# A bare county name (邹平) is also a given name or a person's full name (马龙): below every
# person reading (threshold 0.2, repeated mentions 0.05 less), so a found name keeps its type.
SCORE_COUNTY = 0.1


PlaceHit = Candidate  # a single place in the segmented text's offsets
# Proper beginnings of listed names: only a token that is one can start a split name (红 + 磡).
_GAZETTEER_HEADS = frozenset(w[:n] for w in GAZETTEER for n in range(1, len(w)))


def find_places(text: str, tokens: Sequence[Token]) -> list[PlaceHit]:
    """Landmarks, listed places and places after a locative word, at most one per token."""
    hits: list[PlaceHit] = []
    i, n = 0, len(tokens)
    while i < n:
        word = tokens[i].word
        if is_cjk(word):
            hit = (
                find_facility(text, tokens, i)
                or _landmark(text, tokens, i)
                or _listed(text, tokens, i)
                or _locative(text, tokens, i)
                or cued_place(text, tokens, i)
            )
        else:
            # Speed only (most tokens of a note are digits, Latin or punctuation): every step
            # above but the Latin one needs a Han word (listed places are Han words: a test
            # holds the gazetteers to that), so the others would all return None here.
            hit = latin_place(tokens, i) if word[:1].isascii() else None
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
        if i + k > len(tokens) or tokens[i + k - 1].word[-1:] not in _LANDMARK_LAST:
            continue  # most tokens end in no facility character: checked before any slicing
        parts = tokens[i : i + k]
        word = "".join(t.word for t in parts)
        suffix = _landmark_suffix(word)
        if len(word) <= len(suffix) or not suffix or not is_cjk(word):
            continue
        road = suffix in ROAD_WORDS
        allowed = _ROAD_PART_TAGS if road else _NAME_PART_TAGS
        head = parts[1:-1] if parts[0].word in _COMPASS else parts[:-1]  # 西 + 市场
        if any(t.tag not in allowed for t in head) or _counted(parts[0]):
            continue
        if parts[-1].tag in ("v", "vn", "a", "d", "p", "c", "u", "r") and len(suffix) == 1:
            continue
        if k > 1 and not road and len(parts[-1].word) > len(suffix) == 1:
            if parts[-1].tag not in _OPEN_TAGS:
                continue  # the facility character ends an everyday word (雷米 + 坐镇, 市政府)
        plain = k > 1 and not road and suffix in GENERIC_WORDS and _plain_modifier(parts)
        if word_frequency(word) > COMMON_FREQ or plain:
            continue
        if len(word) == 2 and is_known(word) and parts[0].tag not in (None, "ns"):
            continue  # 山村, 农村: an everyday two-character word
        return PlaceHit(parts[0].start, parts[-1].end, SCORE_LANDMARK)
    return _glued_unit(tokens, i)


def _landmark_suffix(word: str) -> str:
    """The longest landmark word that ends `word`, or ""."""
    for size in _LANDMARK_SIZES:
        if word[-size:] in _LANDMARK_SET:
            return word[-size:]
    return ""


def _glued_unit(tokens: Sequence[Token], i: int) -> PlaceHit | None:
    """An unknown name whose unit the segmenter glued to the next word (南滨+路上, 卡卡+镇有),
    or a one-character name before a unit that its HMM glued to the next character (蒜+村经)."""
    tok = tokens[i]
    if i + 1 >= len(tokens) or not is_cjk(tok.word):
        return None
    nxt = tokens[i + 1]
    if len(nxt.word) < 2 or nxt.word[0] not in _GLUED_UNITS or nxt.start != tok.end:
        return None
    if len(tok.word) >= 2 and tok.tag in (None, "ns", "nrt", "nz"):
        return PlaceHit(tok.start, tok.end + 1, SCORE_LANDMARK)
    if len(tok.word) == 1 and tok.tag in ("n", "ng", None) and nxt.tag is None:
        return PlaceHit(tok.start, tok.end + 1, SCORE_LANDMARK)
    return None


def _counted(tok: Token) -> bool:
    """True for a quantity word (两个, 一片, 第一): 两个酒店 counts hotels; 九号花园 and 四方桥
    name one."""
    word = tok.word
    if tok.tag not in ("m", "mq") or word[0] not in _NUMERALS:
        return False
    return word[0] in "第每几多数半" or word[-1] in _MEASURES or all(c in _NUMERALS for c in word)


def _plain_modifier(parts: Sequence[Token]) -> bool:
    """True when every part before the facility word is an everyday noun (地产 大厦 is fine
    after 金泰, but 研究 中心 alone is no place)."""
    head = parts[:-1]
    return all(t.tag in ("n", "m") and word_frequency(t.word) > COMMON_FREQ for t in head)


def _listed(text: str, tokens: Sequence[Token], i: int) -> PlaceHit | None:
    """A gazetteer place (莫斯科, 凯里; also when split into pieces: 红 + 磡) or a bare county
    name (邹平), not used as a demonym (中国人, 美国队)."""
    tok = tokens[i]
    if tok.word in _GAZETTEER_HEADS:
        for k in (3, 2):
            pieces = tokens[i : i + k]
            word = "".join(t.word for t in pieces)
            if len(pieces) == k and word in GAZETTEER and pieces[-1].end == tok.start + len(word):
                return _unless_demonym(text, PlaceHit(tok.start, pieces[-1].end, SCORE_LISTED))
    if is_gazetteer_place(tok.word):
        return _unless_demonym(text, PlaceHit(tok.start, tok.end, SCORE_LISTED))
    if is_county_stem(tok.word):
        return _unless_demonym(text, PlaceHit(tok.start, tok.end, SCORE_COUNTY))
    return None


def _unless_demonym(text: str, hit: PlaceHit) -> PlaceHit | None:
    """The hit, or None when the words after it make it a side (中国人, 美国队)."""
    return None if text.startswith(DEMONYM_AFTER, hit.end) else hit


def _locative(text: str, tokens: Sequence[Token], i: int) -> PlaceHit | None:
    """An unknown or transliterated name right after a locative word (在伯纳乌, 前往索维拉)."""
    tok = tokens[i]
    if text[tok.start - 1 : tok.start] not in _LOCATIVE_LAST:
        return None
    if not _LOCATIVE.search(text, max(0, tok.start - 3), tok.start):
        return None
    if not is_cjk(tok.word) or len(tok.word) < 2:
        return None
    if not (tok.tag in (None, "ns", "nrt") or is_translit(tok.word)):
        return None
    if word_frequency(tok.word) > COMMON_FREQ or text.startswith(DEMONYM_AFTER, tok.end):
        return None
    return PlaceHit(tok.start, tok.end, SCORE_LOCATIVE)
