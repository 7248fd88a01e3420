"""Familiar forms of a name said without a role cue (12床老王, 交给小赵, 15床阿强, 老张头): a
bed number or a verb of handing over before them says they name a person, as a cue would.

privacy.detect.zh.names_cues.familiar_names takes 老王 / 小李 only after a role word or before
a title or a verb of saying; shift logs write "8床老王今晨..." and "交给小赵", which it misses.
"""

from __future__ import annotations

import re

from privacy.detect.zh.names_cues import FAMILIAR_WORDS
from privacy.detect.zh.names_shape import NOT_GIVEN, NameHit, dict_name, surname_length
from privacy.detect.zh.segment import is_cjk, is_known, word_frequency

SCORE_FAMILIAR = 0.86
# Kinship and respect words after a surname (郑大爷, 张姐, 刘师傅): a familiar way to name someone.
KIN_AFTER = tuple(
    "大爷 大妈 大娘 大叔 大婶 大伯 大哥 大姐 阿姨 奶奶 爷爷 师傅 姐 哥 叔 姨 婶 伯 嫂 爷".split()
)
# What stands right before a person in a handover: a bed number, or a verb of passing on.
_CONTEXT_BEFORE = re.compile(
    r"[0-9]+床|床号[0-9]+|交给|转给|告知|通知|告诉|嘱咐|嘱|叫|让|请|找|问|陪|协助|帮|"
    r"和|与|同|跟|给|由"
)


def familiar_at(text: str, pos: int, loose: bool = False) -> int | None:
    """End of a familiar form starting at `pos` (老王, 小赵, 阿强, 老张头, 郑大爷), or None;
    `loose` (a role in brackets follows: 小钱（护士）) lets a form that is also a word count."""
    head = text[pos : pos + 1]
    if head in ("老", "小") and surname_length(text[pos + 1 : pos + 2]) == 1:
        end = pos + 2
        if head == "老" and text[end : end + 1] == "头":
            return end + 1  # 老张头
        word = text[pos:end]
        # a longer word (小王子); at the text's end there is none (交给老何)
        longer = end < len(text) and is_known(text[pos : end + 1])
        if word in FAMILIAR_WORDS or longer:
            return None  # 老师, 小时; 小王子: a longer word
        if head == "小" and not loose and is_known(word) and not dict_name(word):
            return None  # 小叶, 小结: a word of its own
        return end
    if head == "阿" and is_cjk(text[pos + 1 : pos + 2]) and text[pos + 1] not in NOT_GIVEN:
        end = pos + 2
        if text[pos:end] in FAMILIAR_WORDS or any(
            is_known(text[pos:k]) and not dict_name(text[pos:k])
            for k in (end, end + 1, end + 2)
            if k <= len(text)
        ):
            return None  # 阿姨, 阿胶, 阿莫西林
        return end
    n = surname_length(text[pos : pos + 2])
    if n and text.startswith(KIN_AFTER, pos + n):
        kin = next(k for k in KIN_AFTER if text.startswith(k, pos + n))
        return pos + n + len(kin)
    return None


def _sentence_goes_on(text: str, end: int) -> bool:
    """True when the form ends where the sentence plainly goes on: punctuation, the text end, a
    grammar character or a dictionary word (阿强夜间; not 阿达木单抗, where 木单 is no word)."""
    if end >= len(text) or not is_cjk(text[end]) or text[end] in NOT_GIVEN:
        return True
    return any(word_frequency(text[end : end + k]) for k in (2, 3, 4) if end + k <= len(text))


def bare_familiar_names(text: str) -> list[NameHit]:
    """Familiar forms after a bed number or a verb of handing over (8床老王, 交给小赵)."""
    hits: list[NameHit] = []
    for m in _CONTEXT_BEFORE.finditer(text):
        pos = m.end()
        end = familiar_at(text, pos)
        if end is not None and _sentence_goes_on(text, end):
            hits.append(NameHit(pos, end, SCORE_FAMILIAR))
    return hits
