"""Staff named by surname and title (刘医生, 陈主任, 欧阳护士): the surname with its title names
one person on a ward, so the whole "surname + title" is masked; a title with no surname before
it (主任医师查房, 医生建议) is left alone."""

from __future__ import annotations

import re

from privacy.detect.zh.names_shape import NOT_GIVEN, NameHit, surname_length
from privacy.detect.zh.segment import is_cjk, is_known

SCORE_STAFF = 0.86
TITLES = tuple("护士长 医生 医师 大夫 主任 护士 院长 教授 药师 技师".split())
# Where a surname may start: after a non-Chinese character or one of these words (交给陈主任,
# 请刘医生会诊, 通知王护士); inside a Chinese run (主管医生, 内科主任) the character before the
# title belongs to another word.
_BEFORE = re.compile(
    r"(?:交给|转给|通知|告知|报告|汇报|联系|请示|请|找|问|给|由|和|与|同|跟|及|经|被|让|叫|是|为|"
    r"的|医师|医生|护士|主任)$"
)
_TITLE_RE = re.compile("|".join(TITLES))


def staff_names(text: str) -> list[NameHit]:
    """Surname + title spans standing where a person's name can start."""
    hits: list[NameHit] = []
    for m in _TITLE_RE.finditer(text):
        for n in (2, 1):
            start = m.start() - n
            if start < 0 or surname_length(text[start : m.start()]) != n:
                continue
            if n == 1 and text[start] in NOT_GIVEN:
                continue  # 向医生咨询, 由医生决定: a preposition, not a surname
            if start > 0 and is_cjk(text[start - 1]) and not _BEFORE.search(text, 0, start):
                continue
            if is_known(text[start : m.end()]):
                continue  # 班主任, 主任: a word, not a surname with a title
            hits.append(NameHit(start, m.end(), SCORE_STAFF))
            break
    return hits
