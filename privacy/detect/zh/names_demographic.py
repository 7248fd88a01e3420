"""Names of any shape between a patient cue and the patient's sex, age or ethnic group
(患者那日苏，男，47岁; 患者其木格，女，52岁): Mongolian, Tibetan and Uyghur names written in Chinese
characters start with no Han surname, so the surname-led cue rules cannot read them, but a
record's opening line states whose sex and age follow."""

from __future__ import annotations

import re

from privacy.detect.zh.medical_terms import medical_terms_zh
from privacy.detect.zh.names_shape import SCORE_CUED, NameHit
from privacy.detect.zh.segment import is_known

# The cue of a record's subject, the name (2-5 characters), then its sex, age or ethnic group.
_OPENING = re.compile(
    r"(?:患者|病人|患儿|伤者|姓名[:：]?\s?)"
    r"(?P<name>[\u4e00-\u9fff]{2,5})"
    r"(?=[,，、\s]\s?(?:[男女](?:性)?[,，、\s]|[0-9]{1,3}\s?岁|[\u4e00-\u9fff]{1,4}族[,，、\s]))"
)


def demographic_names(text: str) -> list[NameHit]:
    """Names right after a patient cue and right before the patient's sex, age or ethnicity;
    a dictionary word or a medical term there is what the patient has, not who."""
    hits = []
    for m in _OPENING.finditer(text):
        name = m.group("name")
        if is_known(name) or name in medical_terms_zh():
            continue  # 患者神志清，男 does not occur; 患者咳嗽，3岁 would
        hits.append(NameHit(m.start("name"), m.end("name"), SCORE_CUED))
    return hits
