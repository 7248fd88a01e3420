"""The text each detected span covers, per input text, from one scanner for the test session."""

from __future__ import annotations

from functools import cache

from privacy.detect.engine import shared_engine
from privacy.detect.scanner import Scanner


@cache
def _scanner() -> Scanner:
    return Scanner(shared_engine())


def found_texts(texts: list[str], lang: str = "auto") -> list[list[str]]:
    """What each text's spans cover, in order ([] for a text with none)."""
    scanned = _scanner().scan(texts, lang)  # type: ignore[arg-type]
    return [[t[s.start : s.end] for s in spans] for t, spans in zip(texts, scanned, strict=True)]
