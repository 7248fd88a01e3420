"""Unicode normalization for matching (NFKC + dash/dot folding) with a map back to original offsets.

Recognizers match on the normalized text (full-width digits become ASCII, '：' becomes ':') but
every span they report must point into the text the user gave us. NFKC can change length
('ﬁ' -> 'fi', '㎡' -> 'm2', '㍿' -> '株式会社'), so we normalize character by character and, when
the length changed, record for every normalized character the original character it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters NFKC leaves alone but that mean the same thing for identifiers: dashes and
# middle dots used as separators in phone numbers and vehicle plates. One char -> one char.
_FOLD = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u30fc": "-",
        "\u2022": "·",
        "\u30fb": "·",
        "\u2027": "·",
        "\u2219": "·",
        "\u3002": ".",
        "\u3001": ",",
        "\u3000": " ",
    }
)


@dataclass(slots=True, frozen=True)
class NormalizedText:
    """A normalized text plus per-character links back to the original string."""

    original: str
    text: str
    # starts[j] / ends[j]: original [start, end) of the chunk that produced normalized char j.
    # None means the identity mapping (normalization did not change length anywhere).
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized [start, end) span to the smallest original span covering it."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """Map an original [start, end) span to the normalized span produced by its chunks."""
        if self.starts is None or self.ends is None:
            return start, end
        n_start = next((j for j, e in enumerate(self.ends) if e > start), len(self.starts))
        n_end = next((j for j in range(len(self.starts) - 1, -1, -1) if self.starts[j] < end), -1)
        return n_start, max(n_start, n_end + 1)


# Invisible format characters dropped from the matching text: a zero-width space, joiner or
# soft hyphen typed or pasted inside 138\u200b0411\u200b2233 must not hide the number.
ZERO_WIDTH = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")


class _CharTable(dict[int, str]):
    """str.translate table filled on demand: code point -> NFKC form plus separator folding
    (zero-width characters -> nothing)."""

    def __missing__(self, key: int) -> str:
        if chr(key) in ZERO_WIDTH:
            value = ""
        else:
            value = unicodedata.normalize("NFKC", chr(key)).translate(_FOLD) or chr(key)
        self[key] = value
        return value


_TABLE = _CharTable()


def normalize(text: str) -> NormalizedText:
    """Normalize `text` character by character for matching, keeping the offset map.

    Each character is replaced by its own NFKC form (combining sequences are not composed,
    which keeps the map simple and does not matter for identifiers). Only zero-width characters
    normalize to nothing, so without them an unchanged length means every position maps to
    itself; a span over a dropped character maps back over it (138<ZWSP>0411... whole).
    """
    if text.isascii():
        return NormalizedText(text, text)
    normalized = text.translate(_TABLE)
    if len(normalized) == len(text) and not _ZERO_WIDTH_RE.search(text):
        return NormalizedText(text, normalized)
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _expanding().finditer(text):
        i = m.start()
        starts.extend(range(pos, i))  # the unchanged run before: one to one
        ends.extend(range(pos + 1, i + 1))
        width = len(_TABLE[ord(m.group())])
        starts.extend([i] * width)
        ends.extend([i + 1] * width)
        pos = i + 1
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return NormalizedText(text, normalized, tuple(starts), tuple(ends))


@lru_cache(maxsize=1)
def _expanding() -> re.Pattern[str]:
    """Characters whose normalized form may not be one character: every such BMP character
    (found once, ~0.1 s) and all astral ones (their width is looked up per match)."""
    chars = [
        chr(c) for c in range(0x80, 0x10000) if not 0xD800 <= c <= 0xDFFF and len(_TABLE[c]) != 1
    ]
    body = "".join(re.escape(ch) for ch in chars)
    return re.compile(f"[{body}\U00010000-\U0010ffff]")


# CJK ideographs (extension A and the unified block): what marks text as Chinese here.
HAN_RANGE = "\u3400-\u4dbf\u4e00-\u9fff"
HAN = re.compile(f"[{HAN_RANGE}]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with lone surrogates (from JSON escapes) replaced by U+FFFD, offsets unchanged.

    spaCy hashes every token as UTF-8 and raises on a lone surrogate; one bad character must
    not stop detection in the rest of the text.
    """
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


@lru_cache(maxsize=256)
def normalize_cached(text: str) -> NormalizedText:
    """normalize() memoized: several recognizers look at the same text in one analyze call."""
    return normalize(text)
