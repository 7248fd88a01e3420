"""Hospitals and clinics named after their place (大连医科大学附属第一医院, 辽宁省人民医院): the
whole name is one place, masked as clinical de-identification corpora (i2b2) mark HOSPITAL.

A facility starts at a listed place and runs through at most eight name-like tokens (大学, 附属,
第一, 人民, 中医, 妇幼保健) to a health-care facility word; a verb, particle or punctuation on
the way means the words after the place are not its name.
"""

from __future__ import annotations

from collections.abc import Sequence

from privacy.detect.spans import Candidate
from privacy.detect.zh.gazetteer import is_gazetteer_place
from privacy.detect.zh.segment import Token, is_cjk

# Words that end a health-care facility's name, longest first.
FACILITY_WORDS = tuple(
    sorted(
        """医院 卫生院 保健院 妇幼保健院 诊所 门诊部 卫生所 卫生室 疗养院 医学中心 卫生服务中心
        急救中心 血站 防疫站 疾控中心 疾病预防控制中心""".split(),
        key=len,
        reverse=True,
    )
)
MAX_PARTS = 8
# Dictionary tags a part of a facility's name may carry (place, noun, numeral, short forms).
_PART_TAGS = frozenset({None, "ns", "n", "nz", "nt", "m", "j", "b", "a", "vn", "ng", "nr"})
SCORE_FACILITY = 0.5


def _facility_end(word: str) -> bool:
    return any(word.endswith(f) for f in FACILITY_WORDS)


def find_facility(text: str, tokens: Sequence[Token], i: int) -> Candidate | None:
    """tokens[i:j] from a listed place to a facility word, or None."""
    if not is_gazetteer_place(tokens[i].word):
        return None
    for j in range(i + 1, min(len(tokens), i + 1 + MAX_PARTS)):
        tok = tokens[j]
        if tok.start != tokens[j - 1].end or not is_cjk(tok.word):
            return None
        if _facility_end(tok.word):
            return Candidate(tokens[i].start, tok.end, SCORE_FACILITY)
        if tok.tag not in _PART_TAGS:
            return None
    return None
