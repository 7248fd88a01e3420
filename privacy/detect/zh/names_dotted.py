"""Names joined by a middle dot (艾力·买买提, 努尔艾力·阿不都克里木, 那仁·其其格, 爱新觉罗·恒山)
masked whole: a reading that reaches the dot from either side, or a dotted run right after a role
cue, grows over every dotted part, since each part alone names the person half-way.

Normalization folds •, ・, ‧ and ∙ to ·; the full-width dot (．) and 。 both become ".", so a
"." joins only a name already found on its left to a part that does not start a new sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.names_cues import AFTER_NAME, CUES_AFTER, TITLES_BEFORE, cue_before
from privacy.detect.zh.names_foreign import TRANSLIT
from privacy.detect.zh.names_shape import NameHit
from privacy.detect.zh.segment import dictionary_tag, is_cjk, word_frequency

DOTS = "·・•‧∙⋅･"
FULL_STOP = "."  # 。 and the full-width dot ． after normalization
_DOT_AT = re.compile("[" + re.escape(DOTS + FULL_STOP) + "]")
SCORE_DOTTED = 0.9
MAX_PART = 6  # 阿不都热合曼: the longest Uyghur given names
# Characters that end a dotted part: grammar words, verbs of the sentence, kin and role words.
_STOP = frozenset(
    "的了是在和与或及就也还被把将从对向给为以于而但却说等这个们我你他她有没很已曾再请让"
    "由签字男女岁床号兄弟姐妹夫妻儿子父母亲系即来去到住患诊者人员属"
)
# Kin and role characters before a name's first part (其兄, 丈夫, 患者).
_KIN = frozenset("兄弟姐妹夫妻父母亲者属")
# A label's colon before the first part (登记：艾力·买买提): the part runs from it to the dot.
_LABEL_END = frozenset("：:")
_TRANSLIT_SHARE = 0.4  # 艾力·买买提: 艾 力 提 of five characters
# Titles and verbs of saying after a name end its last part (阿夏克·罗伊博士表示).
_AFTER = (*AFTER_NAME, *CUES_AFTER, *TITLES_BEFORE)
# Tags of words that carry the sentence on (verbs, time words, adverbs, prepositions).
_SENTENCE_TAGS = frozenset({"v", "vn", "vd", "t", "d", "p", "c", "m", "f"})
# A two-character word seen more often than this after a "." starts a new sentence.
_SENTENCE_WORD_FREQ = 150
_NOUN_FREQ = 300


def dotted_names(text: str, hits: Sequence[NameHit]) -> list[NameHit]:
    """Dotted names grown from the found readings they touch or from a cue before them."""
    out: list[NameHit] = []
    pool = list(hits)
    for m in _DOT_AT.finditer(text):
        pos, ch = m.start(), m.group()
        left, right = _left_part(text, pos), _right_part(text, pos + 1)
        if left == pos or right == pos + 1:
            continue
        if _is_place(text[left:pos]) or _is_place(text[pos + 1 : right]):
            continue  # 中国·大连: a place banner, not a person
        # Readings that reach the dot; one that spans it decides over ones that only touch it.
        touching = [h for h in pool if h.start <= pos + 1 and pos <= h.end and left < h.end]
        touching = [h for h in touching if h.start < pos < h.end] or touching
        if ch == FULL_STOP and not _joins_sentence(text, pos, right, touching):
            continue
        anchored = _anchored(text, left) or _labelled(text, left, pos, right)
        if touching:
            start = min(left if anchored else h.start for h in touching)
            after = [h.end for h in touching if h.start > pos]
            end = (
                max(after) if after else max(_end(text, pos, right, h, anchored) for h in touching)
            )
            hit = NameHit(start, end, max(SCORE_DOTTED, *(h.score for h in touching)))
        elif ch != FULL_STOP and anchored:
            hit = NameHit(left, right, SCORE_DOTTED)
        else:
            continue
        out.append(hit)
        pool.append(hit)
    return _chain(out)


def _anchored(text: str, left: int) -> bool:
    """True when the part before the dot starts right after a cue or a kin word (患者, 其兄):
    then the whole part is the name's first part, whatever a reading cut off."""
    return cue_before(text, left) or (left > 0 and text[left - 1] in _KIN)


