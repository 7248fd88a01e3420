"""Places known by what surrounds them rather than by their own words.

A class noun right before a name (中部城市费卢杰, 小城布鲁日), a word of nearness right after
one (马久邑附近, 江夏郡郊), a name framed by a locative word and an event or stay verb
(在中国电竞馆举行, 在索契会见), and a listed place that the segmenter glued to the next word
(香港电影, 越南战争). Latin-script places are in privacy.detect.zh.address_latin.
"""

from __future__ import annotations

from collections.abc import Sequence

from privacy.detect.spans import Candidate
from privacy.detect.zh.address_latin import latin_place
from privacy.detect.zh.gazetteer import CHINESE_PLACES, is_gazetteer_place
from privacy.detect.zh.segment import Token, dictionary_tag, is_cjk, word_frequency

# Class nouns that introduce the name of a place right after them (城市费卢杰, 小镇仙本那).
CLASS_BEFORE = tuple(
    """城市 小城 古城 名城 首都 首府 省会 都城 港城 港口 城镇 小镇 古镇 村庄 村落 小村 山村 渔村
    国家 王国 地区 州府 郡 县城 乡镇""".split()
)
# Words right after a name that place it (马久邑附近, 美娜多周边, 江夏郡郊, 幸福谷以北).
NEAR_AFTER = tuple(
    """附近 周边 周围 一带 境内 境外 郊区 近郊 郊外 郊 市区 城区 市中心 城郊 沿岸 沿海 沿线
    以北 以南 以东 以西 东部 西部 南部 北部 中部 东北部 西北部 东南部 西南部 地界 当地 地方
    东侧 西侧 南侧 北侧 对面 旁边 脚下 河边 岸边 门口 之间 上空 海域 市内 街头 地区 之行
    的老城区 的老城 的市区 的市中心 的郊区 的街头""".split()
)
# Words that open such a frame (在 X 举行), and words that close it.
FRAME_OPEN = frozenset("在 于 到 赴 来到 前往 抵达".split())
FRAME_CLOSE = tuple(
    """举行 举办 召开 开幕 开业 落成 展出 上演 亮相 居住 生活 定居 工作 就读 出生 长大 登陆 落户
    开设 建成 停留 度假 旅游 游玩 购物 设立 集合 会面 见面 会见 登场 开馆 拍摄 取景 演出
    买房 置业 打工 坠毁 成立""".split()
)
MAX_FRAMED_TOKENS = 3
# Tags that cannot sit inside a framed place (verbs, particles, numbers, times).
_FRAME_STOP_TAGS = frozenset("v vd vg p c u uj ul uz ud ug uv d r y e o x k h q m mq t".split())
_NAME_TAGS = frozenset({None, "ns", "nr", "nrt", "nz", "nrfg"})
# A word this frequent is an everyday word, whatever surrounds it.
COMMON_FREQ = 1000
# A lone framed word this frequent is a common noun (在家里工作 does not name a place).
FRAMED_COMMON_FREQ = 2000
# Tags of a longer word whose head can be a place: not organizations (中国银行 is a bank, nt).
_EMBEDDING_TAGS = frozenset({None, "n", "nz"})
# Tags of the rest of such a word after the place (香港 + 电影, 越南 + 战争).
_GLUED_REST_TAGS = frozenset({"n", "vn", "nz"})
SCORE_CUED = 0.55
SCORE_EMBEDDED = 0.4


def cued_place(text: str, tokens: Sequence[Token], i: int) -> Candidate | None:
    """The place at token i read from its surroundings, or None."""
    word = tokens[i].word
    if word[:1].isascii():
        return latin_place(tokens, i)
    if len(word) < 2:
        return None
    return (
        _after_class(text, tokens, i)
        or _before_near(text, tokens, i)
        or _framed(text, tokens, i)
        or _embedded(tokens, i)
    )


def _name_like(tok: Token) -> bool:
    """A CJK token of 2+ characters that is a name rather than an everyday word."""
    return (
        len(tok.word) >= 2
        and is_cjk(tok.word)
        and tok.tag in _NAME_TAGS
        and word_frequency(tok.word) <= COMMON_FREQ
    )


def _after_class(text: str, tokens: Sequence[Token], i: int) -> Candidate | None:
    """A name right after a class noun (城市费卢杰, 小城布鲁日)."""
    tok = tokens[i]
    if i == 0 or tokens[i - 1].word not in CLASS_BEFORE or not _name_like(tok):
        return None
    return Candidate(tok.start, tok.end, SCORE_CUED)


def _before_near(text: str, tokens: Sequence[Token], i: int) -> Candidate | None:
    """A name right before a word of nearness (马久邑附近, 江夏郡郊)."""
    tok = tokens[i]
    if not _name_like(tok) or not text.startswith(NEAR_AFTER, tok.end):
        return None
    return Candidate(tok.start, tok.end, SCORE_CUED)


def _framed(text: str, tokens: Sequence[Token], i: int) -> Candidate | None:
    """One to three name tokens between a locative word and an event or stay verb."""
    if i == 0 or tokens[i - 1].word not in FRAME_OPEN:
        return None
    for j in range(i, min(i + MAX_FRAMED_TOKENS, len(tokens))):
        tok = tokens[j]
        if not is_cjk(tok.word) or tok.tag in _FRAME_STOP_TAGS:
            return None
        if text.startswith(FRAME_CLOSE, tok.end):
            if j == i and word_frequency(tok.word) > FRAMED_COMMON_FREQ:
                return None
            return Candidate(tokens[i].start, tok.end, SCORE_CUED)
    return None


def _embedded(tokens: Sequence[Token], i: int) -> Candidate | None:
    """A listed place at the head of a longer dictionary word (香港电影, 越南战争), or a Chinese
    city before 人 (济南人: where someone is from; 法国人 is a nationality, not a place)."""
    word = tokens[i].word
    if word.endswith("人") and word[:-1] in CHINESE_PLACES:
        return Candidate(tokens[i].start, tokens[i].end - 1, SCORE_EMBEDDED)
    if len(word) < 4 or tokens[i].tag not in _EMBEDDING_TAGS or not is_cjk(word):
        return None
    for cut in range(min(len(word) - 2, 5), 1, -1):
        head, rest = word[:cut], word[cut:]
        if is_gazetteer_place(head) and _plain_word(rest) and not rest.endswith("报"):
            return Candidate(tokens[i].start, tokens[i].start + cut, SCORE_EMBEDDED)
    return None


def _plain_word(word: str) -> bool:
    """True for an everyday noun (电影, 战争) that can follow a place inside one token."""
    return len(word) >= 2 and dictionary_tag(word) in _GLUED_REST_TAGS
