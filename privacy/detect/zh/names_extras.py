"""The Latin gloss after a Chinese-text name (阿特金森（martinatkinson）) names the same person:
it belongs to the name span."""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.detect.zh.names_shape import NameHit

# A bracketed Latin gloss right after a name.
_GLOSS = re.compile(r"[（(]([A-Za-z][A-Za-z .'\-]{1,40})[)）]")


def with_glosses(text: str, hits: Sequence[NameHit]) -> list[NameHit]:
    """Hits grown over a bracketed Latin gloss that follows them directly."""
    out: list[NameHit] = []
    for hit in hits:
        m = _GLOSS.match(text, hit.end)
        out.append(NameHit(hit.start, m.end(), hit.score) if m else hit)
    return out
