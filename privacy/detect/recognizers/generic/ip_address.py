"""IPv4 and IPv6 addresses, validated with the standard library's ipaddress parser."""

from __future__ import annotations

import ipaddress
import re
from typing import ClassVar

from privacy.detect.entities import IP_ADDRESS
from privacy.detect.normalize import NormalizedText
from privacy.detect.recognizers.base import BohaiRecognizer, register
from privacy.detect.spans import Span

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4 = re.compile(r"(?<![0-9.])" + _OCTET + r"(?:\." + _OCTET + r"){3}(?!\.?[0-9])")
_IPV6 = re.compile(
    r"(?<![0-9A-Fa-f])(?<!::)(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|"
    + _OCTET
    + r"(?:\."
    + _OCTET
    + r"){3})(?![0-9A-Fa-f:])"
)
# "08:30:00" and "12:05" are clock times, never addresses.
_CLOCK = re.compile(r"[0-9]{1,2}(?::[0-9]{1,2}){1,2}")

SCORE_V4 = 0.6
SCORE_V6 = 0.8
CONTEXT_BOOST = 0.3


@register
class IpAddressRecognizer(BohaiRecognizer):
    """Dotted-quad IPv4 (boosted beside IP/host cues: version numbers look alike) and IPv6."""

    ENTITIES: ClassVar[tuple[str, ...]] = (IP_ADDRESS,)
    PREFILTER: ClassVar[str | None] = (
        r"[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]|[0-9A-Fa-f]?:[0-9A-Fa-f]*:"
    )
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "IP",
        "地址",
        "主机",
        "服务器",
        "网关",
        "host",
        "server",
        "gateway",
        "address",
        "addr",
        "登录",
        "login",
    )

    def find(self, norm: NormalizedText) -> list[Span]:
        """IPv4 quads and parseable IPv6 addresses (clock times excluded)."""
        out: list[Span] = []
        for m in _IPV4.finditer(norm.text):
            score = SCORE_V4 + (CONTEXT_BOOST if self.has_context(norm, *m.span()) else 0)
            out.append(self.span(norm, m.start(), m.end(), IP_ADDRESS, score))
        for m in _IPV6.finditer(norm.text):
            raw, start = m.group(), m.start()
            if raw.startswith(":") and not raw.startswith("::"):
                raw, start = raw[1:], start + 1  # the colon of a label ("IP:"), not the address
            if _CLOCK.fullmatch(raw) or raw.count(":") < 2:
                continue
            try:
                ipaddress.IPv6Address(raw)
            except ValueError:
                continue
            score = SCORE_V6 + (CONTEXT_BOOST if self.has_context(norm, start, m.end()) else 0)
            out.append(self.span(norm, start, m.end(), IP_ADDRESS, score))
        return out
