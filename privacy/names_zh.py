"""Chinese person names from jieba tokens: surnames, dictionary tags, HMM new words and cue words.

No model download: evidence comes from jieba's bundled dictionary (nr/nrfg/nrt tags), its HMM
new-word discovery (unknown names tend to come out as one word), a surname list with the
common compound surnames, characters typical of transliterated foreign names, and context
cues (患者 X, X 先生, 联系人: X ...).
"""

from __future__ import annotations

from collections.abc import Sequence

from privacy.names_zh_cues import cue_hit, cued_names, is_cued
from privacy.names_zh_shape import (
    COMMON_WORD_FREQ,
    CUE_BOOST,
    SCORE_CUED,
    SCORE_DICT_NAME,
    SCORE_NEW_WORD,
    SCORE_SURNAME_PLUS,
    SCORE_TRANSLIT,
    NameHit,
    given_ok,
    is_cjk,
    looks_like_name,
    strong_surname,
    surname_length,
)
from privacy.segment_zh import Token, dictionary_tag, word_frequency

# Characters that make up transliterated foreign names (斯图尔特, 穆里尼奥 ...).
TRANSLIT = frozenset(
    "尔斯拉克特里德夫卡阿布塔巴哈格尼维瓦奥达伊托米普诺洛纳勒莱姆蒂弗萨茨帕塞库曼莫埃贝什菲"
    "迪赫穆耶凯戈朗顿默扎瑟佩韦坎娜涅沃迈努彼妮佐莎罕珀撒厄琳翰亨莉奎夸芙丽亚安森罗西利吉"
    "杰丹乔汉雅艾森林约翰尤娅露玛琪丝蕾柯霍梅波坦兹科索蒙姆"
)


def _translit(word: str) -> bool:
    """True for words made only of transliteration characters (3+ chars, or 2 with no dict use)."""
    return len(word) >= 2 and all(c in TRANSLIT for c in word)


def find_names(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """Name spans in `text` (the segmented string): cue-led runs plus jieba-token evidence."""
    return _merge([*cued_names(text), *_token_names(text, tokens)])


def _merge(hits: list[NameHit]) -> list[NameHit]:
    """Overlapping candidates become their union (recall first), scored by the best of them."""
    out: list[NameHit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and hit.start < out[-1].end:
            last = out[-1]
            out[-1] = NameHit(last.start, max(last.end, hit.end), max(last.score, hit.score))
        else:
            out.append(hit)
    return out


def _token_names(text: str, tokens: Sequence[Token]) -> list[NameHit]:
    """Name spans from the jieba tokens: dictionary names, HMM new words, surname + given."""
    hits: list[NameHit] = []
    n = len(tokens)
    i = 0
    while i < n:
        hit = _token_hit(tokens, i)
        if hit is not None:
            start, end, score, used = hit
            # Transliterated names joined by a middle dot: 西摩尔·霍夫曼.
            j = i + used
            while (
                j + 1 < n
                and tokens[j].word in ("·", ".", "-")
                and _translit(tokens[j + 1].word)
                and score <= SCORE_TRANSLIT + CUE_BOOST
            ):
                end = tokens[j + 1].end
                j += 2
            if is_cued(text, start, end):
                score = max(score + CUE_BOOST, SCORE_CUED)
            hits.append(NameHit(start, end, min(score, 0.95)))
            i = j
            continue
        cued = cue_hit(text, tokens, i)
        if cued is not None:
            hits.append(cued)
            i += 1
            while i < n and tokens[i].start < cued.end:
                i += 1
            continue
        i += 1
    return hits


def _token_hit(tokens: Sequence[Token], i: int) -> tuple[int, int, float, int] | None:
    """(start, end, score, tokens used) when the token at i starts a name, else None."""
    tok = tokens[i]
    word = tok.word
    if not is_cjk(word):
        return None
    if tok.tag in ("nr", "nrfg") and 2 <= len(word) <= 4 and strong_surname(word):
        # jieba tags many everyday words nr (荣誉, 明星, 谢谢): a frequent 2-char word is not
        # taken as a name without a cue.
        if len(word) > 2 or word_frequency(word) <= COMMON_WORD_FREQ:
            return tok.start, tok.end, SCORE_DICT_NAME, 1
    if tok.tag is None and 2 <= len(word) <= 4 and looks_like_name(word):
        given = word[surname_length(word) :]
        if strong_surname(word) and dictionary_tag(given) not in _NOT_NAME_TAGS:
            return tok.start, tok.end, SCORE_NEW_WORD, 1
    if tok.tag in (None, "nrt", "nr") and len(word) >= 3 and _translit(word):
        return tok.start, tok.end, SCORE_TRANSLIT, 1
    # Surname as its own word followed by a short given name the segmenter split off; not
    # after a number, where 周/天/年-like characters are units (1周入院).
    after_number = i > 0 and (tokens[i - 1].word.isdigit() or tokens[i - 1].tag in ("m", "mq"))
    if surname_length(word) == len(word) and i + 1 < len(tokens) and not after_number:
        nxt = tokens[i + 1]
        if given_ok(nxt.word) and nxt.tag not in _NOT_NAME_TAGS and strong_surname(word):
            return tok.start, nxt.end, SCORE_SURNAME_PLUS, 2
    return None


# Dictionary tags of words that do not continue a name (verbs, particles, numbers ...).
_NOT_NAME_TAGS = frozenset(
    "v vd vn vg p c u uj ul uz ud ug uv d r m q mq f t y e o zg x eng k h".split()
)
