"""Phone numbers in any national or international format, through Google's `phonenumbers`
(as Presidio's PhoneRecognizer): +1 415 555 0132, (415) 555-0132, +44 20 7946 0958, 020 7946
0958 in English text, (95) 94215-7906.

Mainland numbers stay with the CN_MOBILE / CN_LANDLINE recognizers: a number that reads as
Chinese is left to them, so one number gets one type. In text without Han characters a
number valid abroad outranks a Chinese-landline reading of the same digits (020 7946 0958).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import ClassVar

import phonenumbers
from phonenumbers import Leniency

from privacy.detect.entities import PHONE_NUMBER
from privacy.detect.normalize import HAN, NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.recognizers.country_specific.china.cn_mobile import is_cn_mobile
from privacy.detect.spans import Span

# Regions tried for numbers written without a country code in Latin-script text (Presidio's
# eight plus others often seen at Liaoning ports); in Chinese text only "+"/"00" numbers count.
REGIONS = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR", "AU", "RU", "JP", "SG", "PH", "IE")
_BARE = re.compile(r"[0-9]{7,15}")
_NANP = re.compile(r"(?:1[ \-.]?)?[2-9][0-9]{2}[ \-.][2-9][0-9]{2}[ \-.][0-9]{4}")
# Digit groups that can hold a phone number (with a leading "+"/"00"/"(" and an extension).
_WINDOW = re.compile(
    r"(?<![0-9A-Za-z\-/.])(?:\+|\(\+?)?[0-9][0-9 ()\-./]{5,24}[0-9]"
    r"(?:[ ]?(?:x|ext\.?|转)[ ]?[0-9]{1,5})?"
)
_IPV4 = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$")
_SSN_SHAPE = re.compile(r"^[0-9]{3}-[0-9]{2}-[0-9]{4}$")
SCORE_VALID = 0.8
SCORE_POSSIBLE_CUED = 0.6
_GROUPED = re.compile(r"[0-9][ \-.()]+[0-9]")
_DATE = re.compile(
    r"^(?:[0-9]{4}[\-./][0-9]{1,2}[\-./][0-9]{1,2}|[0-9]{1,2}[\-./][0-9]{1,2}[\-./][0-9]{2,4})"
)
SCORE_FOREIGN_IN_LATIN = 0.96  # above any CN_LANDLINE / CN_MOBILE reading (at most 0.95)
CONTEXT_BOOST = 0.15
# phonenumbers compiles its metadata patterns through re.compile; in a scan they fall out of
# re's 512-entry cache between texts (other recognizers' patterns push them out) and were
# recompiled over and over. Keeping them is phonenumbers' own switch; answers are unchanged.
phonenumbers.enable_pattern_cache()


@register
class IntlPhoneRecognizer(BohaiRecognizer):
    """Phone numbers outside mainland China, validated by `phonenumbers` region metadata."""

    ENTITIES: ClassVar[tuple[str, ...]] = (PHONE_NUMBER,)
    PREFILTER: ClassVar[str | None] = r"[0-9][0-9 ()\-.]{5,}[0-9]"
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "phone",
        "tel",
        "telephone",
        "mobile",
        "cell",
        "call",
        "contact",
        "fax",
        "whatsapp",
        "number",
        "电话",
        "手机",
        "联系方式",
        "联系电话",
        "座机",
        "传真",
        "号码",
    )
    CONTEXT_BEFORE: ClassVar[int] = 24

    def find(self, norm: NormalizedText) -> list[Span]:
        """Numbers `phonenumbers` finds valid in some region (not China), scored by script
        and context; each stretch of text is reported once. The matcher only reads the
        digit groups a cheap regex finds (in Chinese text only "+" / "00" numbers)."""
        text = norm.text
        latin = HAN.search(text) is None
        out: list[Span] = []
        taken: list[tuple[int, int]] = []
        for window in _WINDOW.finditer(text):
            if not latin and not window.group().lstrip("( ").startswith(("+", "00")):
                continue
            for rel_start, rel_end, score in _valid_matches(window.group(), latin):
                start, end = window.start() + rel_start, window.start() + rel_end
                if _overlaps(taken, start, end):
                    continue
                cued = self.has_context(norm, start, end)
                if (score < 0 or _BARE.fullmatch(text[start:end])) and not cued:
                    continue  # a bare digit run or a house number / zip code, no phone label
                score = abs(score)
                if cued:
                    score = max(score, min(score + CONTEXT_BOOST, 0.95))
                bisect.insort(taken, (start, end))
                out.append(self.span(norm, start, end, PHONE_NUMBER, score))
        if latin and self._context_re is not None and self._context_re.search(text):
            out.extend(self._possible(norm, taken))
        return out

    def _possible(self, norm: NormalizedText, taken: list[tuple[int, int]]) -> list[Span]:
        """Grouped numbers that are only POSSIBLE somewhere (unassigned ranges, made-up test
        numbers), right after a phone cue in Latin text: a label makes the shape enough."""
        out: list[Span] = []
        for region in REGIONS[:2]:
            matcher = phonenumbers.PhoneNumberMatcher(norm.text, region, leniency=Leniency.POSSIBLE)
            for match in matcher:
                start, end = match.start, match.end
                raw = match.raw_string
                if _overlaps(taken, start, end) or not _GROUPED.search(raw):
                    continue
                if _IPV4.match(raw) or _SSN_SHAPE.match(raw) or _DATE.match(raw):
                    continue
                if not self._context_re.search(norm.text, max(0, start - 32), start):
                    continue
                bisect.insort(taken, (start, end))
                out.append(self.span(norm, start, end, PHONE_NUMBER, SCORE_POSSIBLE_CUED))
        return out


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps one of `taken` (disjoint spans kept sorted: a 1 MB field
    has ~10^4 numbers, and testing each against all was quadratic)."""
    k = bisect.bisect_left(taken, (start, start))
    before = k > 0 and taken[k - 1][1] > start
    return before or (k < len(taken) and taken[k][0] < end)


