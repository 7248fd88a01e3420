"""Which Chinese place names stay in the clear: states and above identify nobody (Safe Harbor).

HIPAA's Safe Harbor list (45 CFR 164.514(b)(2)(i)(B)) removes "all geographic subdivisions
smaller than a State"; a state, a country or a continent may stay. The Chinese equivalent of a
state is a province-level unit: 34 provinces, autonomous regions, municipalities directly under
the central government (北京, 上海, 天津, 重庆) and SARs. So a bare 美国, 欧洲, 广东省 or
北京 (a province-level municipality) in medical text is no identifier and is not masked, and
neither is a chain of them (美国俄亥俄州, 英国苏格兰). A city (昆明, 多伦多) is smaller than a
state: Safe Harbor removes it, so it stays masked (CITIES_IN_CLEAR = False; see the report
for both measurements). Anything with a street, road or house number is an address and is
never touched here.
"""

from __future__ import annotations

import re

from privacy.detect.zh.gazetteer import COUNTRIES, PROVINCES, TRADITIONAL, is_gazetteer_place
from privacy.detect.zh.segment import is_cjk, tokenize_cached

# Safe Harbor keeps states and above; set True to let lone cities through as well.
CITIES_IN_CLEAR = False
CONTINENTS = frozenset(
    "亚洲 欧洲 非洲 美洲 北美 南美 北美洲 南美洲 大洋洲 拉美 拉丁美洲 中东 东南亚 东亚 南亚 西亚 "
    "中亚 北欧 南欧 东欧 西欧 中欧 西方 东方 全球 世界 亚太 欧美 新英格兰".split()
)
# First-level parts of countries that are written as their own names (UK nations, US states
# and Canadian / Australian provinces commonly written without 州 / 省).
STATES_ABROAD = frozenset(
    "英格兰 苏格兰 威尔士 北爱尔兰 加州 加利福尼亚 德州 德克萨斯 佛罗里达 纽约州 夏威夷 阿拉斯加 "
    "魁北克 安大略 不列颠哥伦比亚 阿尔伯塔 昆士兰 新南威尔士 塔斯马尼亚 维多利亚州 巴伐利亚".split()
)
_TRAD_CITIES = ("臺北", "東京", "紐約", "倫敦", "廣州")
_TRAD_STATES = frozenset(w for w in TRADITIONAL if w not in _TRAD_CITIES)
STATE_LEVEL = COUNTRIES | PROVINCES | CONTINENTS | STATES_ABROAD | _TRAD_STATES
# Unit suffixes of a state-level name (广东省, 广西壮族自治区, 北京市, 香港特别行政区).
_STATE_UNIT = re.compile(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
# Regions written with a collective head (欧美国家, 亚太地区, 发展中国家 aside).
_REGION_HEAD = re.compile(r"(?:国家|地区|各国|诸国)$")
# A foreign state written as name + 州 (俄亥俄州, 密歇根州), only after a foreign country.
_FOREIGN_STATE = re.compile(r"[\u4e00-\u9fff]{2,5}州")
_LONGEST = max(len(w) for w in STATE_LEVEL) + 5
# Tags of a word that names something (unknown words are mostly names): after a state it makes
# a smaller place (北京 + 大观园 ns, 北京 + 翰海 unknown).
_NAME_TAGS = frozenset({None, "ns", "nr", "nrt", "nz", "nt"})
# A facility or a house number after the next word (夏威夷 + 水岸 + 1号).
_FACILITY_WORDS = tuple("0123456789０１２３４５６７８９") + ("号", "花园", "小区", "大厦", "广场")


def state_level(word: str) -> bool:
    """True for a country, continent, world region or province-level name (with its unit)."""
    if word in STATE_LEVEL:
        return True
    base = _STATE_UNIT.sub("", word)
    if base != word and base in STATE_LEVEL:
        return True
    head = _REGION_HEAD.sub("", word)
    return head != word and head in STATE_LEVEL


def states_only(text: str) -> bool:
    """True when `text` is a chain of state-level names only (美国俄亥俄州, 英国苏格兰, 广东省);
    a city, district or street anywhere in it makes it False."""
    pos, after_foreign = 0, False
    while pos < len(text):
        for end in range(min(len(text), pos + _LONGEST), pos, -1):
            piece = text[pos:end]
            if state_level(piece):
                after_foreign = piece in COUNTRIES and piece != "中国"
                pos = end
                break
            if after_foreign and _FOREIGN_STATE.fullmatch(piece):
                after_foreign, pos = False, end
                break
        else:
            return False
    return True


def in_the_clear(text: str) -> bool:
    """True when a place name alone may stay unmasked under the chosen policy."""
    if states_only(text):
        return True
    return CITIES_IN_CLEAR and is_gazetteer_place(text)


def continues_place(text: str, end: int) -> bool:
    """True when the word after a place is itself a name (北京 + 大观园, 美国加州 + 阿纳海姆,
    夏威夷 + 水岸1号): the place is the head of a smaller one the recognizers did not join, so
    it is no state standing alone. A word the segmenter glued across `end` counts too."""
    if end >= len(text) or not "\u4e00" <= text[end] <= "\u9fff":
        return False
    for tok in tokenize_cached(text):
        if tok.start == end:
            if len(tok.word) < 2 or not is_cjk(tok.word):
                return False
            return tok.tag in _NAME_TAGS or text.startswith(_FACILITY_WORDS, tok.end)
        if tok.start < end < tok.end:
            return True
    return False
