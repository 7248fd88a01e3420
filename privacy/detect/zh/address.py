"""Chinese addresses from jieba tokens: chains of place names and administrative / street units.

A chain such as 辽宁省 大连市 中山区 人民路 88号 3栋 2单元 501室 is an ADDRESS; a lone place
name (大连, 美国) is only a LOCATION, reported with a lower score. Place words are tokens the
dictionary tags ns, or tokens ending in a unit suffix (省/市/区/县/镇/乡/村/路/街/巷/...);
house-number parts (88号, 3栋, 501室) are matched by a regex after the chain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from privacy.detect.zh.address_extend import extend
from privacy.detect.zh.address_latin import latin_glosses
from privacy.detect.zh.address_places import DEMONYM_AFTER, LANDMARK_WORDS, PlaceHit, find_places
from privacy.detect.zh.address_tokens import resplit
from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.segment import Token, is_cjk

# Administrative and street units, longest first so 自治区 wins over 区.
UNIT_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "开发区",
    "工业园",
    "产业园",
    "保税区",
    "示范区",
    "经济区",
    "街道",
    "社区",
    "小区",
    "花园",
    "大厦",
    "大道",
    "胡同",
    "新区",
    "新村",
    "家园",
    "公寓",
    "广场",
    "园区",
    "码头",
    "港区",
    "地区",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "州",
    "镇",
    "乡",
    "村",
    "屯",
    "路",
    "街",
    "巷",
    "弄",
    "道",
    "苑",
    "庄",
    "里",
)
# Suffixes that only count on a word of 3+ characters (道, 里, 州, 庄 end many ordinary words).
_WEAK_SUFFIXES = frozenset({"道", "里", "州", "庄", "苑", "区", "市", "街", "路"})
# Common words ending in a unit suffix that are not places.
_NOT_PLACES = frozenset(
    "城市 都市 超市 上市 市场 地区 小区 社区 景区 郊区 城区 误区 禁区 专区 地区 园区 灾区 "
    "山区 片区 辖区 校区 军区 赛区 东区 西区 南区 北区 街道 渠道 频道 知道 报道 轨道 通道 "
    "管道 味道 难道 一道 道路 马路 公路 铁路 线路 电路 思路 出路 网路 套路 路线 领导 镇定 "
    "乡村 农村 邻里 这里 那里 哪里 心里 家里 公里 千里 里面 县城 省份 全省 全市 全县 本市 "
    "本省 外省 外地 本地 当地 各地 大街 上街 逛街 街头 街坊 广场 花园 公寓 大厦 码头 港区 "
    "全区 本区 该区 该市 该县 该镇 该村 我市 我省 我区 我县 村民 市民 省内 市内 区内".split()
)
# House-number tail: 88号, 3栋2单元501室, 12号楼, 5-2-301, 第3组.
_TAIL = re.compile(
    r"(?:\s?(?:第?[0-9０-９一二三四五六七八九十百零〇甲乙丙丁A-Za-z]+(?:[\-—][0-9A-Za-z]+)*"
    r"(?:号楼|号院|号(?!泊位|线|床|机|炉|罐|塔|泵|仓|舱|位|车|窗|台)|栋|幢|座|单元|室|楼|层|组|弄|门|期"
    r"|排|户|巷|路|街|段))|(?:[0-9]+(?:-[0-9]+){1,3}))+"
)

SCORE_FULL = 0.85
SCORE_TWO_LEVELS = 0.75
SCORE_PLACE = 0.4
# An unknown word of 3+ characters ending in a unit (饶埠乡, 劳拉路) names a place more surely
# than a person reading of it does.
SCORE_UNIT_NAME = 0.65
_NAME_UNITS = frozenset("省县镇乡村屯路")


@dataclass(slots=True, frozen=True)
class AddressHit:
    """An address (or lone place name) in the segmented text's offsets."""

    start: int
    end: int
    score: float
    full: bool  # True: a multi-part address; False: one place name (a LOCATION)


def is_place_token(tok: Token) -> bool:
    """True for a place name (ns) or a word ending in an administrative / street unit."""
    return _is_place(tok.word, tok.tag)


@lru_cache(maxsize=65536)
def _is_place(word: str, tag: str | None) -> bool:
    """is_place_token on (word, tag), memoized: the same words recur across texts."""
    if not is_cjk(word) or word in _NOT_PLACES:
        return False
    if tag == "ns" or is_gazetteer_place(word):
        return True
    for suffix in UNIT_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            if suffix in _WEAK_SUFFIXES and len(word) < 3 and tag is not None:
                return False
            return tag in (None, "ns", "nz", "nt", "n", "nr", "nrt", "s") or len(word) >= 3
    return False