@lru_cache(maxsize=16384)
def _valid_matches(window: str, latin: bool) -> tuple[tuple[int, int, float], ...]:
    """(start, end, score) of the valid non-mainland numbers in one digit-group window: the
    whole window parsed per region first (cheap), the matcher only for long windows."""
    digits = sum(c.isdigit() for c in window)
    if digits < 7 or _DATE.match(window):
        return ()
    if len(window) < 16 and is_cn_mobile(window):
        return ()  # speed only: _score drops a mainland mobile, and the matcher never runs
    if digits <= 15:
        regions: tuple[str, ...] = ()
        if window.lstrip("(").startswith("+"):
            regions = ("US",)  # the country code decides; the region is only a default
        elif window.startswith("00"):
            regions = ("GB",)  # 00 dials abroad from most of the world (not from the US)
        elif latin:
            regions = REGIONS
        for region in regions:
            try:
                number = phonenumbers.parse(window, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                score = _score(window, number, latin)
                if score is not None and not _dialled_shape(window, region):
                    score = -score  # valid digits in a non-phone layout: needs a cue
                return () if score is None else ((0, len(window), score),)
    if len(window) < 16:
        return ()
    found: list[tuple[int, int, float]] = []
    for region in REGIONS[:2] if latin else REGIONS[:1]:
        for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=Leniency.VALID):
            if any(match.start < e and s < match.end for s, e, _ in found):
                continue
            score = _score(match.raw_string, match.number, latin)
            if score is not None:
                found.append((match.start, match.end, score))
    return tuple(found)


def _dialled_shape(window: str, region: str) -> bool:
    """True when the layout is how people write a phone number: international, a trunk 0 or
    an area code in brackets, or the North American 3-3-4 grouping."""
    if window.lstrip("(").startswith(("+", "0")) or window.startswith("("):
        return True
    if region in ("US", "CA"):
        return _NANP.fullmatch(window) is not None
    return False


def _score(raw: str, number: phonenumbers.PhoneNumber, latin: bool) -> float | None:
    """Score of a valid match, or None when it is a mainland number or another identifier."""
    if number.country_code == 86 or is_cn_mobile(raw):
        return None  # CN_MOBILE / CN_LANDLINE own mainland numbers
    if _IPV4.match(raw) or _SSN_SHAPE.match(raw):
        return None  # IPs and SSNs are other recognizers'
    international = raw.startswith(("+", "00"))
    china = None if international else _china_type(raw)
    if china == phonenumbers.PhoneNumberType.MOBILE:
        return None  # 184 1918 7401: a mainland mobile, CN_MOBILE's
    if not latin:
        return None if china is not None else SCORE_VALID
    return SCORE_FOREIGN_IN_LATIN


@lru_cache(maxsize=8192)
def _china_type(raw: str) -> int | None:
    """The mainland number type when the digits are also a valid mainland number (020 7946
    0958 is a Guangzhou landline too), else None."""
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.number_type(number)
