"""Names joined by a middle dot (艾力·买买提, 努尔艾力·阿不都克里木, 那仁·其其格, 爱新觉罗·恒山)
masked whole: a reading that reaches the dot from either side, or a dotted run right after a role
cue, grows over every dotted part, since each part alone names the person half-way.

Normalization folds •, ・, ‧ and ∙ to ·; the full-width dot (．) and 。 both become ".", so a
"." joins only a name already found on its left to a part that does not start a new sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.names_cues import cue_before
from privacy.detect.zh.names_shape import NameHit
from privacy.detect.zh.segment import dictionary_tag, is_cjk, word_frequency

DOTS = "·・•‧∙⋅･"
FULL_STOP = "."  # 。 and the full-width dot ． after normalization
SCORE_DOTTED = 0.9
MAX_PART = 6  # 阿不都热合曼: the longest Uyghur given names
# Characters that end a dotted part: grammar words, verbs of the sentence, kin and role words.
_STOP = frozenset(
    "的了是在和与或及就也还被把将从对向给为以于而但却说等这个们我你他她有没很已曾再请让"
    "由签字男女岁床号兄弟姐妹夫妻儿子父母亲系即来去到住患诊电话者人员属"
)
# Tags of words that carry the sentence on (verbs, time words, adverbs, prepositions).
_SENTENCE_TAGS = frozenset({"v", "vn", "vd", "t", "d", "p", "c", "m", "f"})
# A two-character word seen more often than this after a "." starts a new sentence.
_SENTENCE_WORD_FREQ = 150


def dotted_names(text: str, hits: Sequence[NameHit]) -> list[NameHit]:
    """Dotted names grown from the found readings they touch or from a cue before them."""
    out: list[NameHit] = []
    pool = list(hits)
    for pos, ch in enumerate(text):
        if ch not in DOTS and ch != FULL_STOP:
            continue
        left = _left_part(text, pos)
        right = _right_part(text, pos + 1)
        if left == pos or right == pos + 1:
            continue
        touching = [h for h in pool if h.start < right and left < h.end]
        if ch == FULL_STOP and not _joins_sentence(text, pos, right, touching):
            continue
        if _is_place(text[left:pos]) or _is_place(text[pos + 1 : right]):
            continue  # 中国·大连: a place banner, not a person
        if touching:
            start = min(_start(text, left, h) for h in touching)
            score = max(SCORE_DOTTED, *(h.score for h in touching))
            hit = NameHit(start, max(right, *(h.end for h in touching)), score)
        elif ch != FULL_STOP and cue_before(text, left):
            hit = NameHit(left, right, SCORE_DOTTED)
        else:
            continue
        out.append(hit)
        pool.append(hit)
    return _chain(out)


def _start(text: str, left: int, hit: NameHit) -> int:
    """Where a dotted name touching `hit` starts: the reading's own start when a cue stands
    right before it (母亲巴特尔·...), else the start of the part before the dot."""
    if left < hit.start and cue_before(text, hit.start):
        return hit.start
    return min(left, hit.start)


def _left_part(text: str, dot: int) -> int:
    """Start of the Chinese part ending at the dot (walks left over name characters)."""
    i = dot
    while i > 0 and dot - i < MAX_PART and is_cjk(text[i - 1]) and text[i - 1] not in _STOP:
        i -= 1
    return i


def _right_part(text: str, start: int) -> int:
    """End of the Chinese part starting after the dot: it stops at a grammar or kin character
    or where an everyday word begins (买买提今日来院: 今日)."""
    i = start
    while i < len(text) and i - start < MAX_PART and is_cjk(text[i]) and text[i] not in _STOP:
        if i > start and _everyday_word(text[i : i + 2]):
            break
        i += 1
    return i


def _everyday_word(word: str) -> bool:
    """True for a frequent two-character verb, time word or adverb (今日, 签字, 同意)."""
    return word_frequency(word) > _SENTENCE_WORD_FREQ and dictionary_tag(word) in _SENTENCE_TAGS


def _joins_sentence(text: str, dot: int, right: int, touching: Sequence[NameHit]) -> bool:
    """A "." joins two name parts only after a found name and before no sentence-opening word."""
    if not any(h.end == dot for h in touching):
        return False
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