# Tags of words that cannot sit inside an address (verbs, prepositions, particles ...).
_STOP_TAGS = frozenset("v vd vg p c u uj ul uz ud ug uv d r y e o x k h q mq t".split())
_STOP_CHARS = frozenset(
    "的了是在和与或及就都也还被把将从对向给为以于而但却说等这那些个们我你他她它"
)
_UNIT_RE = "|".join(UNIT_SUFFIXES)
_PART = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{1,7}?(?:" + _UNIT_RE + ")")


def find_addresses(text: str, tokens: Sequence[Token]) -> list[AddressHit]:
    """Address chains and lone place names in `text` from its jieba tokens."""
    tokens = resplit(tokens)
    starts = {t.start: k for k, t in enumerate(tokens)}
    hits: list[AddressHit] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        # A chain starts at a Han word (is_place_token and _starts_street say no to any other).
        if not is_cjk(tok.word) or not (is_place_token(tok) or _starts_street(text, tokens, i)):
            i += 1
            continue
        pos, parts, tailed = tok.start, 0, False
        while True:
            nxt = _next_part(text, tokens, pos, starts)
            if nxt is None:
                break
            pos, is_tail = nxt
            parts += 1
            tailed = tailed or is_tail
        if parts == 0:
            i += 1
            continue
        end = pos
        if parts >= 3 or (parts >= 2 and tailed):
            hits.append(AddressHit(tok.start, end, SCORE_FULL, True))
        elif parts >= 2:
            hits.append(AddressHit(tok.start, end, SCORE_TWO_LEVELS, True))
        elif not text.startswith(DEMONYM_AFTER, end):
            hits.append(AddressHit(tok.start, end, _lone_score(tok, end), False))
        while i < n and tokens[i].start < end:
            i += 1
    out = _with_places(hits, find_places(text, tokens))
    named = [(h.start, h.end) for h in out if text[h.start : h.end].endswith(LANDMARK_WORDS)]
    return extend(text, _with_places(out, latin_glosses(text, tokens, named)))


def _lone_score(tok: Token, end: int) -> float:
    """Score of a single-part place: higher for an unknown name that ends in its unit."""
    if tok.tag is None and end == tok.end and len(tok.word) >= 3 and tok.word[-1] in _NAME_UNITS:
        return SCORE_UNIT_NAME
    return SCORE_PLACE


def _with_places(hits: list[AddressHit], places: Sequence[PlaceHit]) -> list[AddressHit]:
    """Chains and lone places, plus landmarks / listed / locative places no chain covers; a
    place that holds a lone place name replaces it (泰坦尼克 + 餐厅 is one place)."""
    out = list(hits)
    for place in places:
        overlapping = [h for h in out if h.start < place.end and place.start < h.end]
        if any(h.full or h.start < place.start or h.end > place.end for h in overlapping):
            continue
        out = [h for h in out if h not in overlapping]
        score = max([place.score, *(h.score for h in overlapping)])
        out.append(AddressHit(place.start, place.end, score, False))
    return sorted(out, key=lambda h: h.start)


def _next_part(
    text: str, tokens: Sequence[Token], pos: int, starts: dict[int, int]
) -> tuple[int, bool] | None:
    """(end, is_house_number) of the address part starting at `pos`, or None."""
    k = starts.get(pos)
    if k is not None and is_place_token(tokens[k]):
        end = tokens[k].end
        # A place token may be followed by its unit split off (大连 + 市).
        if k + 1 < len(tokens) and tokens[k + 1].word in UNIT_SUFFIXES:
            end = tokens[k + 1].end
        return end, False
    tail = _TAIL.match(text, pos)
    if tail and tail.end() > pos:
        return tail.end(), True
    part = _PART.match(text, pos)
    if part is None or any(c in _STOP_CHARS for c in part.group()):
        return None
    if k is None:
        return None
    # The part must cover whole tokens or end inside the unit token, with no verb-like tokens.
    j = k
    while j < len(tokens) and tokens[j].start < part.end():
        if tokens[j].tag in _STOP_TAGS and tokens[j].word not in UNIT_SUFFIXES:
            return None
        j += 1
    return part.end(), False


def _starts_street(text: str, tokens: Sequence[Token], i: int) -> bool:
    """True when token i starts a street-level part followed by a house number (人民路88号)."""
    tok = tokens[i]
    if not is_cjk(tok.word) or tok.tag in _STOP_TAGS:
        return False
    part = _PART.match(text, tok.start)
    if part is None or any(c in _STOP_CHARS for c in part.group()):
        return False
    tail = _TAIL.match(text, part.end())
    return bool(tail and tail.end() > part.end())
