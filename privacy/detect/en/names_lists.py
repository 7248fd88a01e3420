"""The bundled Latin-script name list (privacy/data/names_en.txt), loaded once, looked up by word.

Each entry says whether a word is a known first name, a known last name, and whether it is
also an English word (common word, or noun), which decides how much evidence it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(slots=True, frozen=True)
class NameEntry:
    """What the list knows about one name (flags from privacy/names_en_build.py)."""

    first: bool
    last: bool
    common: bool  # also a common English word: never a name on its own evidence
    noun: bool  # also an English noun: not a name on its own in lower-case text


@lru_cache(maxsize=1)
def name_table() -> dict[str, NameEntry]:
    """casefolded name -> entry (names spelt differently only in case share one entry)."""
    text = resources.files("privacy.data").joinpath("names_en.txt").read_text(encoding="utf-8")
    table: dict[str, NameEntry] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind, flags = line.split("\t")
        key = name.casefold()
        old = table.get(key)
        entry = NameEntry("F" in kind, "L" in kind, "c" in flags, "n" in flags)
        if old is not None:
            entry = NameEntry(
                old.first or entry.first,
                old.last or entry.last,
                old.common or entry.common,
                old.noun or entry.noun,
            )
        table[key] = entry
    return table


def lookup(word: str) -> NameEntry | None:
    """The entry for `word` (any case), or None when it is not a listed name."""
    return name_table().get(word.casefold())
