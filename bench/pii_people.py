"""Which PERSON spans in the clinical over-masking corpora name a real person, by rule.

Textbook sentences (CMeEE) do name people: authors in reference lists, researchers credited
with a finding, a chapter's author. Masking them is no over-masking, so bench/pii_clinical.py
reports them apart. The rules read only the span's surroundings (no list of names or sentences):
  citation    the text is a reference list (参考文献, 出版社, 杂志, 学报, et al, Journal) and the
              span is followed by a list separator (，, . 等) that is not "，year" (a journal);
  researcher  a year (1859, 90年代) within 20 characters before or after in the same sentence,
              "等" (et al.) within 12 characters after in the same clause, or a title (学者, 教授)
              right before;
  credit      a Chinese span alone in brackets: a chapter or table author, （许春娣）; a Latin
              word alone in brackets is a gloss or a place, Lorraine（France）, never a person.
A span followed by "，year" is a journal (EarlyHumDev，1998), never a person. A span no rule
marks counts as false, whatever it is.
"""

from __future__ import annotations

import re

from privacy.detect.entities import PERSON
from privacy.detect.normalize import HAN

_REFERENCE_LIST = re.compile(r"参考文献|出版社|杂志|学报|\bet al\b|Journal", re.IGNORECASE)
# A separator after an author; "/" is the word boundary of pre-segmented text (黄/绍良/./).
_LIST_SEPARATOR = re.compile(r"/?(?:[，,．.]|等)")
_JOURNAL_YEAR = re.compile(r"[，,]\s*(?:1[5-9]|20)\d\d")
_YEAR = re.compile(r"(?<![0-9])(?:1[5-9]\d\d|20\d\d|[1-9]0年代)")
_ET_AL = re.compile(r"[^，。,;；、]{0,11}等")
_TITLE_BEFORE = re.compile(r"(?:学者|教授|专家|博士|医师|医生)\s*$")
_SENTENCE_END = "。！？；\n"
WINDOW = 12
YEAR_WINDOW = 20


def real_person(text: str, entity_type: str, start: int, end: int) -> str | None:
    """The rule that marks text[start:end] as a real person's name, or None."""
    if entity_type != PERSON:
        return None
    bracketed = start > 0 and text[start - 1] in "（(" and text[end : end + 1] in ("）", ")")
    if bracketed:
        return "credit" if HAN.search(text, start, end) else None  # （France）: a Latin gloss
    if _JOURNAL_YEAR.match(text, end):
        return None  # EarlyHumDev，1998: a journal before its year
    if _REFERENCE_LIST.search(text.replace("/", "")) and _LIST_SEPARATOR.match(text, end):
        return "citation"
    before = text[max(0, start - YEAR_WINDOW) : start]
    before = before[max(before.rfind(c) for c in _SENTENCE_END) + 1 :]
    after = text[end : end + YEAR_WINDOW]
    after = after[: min((after.find(c) for c in _SENTENCE_END if c in after), default=len(after))]
    if _YEAR.search(before) or _YEAR.search(after) or _ET_AL.match(text, end, end + WINDOW):
        return "researcher"
    return "researcher" if _TITLE_BEFORE.search(before) else None
