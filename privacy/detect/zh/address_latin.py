"""Places written in Latin script inside Chinese text: a Latin name before a facility word
(Hacker基地, metreon购物中心), a Latin word ending or starting in an English place word
(barklystreet, lakebogoria: web text often drops spaces and capitals), the English name
written right after a named lake, park or hall (库兰达雨林kuranda, 会展中心（setec）), and CBD.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.spans import Candidate
from privacy.detect.zh.segment import Token

# Facility words that make the Latin name before them a place (Hacker基地, topaz餐厅).
LATIN_FACILITIES = frozenset(
    """岛 湖 山 河 街 路 港 湾 村 镇 市 区 区域 大道 大街 广场 大厦 中心 购物中心 商场 商城 市场
    酒店 饭店 宾馆 餐厅 公园 花园 机场 车站 码头 基地 体育场 球场 剧院 博物馆 美术馆 购物村 小区
    度假村 海滩 沙滩 大桥""".split()
)
# Latin-script place words written as they are in Chinese text (北京CBD).
LATIN_PLACES = frozenset({"cbd"})
# English words that end a place name (barkly street, daintree river), longest first.
PLACE_SUFFIXES = tuple(
    sorted(
        """street road avenue lane boulevard river lake bay beach island islands park square
        plaza mall market centre center tower hotel resort village town seaport harbour harbor
        hills mountain mountains valley bridge airport garden gardens palace castle cathedral
        falls canyon coast""".split(),
        key=len,
        reverse=True,
    )
)
# English words that start a place name (lake bogoria, mount kenya, port louis).
PLACE_PREFIXES = ("lake", "mount", "port", "saint")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z'\-]{2,40}$")
# Shortest name part left beside the English place word (ebay is no bay).
MIN_NAME = 3
_GLOSS = re.compile(r"^[a-z][a-z'\-]{4,40}$")
SCORE_LATIN = 0.5
SCORE_GLOSS = 0.45


def latin_place(tokens: Sequence[Token], i: int) -> Candidate | None:
    """A Latin place at token i: before a facility word (Oahu岛), shaped like a place name
    (barklystreet), or CBD."""
    tok = tokens[i]
    if not _LATIN.match(tok.word):
        return None
    end = tokens[i + 1].end if _facility_next(tokens, i) else tok.end
    if end > tok.end or is_latin_place_word(tok.word):
        return Candidate(tok.start, end, SCORE_LATIN)
    return None


def is_latin_place_word(word: str) -> bool:
    """True for CBD or a word made of a name and an English place word (daintreeriver)."""
    low = word.lower().replace("-", "")
    if low in LATIN_PLACES:
        return True
    if any(low.endswith(s) and len(low) - len(s) >= MIN_NAME for s in PLACE_SUFFIXES):
        return True
    return any(low.startswith(p) and len(low) - len(p) >= MIN_NAME for p in PLACE_PREFIXES)


def latin_glosses(
    text: str, tokens: Sequence[Token], facilities: Sequence[tuple[int, int]]
) -> list[Candidate]:
    """Lower-case Latin names (5+ letters) right after a facility or landform place, bare or
    in brackets: the place's own name in English (acronyms such as DOTA or CEO are not)."""
    starts = {t.start: t for t in tokens}
    out: list[Candidate] = []
    for _, end in facilities:
        pos = end + 1 if text[end : end + 1] in ("(", "（") else end
        tok = starts.get(pos)
        if tok is not None and _GLOSS.match(tok.word):
            out.append(Candidate(tok.start, tok.end, SCORE_GLOSS))
    return out


def _facility_next(tokens: Sequence[Token], i: int) -> bool:
    """True when token i + 1 is a facility word right after token i."""
    return (
        i + 1 < len(tokens)
        and tokens[i + 1].start == tokens[i].end
        and tokens[i + 1].word in LATIN_FACILITIES
    )
