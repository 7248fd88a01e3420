"""Latin-script street addresses: parts (street, unit, box, postal code) chained into blocks.

Each part pattern is anchored on something address-specific (a street-type word, a unit
designator, a box keyword, a state + ZIP); a postal code only counts next to such a part or
after a "City, ST" pair, so a bare 5-digit number in running text is never flagged. Parts
separated by a short gap (a comma, a line break, a city or country line) become one block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A word of a street or place name: any letters (accented too), inner ' . - allowed.
_W = r"[^\W\d_](?:[\w'’\-]*[^\W_])?\.?"
_CAP = r"[^\W\d_a-z](?:[\w'’\-]*[^\W_])?\.?"
# House / building numbers: 1-6 digits, an optional letter or range ("12a", "12-14").
_NUM = r"[0-9]{1,6}(?:[A-Za-z](?![\w]))?(?:-[0-9]{1,4})?\.?"
# A number that starts a part: no trailing dot, so "HR 82. Seen by" does not run on.
_LEAD = r"[0-9]{1,6}(?:[A-Za-z](?![\w]))?(?:-[0-9]{1,4})?"
_SP = r"[ \t]+"
_NAME = rf"(?:{_W}{_SP}){{0,3}}"
# Lower-case words inside Romance street names ("Rua do Arenque", "Rue de la Paix").
_PARTICLE = r"(?:de|do|da|dos|das|del|della|delle|di|des|du|la|le|les|d['’]\w+)(?![\w])"

_STREET_TYPES = (
    "street|st|str|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl"
    "|terrace|ter|parkway|pkwy|highway|hwy|square|sq|circle|cir|crescent|cres|close|row|walk"
    "|alley|trail|trl|loop|grove|gardens|gdns|mews|hill|heights|park|plaza|turnpike|tpke"
    "|expressway|freeway|pike|path|green|greens|view|vista|ridge|point|creek|crossing|xing"
    "|estates|islands|island|flats|forks|cliffs|meadows|manor|fields|harbor|harbour|route"
)
# Leading street words (Romance, Slavic, Nordic...): "Via Roma 131", "Rue de Tanger".
_PREFIX_TYPES = (
    "c/|via|viale|vicolo|piazza|piazzetta|corso|largo|strada|contrada|rua|rúa|travessa|praça|praca"
    "|avenida|avda|calle|carrer|camino|carretera|paseo|plaza|ronda|rue|avenue"
    "|boulevard|bd|chemin|allée|allee|impasse|quai|route|place|cours|ul|ulica|ulitsa|aleja"
    "|náměstí|namesti|trg|ulice|utca|odos|leoforos|quadra"
)
# Street words ending a compound ("Harjukuja", "Ringvej") or standing alone ("Trenerys gate").
_SUFFIXES = (
    "strasse|straße|straat|strase|straeti|stræde|gasse|gässli|weg|vej|vejen|vägen|vagen"
    "|väg|gatan|gata|gate|gaten|katu|tie|kuja|polku|kaari|väylä|laan|lei|plein|gracht|kade"
    "|dreef|singel|veien|vegen|vegur|braut|stígur|gränd|allee|platz|damm|ufer|bakken|torget"
    "|stien|utca|ulica|ská"
)

_STREET_US = (
    rf"(?:{_LEAD}{_SP}){{1,2}}{_NAME}(?!(?:Dr|Mr|Mrs|Ms|Prof)\.){_CAP}{_SP}"
    rf"(?i:{_STREET_TYPES})\b"
    r"(?<![Dd]r(?=\.?[ \t]+[A-Z][a-z]))\.?"
)
# "29 Rue de Tanger" (number first) or "Via Roma 131" (capitalized street word, number last).
_STREET_PREFIX = (
    rf"(?:{_LEAD}{_SP}){{1,2}}(?i:{_PREFIX_TYPES})\b\.?(?:{_SP}(?:{_CAP}|{_PARTICLE})){{1,5}}"
    rf"|(?:{_LEAD}{_SP}){{0,2}}(?:(?=[^\W\d_a-z])(?i:{_PREFIX_TYPES})\b\.?|ul\.|al\.|[Cc]/)"
    rf"(?:{_SP}{_W}){{1,5}}{_SP}{_NUM}(?![0-9])"
)
# "Hoge Wei 32 St.", "Grössgstötten 50 street": the street word after the number.
_STREET_AFTER = (
    rf"{_CAP}(?:{_SP}{_W}){{0,2}}{_SP}{_NUM}{_SP}(?i:st|street|str|rd|road|ave|avenue)\b\.?"
)
# "the corner of Kuusiku 7 and Alexander Flat".
_CORNER = (
    rf"(?i:the corner of){_SP}(?:[\w.'’\-]+{_SP}){{1,5}}and(?:{_SP}[^\W\d_a-z][\w'’\-]*){{1,3}}"
)
# Street words that stand alone after a name ("Trenerys gate 232", "Király u. 15.").
_STANDALONE = (
    r"u\.|út|útja|utca|tér|tee|gate|gata|gatan|vej|vei|veien|väg|vägen|strasse|straße|str\."
    r"|straat|weg|laan"
)
# "Harjukuja 54", "Brucker Bundesstrasse 31", "255 hersnapvej 18" (lower case after a number).
_STREET_SUFFIX = (
    rf"(?:{_LEAD}{_SP})?(?:{_CAP}{_SP}){{0,2}}"
    rf"(?=[^\W\d_]+{_SP}[0-9])[^\W\d_a-z][^\W\d_]*(?i:{_SUFFIXES}){_SP}{_NUM}(?![0-9])"
    rf"|(?:{_LEAD}{_SP})?(?:{_CAP}{_SP}){{1,2}}(?i:{_STANDALONE}){_SP}{_NUM}(?![0-9])"
    rf"|{_LEAD}{_SP}(?=[^\W\d_]+{_SP}[0-9])[^\W\d_]+(?i:{_SUFFIXES}){_SP}{_NUM}(?![0-9])"
)
# "5049 Harjukuja 54", "28030 Edeby 55": number, capitalized name, number. The name words
# must hold a lower-case letter: all-caps words between numbers are codes and units
# ("200 ACTUAT Albuterol 0.09 MG" in a drug description).
_TITLE = r"[^\W\d_a-z](?=[\w'’\-]*[a-zß-ÿ])(?:[\w'’\-]*[^\W_])?\.?"
_STREET_BARE = rf"{_LEAD}{_SP}(?:{_TITLE}{_SP}){{1,3}}[0-9]{{1,5}}"
_UNIT = (
    r"(?i:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|bldg|building)\b\.?[ \t]*#?[ \t]*"
    r"[0-9]{1,5}[A-Za-z]?\b"
)
_BOX = (
    r"(?i:(?:[0-9]{1,6}[ \t]+)?"
    r"(?:(?:P\.?[ ]?O\.?|Post(?:al)?[ ]?Office)[ ]?Box|Postbox|Postfach|Apartado|Caixa Postal)"
    r"[ \t]*#?[ \t]*[0-9]{1,6}\b"
    r"|(?:PSC|Unit|CMR)[ \t]+[0-9]{1,5},?[ \t]+Box[ \t]+[0-9]{1,5}\b"
    r"|(?:(?:USNS|USNV|USS|USCGC)[ \t]+" + _W + r"[ \t]*\n?[ \t]*)?[AFD]PO[ \t]+A[AEP]"
    r"(?:[ \t]+[0-9]{5}\b)?)"
)
_ZIP = r"[0-9]{5}(?:-[0-9]{4})?|[0-9]{3} [0-9]{2}|[0-9]{4}|[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]"
# "Springfield, IL 62704": city, two-letter state, ZIP.
_CITY_STATE_ZIP = rf"{_CAP}(?:{_SP}{_CAP}){{0,2}},[ \t]*[A-Z]{{2}}[ \t]+[0-9]{{5}}(?:-[0-9]{{4}})?"

_MONTHS = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)

# Not glued to a Latin word, a digit or a dot; a Han character may come right before
# (住址89 Main Street).
_NOT_GLUED = r"(?<![^\W\u3400-\u9fff\uf900-\ufaff]|\.)"
# Speed only: a part starts at a Han character only as the first letter of a word that a
# space, comma or dot ends (city-state-ZIP, suffix and after parts); any other Han position is
# rejected by one possessive scan of its run, instead of three backtracking attempts at every
# character of a long Chinese run (same matches, ~1/3 less time on Chinese notes).
_HAN_CHARS = r"\u3400-\u9fff\uf900-\ufaff"
_HAN_CANNOT_START = rf"(?![{_HAN_CHARS}](?![\w'’\-]*+\.?[ \t,]))"
# Speed only: a part that starts with a digit starts with a house number and a space or tab
# (_LEAD _SP, or a box's number); an ID or phone number is rejected by this one test instead
# of a backtracking attempt of every alternative.
_DIGIT_LEAD = r"(?=[^\W\d]|[0-9]{1,6}(?:[A-Za-z](?![\w]))?(?:-[0-9]{1,4})?[ \t])"
_ALTERNATIVES = (
    rf"(?:(?P<box>{_BOX})|(?P<csz>{_CITY_STATE_ZIP})|(?P<street>{_STREET_US})"
    rf"|(?P<prefix>{_STREET_PREFIX})|(?P<suffix>{_STREET_SUFFIX})|(?P<unit>{_UNIT})"
    rf"|(?P<after>{_STREET_AFTER})|(?P<corner>{_CORNER})|(?P<bare>{_STREET_BARE}))(?![\w])"
)
_PART = re.compile(rf"{_NOT_GLUED}{_DIGIT_LEAD}{_HAN_CANNOT_START}{_ALTERNATIVES}")
# Speed only: the parts that can start at a Han character (city-state-ZIP, suffix, after) need
# the Han word to run up to a space or tab, or to a comma before a two-letter state (dot
# allowed). _part_matches tries _PART only at the Han positions of such words and finds the
# other matches with _PART_NOT_HAN, which rejects every Han position at once (the possessive
# scan of _HAN_CANNOT_START still cost ~2 us per Han character of a Chinese note).
_HAN_WORD_OPEN = re.compile(
    rf"(?<![\w'’\-])(?=[\w'’\-]*?[{_HAN_CHARS}])[\w'’\-]++\.?(?:[ \t]|,[ \t]*[A-Z]{{2}}[ \t])"
)
_HAN_START = re.compile(rf"{_NOT_GLUED}[{_HAN_CHARS}]")
_HAN_ANY = re.compile(rf"[{_HAN_CHARS}]")
_PART_NOT_HAN = re.compile(rf"{_NOT_GLUED}{_DIGIT_LEAD}(?![{_HAN_CHARS}]){_ALTERNATIVES}")
# What may sit between two parts of one block: separators and up to three short place lines.
_GAP = re.compile(rf"[\s,;>|?]*(?:\(?{_W}(?:{_SP}\(?{_W}\)?){{0,3}}[\s,;>|?]+){{0,3}}")
_TRAILING_ZIP = re.compile(rf"(?:{_ZIP})(?![\w])")
MAX_GAP = 60

SCORE = {
    "box": 0.75,
    "csz": 0.6,
    "street": 0.6,
    "prefix": 0.55,
    "suffix": 0.55,
    "after": 0.5,
    "corner": 0.5,
    "unit": 0.5,
    "bare": 0.4,
}
CHAIN_BONUS = 0.1
# A chain never outranks identifiers and cued names (0.9), so it cannot swallow one.
MAX_CHAIN_SCORE = 0.8
# Rooms, floors, units and buildings are also places inside a plant or a hospital (Unit 3 is
# a process unit, Room 5 a ward): only part of an address next to another part.
_WEAK_UNIT = re.compile(r"(?i)(?:room|rm|floor|fl|unit|bldg|building)\b")


@dataclass(slots=True, frozen=True)
class AddressHit:
    """One address block found in text: [start, end) and a score."""

    start: int
    end: int
    score: float


def _part_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_PART.finditer(text)`, trying Han positions only where a part can start."""
    han = (
        [
            m.start()
            for word in _HAN_WORD_OPEN.finditer(text)
            for m in _HAN_START.finditer(text, word.start(), word.end())
        ]
        if _HAN_ANY.search(text)
        else []
    )
    if not han:
        yield from _PART_NOT_HAN.finditer(text)
        return
    pos, k = 0, 0
    while True:
        other = _PART_NOT_HAN.search(text, pos)
        limit = other.start() if other is not None else len(text)
        found = None
        while k < len(han) and han[k] < limit:
            if han[k] >= pos and (found := _PART.match(text, han[k])) is not None:
                break
            k += 1
        m = found or other
        if m is None:
            return
        yield m
        pos = m.end()


