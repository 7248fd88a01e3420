"""E-mail addresses, with the top-level domain checked offline against a bundled suffix list."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

import tldextract

from privacy.detect.entities import EMAIL_ADDRESS
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)

SCORE_KNOWN_TLD = 0.9
SCORE_UNKNOWN_TLD = 0.5


@lru_cache(maxsize=1)
def offline_tld_extractor() -> tldextract.TLDExtract:
    """A TLDExtract that only ever reads the public suffix snapshot bundled with tldextract.

    The default `tldextract.extract` downloads the list on first use; with no URLs and no
    cache directory it falls back to the snapshot and never opens a socket.
    """
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@register
class BohaiEmailRecognizer(BohaiRecognizer):
    """Addresses with a known public suffix score high; others (intranet domains) still count."""

    ENTITIES: ClassVar[tuple[str, ...]] = (EMAIL_ADDRESS,)
    PREFILTER: ClassVar[str | None] = r"@"

    def find(self, norm: NormalizedText) -> list[Span]:
        """Each address, scored by whether its suffix is a real public suffix."""
        out: list[Span] = []
        for m in _EMAIL.finditer(norm.text):
            domain = m.group().rsplit("@", 1)[1]
            known = bool(offline_tld_extractor()(domain).suffix)
            score = SCORE_KNOWN_TLD if known else SCORE_UNKNOWN_TLD
            out.append(self.span(norm, m.start(), m.end(), EMAIL_ADDRESS, score))
        return out
