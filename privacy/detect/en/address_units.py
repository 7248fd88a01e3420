"""Flats written in English before a Chinese place (Room 1702, Building 29, Jinxiu Huating,
Ganjingzi District, Dalian): the unit parts are an address when a district, road or complex
word follows them or an address cue stands before them, and the block runs to that word.

privacy.detect.en.address counts a room or building only beside a street, a box or a ZIP; a
Chinese address in English has none of these, so its flat stayed in clear.
"""

from __future__ import annotations

import re

from privacy.detect.en.address import AddressHit

SCORE_UNITS = 0.7
_UNIT = r"(?:Room|Rm\.?|Flat|Apt\.?|Apartment|Unit|Floor|Building|Bldg\.?|Block|Tower|No\.)"
# One or more units, comma or space separated: "Room 1702, Building 29".
_UNITS = re.compile(
    rf"(?<![\w])(?i:{_UNIT})[ \t]*#?[ \t]*[0-9]{{1,5}}[A-Za-z]?(?![\w])"
    rf"(?:[ \t]*,?[ \t]*(?i:{_UNIT})[ \t]*#?[ \t]*[0-9]{{1,5}}[A-Za-z]?(?![\w]))*"
)
# Words that end a place part of a Chinese address written in Latin letters (pinyin or English).
_PLACE_WORD = (
    r"District|County|Province|City|Town|Township|Village|Road|Rd\.?|Street|St\.?|Avenue|Ave\.?"
    r"|Lu|Jie|Dajie|Xiaoqu|Huayuan|Huating|Jiayuan|Garden|Gardens|Community|Residence|Mansion"
    r"|Plaza|Estate|Apartments"
)
# Up to four "Capitalized words[, ]" parts after the units; the last one ending in a place word.
_PLACES_AFTER = re.compile(
    rf"(?:[ \t]*,[ \t]*(?:[A-Z][a-z]+[ \t]+){{0,3}}[A-Z][a-z]+)*"
    rf"[ \t]*,[ \t]*(?:[A-Z][a-z]+[ \t]+){{0,3}}(?:{_PLACE_WORD})(?![\w])"
)
_CUE_BEFORE = re.compile(
    r"(?i:lives at|living at|resides at|address|addr\.?|住址|地址|住在)[:：]?\s*$"
)
_CUE_WINDOW = 20


def unit_blocks(text: str) -> list[AddressHit]:
    """Unit chains followed by a Chinese place part, or after an address cue."""
    out: list[AddressHit] = []
    for m in _UNITS.finditer(text):
        after = _PLACES_AFTER.match(text, m.end())
        if after is not None:
            out.append(AddressHit(m.start(), after.end(), SCORE_UNITS))
        elif _CUE_BEFORE.search(text, max(0, m.start() - _CUE_WINDOW), m.start()):
            out.append(AddressHit(m.start(), m.end(), SCORE_UNITS))
    return out
