"""Names in brackets beside a person reference (8床郑大爷（郑国庆）, 患者（王芳）, 老王（王德发）)
and familiar forms glossed by a role in brackets (小赵（护士）): the bracket says who the
reference is, so both the reference and the bracketed name are masked with certainty."""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.zh.names_cues import CUES_BEFORE
from privacy.detect.zh.names_familiar import familiar_at
from privacy.detect.zh.names_shape import NameHit, dict_name, looks_like_name
from privacy.detect.zh.segment import is_known

SCORE_BRACKETED = 0.9
_BRACKET = re.compile(r"[（(]\s?([\u4e00-\u9fff]{2,5})\s?[)）]")
# A role or kin word opening the bracket after a familiar form (小赵（护士）, 刘师傅（患者丈夫）).
_ROLES = tuple(
    """护士 护工 医生 医师 大夫 患者 病人 家属 丈夫 妻子 爱人 儿子 女儿 母亲 父亲 女婿 儿媳 孙子
    孙女 兄 弟 姐 妹 保姆 陪护 同事 朋友 邻居""".split()
)
_REF_WINDOW = 6


def bracketed_names(text: str, hits: Sequence[NameHit]) -> list[NameHit]:
    """Bracketed names after a person reference, with the reference, and glossed familiar forms."""
    out: list[NameHit] = []
    for m in re.finditer(r"[（(]", text):
        ref = _reference_before(text, m.start(), hits)
        if ref is None:
            continue
        inner = _BRACKET.match(text, m.start())
        if inner and _bracketed_name(inner.group(1)):
            out.append(NameHit(inner.start(1), inner.end(1), SCORE_BRACKETED))
            if ref[0] < ref[1]:
                out.append(NameHit(ref[0], ref[1], SCORE_BRACKETED))
        elif ref[0] < ref[1] and text.startswith(_ROLES, m.end()):
            out.append(NameHit(ref[0], ref[1], SCORE_BRACKETED))  # 小赵（护士）
    return out


def _bracketed_name(word: str) -> bool:
    """A name's shape that is no role, kin or everyday word (（母亲）: 母 is also a surname)."""
    if not looks_like_name(word) or word.startswith(_ROLES):
        return False
    return not is_known(word) or dict_name(word)


def _reference_before(text: str, bracket: int, hits: Sequence[NameHit]) -> tuple[int, int] | None:
    """The person reference ending at the bracket: a found name, a familiar form (an empty span
    for a role word: 患者（王芳） masks only the name), or None."""
    for hit in hits:
        if hit.end == bracket:
            return (hit.start, hit.end)
    for start in range(max(0, bracket - _REF_WINDOW), bracket):
        if familiar_at(text, start, loose=True) == bracket:
            return (start, bracket)
    if text[:bracket].endswith(CUES_BEFORE):
        return (bracket, bracket)
    return None