def _labelled(text: str, left: int, dot: int, right: int) -> bool:
    """True when the dotted run follows a label's colon and both parts sound transliterated
    (登记：艾力·买买提), unlike a title after its label (标题：春节·团圆)."""
    if left == 0 or text[left - 1] not in _LABEL_END:
        return False
    first, second = text[left:dot], text[dot + 1 : right]
    sounds = [sum(c in TRANSLIT for c in part) for part in (first, second)]
    return all(sounds) and sum(sounds) >= _TRANSLIT_SHARE * (len(first) + len(second))


def _end(text: str, dot: int, right: int, hit: NameHit, anchored: bool) -> int:
    """Where the dotted name touching `hit` ends: over the part after the dot when the reading
    stops at the dot (艾力·买买提) or was led by a cue (患者努尔艾力·阿不 -> ·阿不都克里木);
    otherwise the reading's own end (文森·艾尔斯律师事务: the reading knew better)."""
    if hit.end <= dot or (hit.start < dot and (anchored or cue_before(text, hit.start))):
        return max(right, hit.end)
    return hit.end


def _left_part(text: str, dot: int) -> int:
    """Start of the Chinese part ending at the dot (walks left over name characters)."""
    i = dot
    while i > 0 and dot - i < MAX_PART and is_cjk(text[i - 1]) and text[i - 1] not in _STOP:
        i -= 1
    return i


def _right_part(text: str, start: int) -> int:
    """End of the Chinese part starting after the dot: it stops at a grammar or kin character,
    a title or verb of saying (博士, 表示, 执导) or an everyday verb or time word (今日)."""
    i = start
    while i < len(text) and i - start < MAX_PART and is_cjk(text[i]) and text[i] not in _STOP:
        if i > start and (text.startswith(_AFTER, i) or _everyday_word(text[i : i + 2])):
            break
        i += 1
    return i


def _everyday_word(word: str) -> bool:
    """True for a frequent two-character verb, time word or adverb (今日, 签字, 同意) or a
    common noun (童话, 电话; 不力 of 阿不力孜, seen 252 times, is no stop)."""
    freq, tag = word_frequency(word), dictionary_tag(word)
    return (freq > _SENTENCE_WORD_FREQ and tag in _SENTENCE_TAGS) or (
        tag == "n" and freq >= _NOUN_FREQ
    )


def _joins_sentence(text: str, dot: int, right: int, touching: Sequence[NameHit]) -> bool:
    """A "." joins two name parts only after a found name and before no sentence-opening word."""
    if not any(h.end == dot for h in touching):
        return False
    if right < len(text) and is_cjk(text[right]) and text[right] not in _STOP:
        return False  # 江载芳.诸福棠实用儿科学: the run goes on as a sentence
    return right - dot > 2 and word_frequency(text[dot + 1 : dot + 3]) <= _SENTENCE_WORD_FREQ


def _is_place(part: str) -> bool:
    """True when a dotted part is a listed place (中国·大连, 辽宁·沈阳)."""
    return len(part) >= 2 and is_gazetteer_place(part)


def _chain(hits: list[NameHit]) -> list[NameHit]:
    """Hits over consecutive dots of one name (阿卜杜拉·艾买提·吐尔逊) joined into one."""
    out: list[NameHit] = []
    for hit in sorted(hits, key=lambda h: h.start):
        if out and hit.start <= out[-1].end:
            last = out[-1]
            out[-1] = NameHit(last.start, max(last.end, hit.end), max(last.score, hit.score))
        else:
            out.append(hit)
    return out
