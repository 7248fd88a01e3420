"""Foreign names written in Chinese text: transliterations (斯图尔特, 保罗·盖蒂) and Latin names
introduced by a cue (解说MagicYang, 莫亚格林（moyagreene）).

A transliteration is a run of tokens made only of the characters Chinese uses to spell foreign
sounds (the Xinhua transliteration table: 斯/尔/克/特/德/娜 ...). Such runs are also foreign
places and clubs (莫斯科, 阿森纳), so a run is scored: dictionary tag (nrt/nr for people, ns
for places), length, a middle-dot join (a sure sign of a personal name), person context
(主帅, 说) against sports-team context (vs, 主场) and place context (市, 在 ... 举行).
The weights were set by hand on the first 70% of CLUENER and Weibo NER (never the rest),
guided by a logistic regression over the same features; the score is a probability.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.names_cues import context_evidence, cue_after, cue_before
from privacy.detect.zh.names_han import probability
from privacy.detect.zh.names_places import place_context, sports_text, team_context
from privacy.detect.zh.names_shape import NameHit, occurs_twice
from privacy.detect.zh.segment import Token, is_cjk, word_frequency

# Characters of the Xinhua transliteration table (foreign personal names in Chinese).
TRANSLIT = frozenset(
    "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜多厄恩尔法菲费芬"
    "丰弗福盖甘冈戈格根贡古瓜圭哈海汉豪赫亨洪华惠霍基吉加贾杰金卡凯坎康考柯科克肯孔库夸奎"
    "昆拉莱赖兰朗劳勒雷蕾黎里利莉丽连林琳留隆卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米密缪摩莫默姆"
    "穆纳娜奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮平珀普奇恰乔琼丘萨塞桑瑟森沙莎尚绍舍圣施什"
    "史舒斯丝松苏索塔泰坦汤唐陶特滕提廷通图托瓦万旺威韦维温文翁沃乌伍西希锡席夏谢辛休雅"
    "亚扬耶伊因英尤约泽扎詹治朱卓兹佐茨琪娅露柯霍列廉切逊策汀登狄瑞怀斐芙翰夫顿罕撒得当代"
    "乌尤茜黛妃蓓"
)
# Joiners between the parts of a foreign name (normalization folds • and ・ to ·).
JOINERS = "·.-"
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9_\-]{1,30}")
_PAREN_LATIN = re.compile(r"[（(][A-Za-z][A-Za-z .\-]{1,40}[)）]")

WEIGHTS: dict[str, float] = {
    "bias": -0.6,
    "dotted": 2.5,  # parts joined by a middle dot: 保罗·盖蒂
    "tag_nrt": 0.3,
    "tag_nr": 0.2,
    "tag_new": 0.3,  # one token the HMM discovered
    "tag_ns": -1.2,
    "tag_nt": -1.5,
    "tag_nz": -0.3,
    "tag_other": -1.0,
    "pieces": 0.0,  # several tokens: the whole is not a dictionary word
    "plain_pieces": -0.4,  # per piece that is an everyday word
    "log_freq": -0.8,
    "two_chars": -1.0,
    "four_plus": 0.3,
    "cue_before": 2.5,
    "cue_after": 2.0,
    "team": -2.5,
    "place": -2.0,
    "listed_place": -3.0,
    "repeated": 0.0,
    "list_item": 0.7,
    "sports_text": -1.0,  # in a match report a bare run is often a club
}
THRESHOLD = 0.2  # on the probability sigmoid(weighted sum)
_TAG_FEATURE = {"nrt": "tag_nrt", "nr": "tag_nr", None: "tag_new", "ns": "tag_ns"}
_TAG_FEATURE |= {"nt": "tag_nt", "nz": "tag_nz"}
_LIST_SEPARATORS = ",，、;；/"


def is_translit(word: str) -> bool:
    """True for a CJK word made only of transliteration characters."""
    return bool(word) and word[0] in TRANSLIT and all(c in TRANSLIT for c in word)


def foreign_names(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """Transliterated runs (joined across middle dots) whose probability clears THRESHOLD."""
    hits: list[NameHit] = []
    i, n = 0, len(tokens)
    while i < n:
        if not is_translit(tokens[i].word):
            i += 1
            continue
        j, dotted = _run_end(tokens, i)
        start, end = tokens[i].start, tokens[j - 1].end
        if end - start < 2 or len(set(text[start:end])) == 1:  # 金, 哈哈哈哈
            i = j
            continue
        score = run_score(text, tokens[i:j], start, end, dotted)
        if score >= THRESHOLD:
            hits.append(NameHit(start, end, score))
        i = j
    return hits


def _run_end(tokens: Sequence[Token], i: int) -> tuple[int, bool]:
    """Index after the run of transliteration tokens starting at i, and whether a · joined it."""
    j, dotted = i + 1, False
    while j < len(tokens):
        if is_translit(tokens[j].word) and tokens[j].start == tokens[j - 1].end:
            j += 1
        elif (
            tokens[j].word in JOINERS
            and j + 1 < len(tokens)
            and _mostly_translit(tokens[j + 1].word)
        ):
            dotted, j = True, j + 2
        else:
            break
    return j, dotted


def _mostly_translit(word: str) -> bool:
    """True when at least two thirds of a CJK word's characters are transliteration ones."""
    return is_cjk(word) and 3 * sum(c in TRANSLIT for c in word) >= 2 * len(word)


