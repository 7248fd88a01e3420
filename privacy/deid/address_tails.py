"""The unmasked rest of an address a detected span stops short of: complexes, buildings, rooms.

A detector that masks "辽宁省大连市中山区山水" of "辽宁省大连市中山区山水人家26栋1单元601室" leaves
"<ADDRESS>人家26栋1单元601室" in the released text: the building, unit and room of a home. The
same patterns tell the annotation push guard that a placeholder still has such a tail
(annotation.guard); the scan policy extends address and place spans over them instead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.spans import Span

HAN = r"[\u4e00-\u9fff]"
UNIT = r"(?:号楼|号院|号|栋|幢|单元|室|层|楼|座|弄|巷|组)"
COMPLEX = r"(?:小区|花园|公寓|大厦|家园|新村|华庭|华府|苑|广场|社区)"
# Public service numbers (police, fire, ambulance, traffic, the citizens' hotline): "第一医院120
# 急救" names a service after a place, not a room of it.
SERVICE = r"(?:110|119|120|122|12345)(?![0-9０-９])"
# What follows a placeholder when only the start of an address was masked: a complex name,
# a building/unit/room number, three or more bare digits (not a date, a count or a service
# number), or an English unit ("<ADDRESS> Apt 5B").
TAIL = re.compile(
    rf"{HAN}{{0,10}}?{COMPLEX}|{HAN}{{0,10}}?[0-9０-９一二三四五六七八九十百]+\s*{UNIT}"
    rf"|(?P<digits>(?!{SERVICE})[0-9０-９]{{3,}}(?![0-9０-９]*[年月日号天岁个家]))"
    r"|,?\s{0,3}(?:apt|apartment|suite|unit|room|flat|floor|bldg|building|no|#)\.?\s*\d",
    re.IGNORECASE,
)
GLUED = re.compile(r"[^<\s，。；：！？、,.;:!?()（）]*")
# After bare digits only a room's own suffix is glued ("601-2", "1203B"), not the next word.
GLUED_DIGITS = re.compile(r"[-－#A-Za-z0-9０-９]*")
PLACE_ENTITIES = frozenset({"ADDRESS", "LOCATION"})  # spans whose tail is the rest of a place


def tail_end(text: str, at: int) -> int | None:
    """Where an address-like tail starting exactly at `at` ends (with the text glued to it)."""
    tail = TAIL.match(text, at)
    if tail is None:
        return None
    glued = GLUED_DIGITS if tail.group("digits") else GLUED
    rest = glued.match(text, tail.end())
    return rest.end() if rest else tail.end()


def extend_over_tails(text: str, spans: Sequence[Span]) -> list[Span]:
    """Address and place spans stretched over the tail that follows them, repeated until none
    follows (a tail may run into the next span, which it then joins)."""
    out = []
    for span in spans:
        end = span.end
        if span.entity_type in PLACE_ENTITIES:
            while (stop := tail_end(text, end)) is not None and stop > end:
                end = stop
        out.append(span if end == span.end else Span(
            span.start, end, span.entity_type, span.score, text[span.start : end]
        ))  # fmt: skip
    return out