def _parts(text: str) -> list[tuple[int, int, float]]:
    """Each single address part (street, unit, box, city-state-ZIP) with its own score."""
    out: list[tuple[int, int, float]] = []
    for m in _part_matches(text):
        kind = m.lastgroup or "bare"
        if kind in ("bare", "prefix", "suffix", "after") and _MONTHS.search(m.group()):
            continue
        weak = kind == "bare" or (kind == "unit" and _WEAK_UNIT.match(m.group()))
        if weak and not _near_part(text, m):
            continue  # "Tank 3 Level 45", "Unit 3": an address only beside another part
        out.append((m.start(), m.end(), SCORE[kind]))
    return out


def _near_part(text: str, m: re.Match[str]) -> bool:
    """True when a strong address part (a street, box or city-state-ZIP) stands close by."""
    window = text[max(0, m.start() - MAX_GAP) : m.start()] + " " + text[m.end() : m.end() + MAX_GAP]
    kinds = (x.lastgroup for x in _part_matches(window))
    return any(k not in ("unit", "bare", None) for k in kinds)


def find_street_addresses(text: str) -> list[AddressHit]:
    """Address blocks: adjacent parts merged, a postal code appended when it follows closely."""
    hits: list[AddressHit] = []
    for start, end, score in _parts(text):
        last = hits[-1] if hits else None
        if last is not None and start >= last.end and _joins(text, last.end, start):
            merged = min(max(last.score, score) + CHAIN_BONUS, MAX_CHAIN_SCORE)
            hits[-1] = AddressHit(last.start, max(end, last.end), merged)
        elif last is None or start >= last.end:
            hits.append(AddressHit(start, end, score))
    return [_with_zip(text, h) for h in hits]


def _joins(text: str, gap_start: int, gap_end: int) -> bool:
    """True when the text between two parts is only separators and short place lines."""
    if gap_end - gap_start > MAX_GAP:
        return False
    m = _GAP.match(text, gap_start, gap_end)
    return m is not None and m.end() == gap_end


def _with_zip(text: str, hit: AddressHit) -> AddressHit:
    """Extend a block over a postal code that follows it after a short gap (city, country)."""
    gap = _GAP.match(text, hit.end, min(len(text), hit.end + MAX_GAP))
    if gap is None:
        return hit
    m = _TRAILING_ZIP.match(text, gap.end())
    return AddressHit(hit.start, m.end(), hit.score) if m else hit
