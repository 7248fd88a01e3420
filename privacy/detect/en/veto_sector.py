"""Port and plant text names ships and companies in a person's shape: "MV Ocean Star",
"the tanker under M/T Nordic Grace", "Mitsui Chemicals", or hold a Chinese port city in pinyin
("ETA Yingkou", "agent Penavico Dalian"). They identify no one, so an English PERSON / LOCATION
span that is a ship or a company, and a PERSON holding a port city, is dropped."""

from __future__ import annotations

import re

from privacy.detect.entities import PERSON
from privacy.detect.spans import Span

# A vessel prefix at the start of the span or right before it (motor / steam / fishing vessel,
# motor tanker, LPG / LNG carrier): "MV Ocean Star", "M/T Nordic Grace".
_VESSEL = r"(?:M/?V|M/?T|S/?S|F/?V|LPG/C|LNG/C)"
_VESSEL_START = re.compile(_VESSEL + r"[ \t]+[A-Z]")
# The prefix before the span, maybe with the first words of the name ("MV Pacific | Harmony").
_VESSEL_BEFORE = re.compile(r"\b" + _VESSEL + r"\.?[ \t]{1,2}(?:[A-Z][A-Za-z\-]*[ \t]{1,2}){0,3}$")
# Last words of a company's name: a PERSON ending in one is an employer, not an employee.
COMPANY_TAILS = frozenset(
    "chemicals chemical petrochemical petrochemicals group shipping logistics lines marine "
    "engineering industries holdings corporation corp inc ltd llc plc gmbh co company "
    "refining refinery terminals".split()
)
# Chinese port cities and Liaoning port districts in pinyin: part of no one's name. Pinyin that
# is also a given name (Chaoyang, Xingang, Ningbo, Anshan, Dandong) is left out.
PORT_CITIES = frozenset(
    "dalian yingkou bayuquan panjin jinzhou huludao shenyang fushun liaoyang tieling fuxin "
    "lushun zhuanghe wafangdian dayaowan shahekou ganjingzi qingdao tianjin shanghai xiamen "
    "guangzhou shenzhen yantai rizhao qinhuangdao tangshan caofeidian lianyungang zhoushan".split()
)
_WORDS = re.compile(r"[A-Za-z]+")
_LAST_WORD = re.compile(r"([A-Za-z]+)\.?$")


def vessel_or_company(text: str, span: Span) -> bool:
    """True when the span names a ship (after or with its MV / MT prefix) or a company, or is a
    PERSON holding a Chinese port city."""
    if _VESSEL_START.match(span.text):
        return True
    if _VESSEL_BEFORE.search(text, max(0, span.start - 48), span.start):
        return True
    if span.entity_type == PERSON and any(
        w.lower() in PORT_CITIES for w in _WORDS.findall(span.text)
    ):
        return True
    last = _LAST_WORD.search(span.text)
    return bool(last and " " in span.text.strip() and last.group(1).lower() in COMPANY_TAILS)