def run_features(
    text: str, run: Sequence[Token], start: int, end: int, dotted: bool
) -> dict[str, float]:
    """Feature values of the transliterated run [start, end) (see WEIGHTS)."""
    f: dict[str, float] = {"bias": 1.0}
    if dotted:
        f["dotted"] = 1.0
    elif len(run) == 1:
        tag = run[0].tag
        f[_TAG_FEATURE.get(tag, "tag_other")] = 1.0
        freq = word_frequency(run[0].word)
        if freq and tag not in ("nrt", "nr"):
            f["log_freq"] = math.log10(freq + 1)
    else:  # several dictionary pieces: the whole is unknown
        f["pieces"] = 1.0
        f["plain_pieces"] = sum(t.tag not in (None, "nrt", "nr") for t in run)
    length = end - start
    f["two_chars"] = float(length == 2)
    f["four_plus"] = float(length >= 4)
    f["cue_before"] = float(cue_before(text, start))
    f["cue_after"] = float(cue_after(text, start, end))
    f["team"] = float(team_context(text, start, end))
    f["sports_text"] = float(sports_text(text) and not (f["cue_before"] or f["cue_after"]))
    f["place"] = float(place_context(text, start, end))
    f["listed_place"] = float(is_gazetteer_place(text[start:end]))
    f["repeated"] = float(occurs_twice(text, text[start:end]))
    f["list_item"] = float(
        (start == 0 or text[start - 1] in _LIST_SEPARATORS)
        and (end == len(text) or text[end] in _LIST_SEPARATORS)
    )
    return f


def run_score(text: str, run: Sequence[Token], start: int, end: int, dotted: bool) -> float:
    """Probability that the transliterated run [start, end) names a person."""
    return probability(run_features(text, run, start, end, dotted), WEIGHTS)


def latin_names(text: str, person_hits: Sequence[NameHit]) -> list[NameHit]:
    """Latin-script names after a person cue (选手xigua) or in brackets after a found name."""
    hits: list[NameHit] = []
    for hit in person_hits:
        paren = _PAREN_LATIN.match(text, hit.end)
        if paren:
            hits.append(NameHit(hit.start, paren.end(), hit.score))
    for m in _LATIN.finditer(text):
        before = text[m.start() - 1 : m.start()]
        if (before.isascii() and (before.isalnum() or before in "/.@")) or text.startswith(
            ("://", ".", "@"), m.end()
        ):
            continue
        if context_evidence(text, m.start(), m.end()) >= 1.0 and not m.group().isupper():
            hits.append(NameHit(m.start(), m.end(), 0.6))
    return hits
