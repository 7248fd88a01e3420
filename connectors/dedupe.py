"""Exact duplicate records within one partition: the first is kept, later copies are quarantined.

Only a 16-byte digest of each record is remembered, never its text, so a partition of millions
of records costs tens of bytes per record. The key is the raw record text as read (plus a scope
such as the table name), so two records differing in any byte are never duplicates.
"""

from __future__ import annotations

import hashlib

DUPLICATE = "duplicate_record"


def digest(text: str | bytes, scope: str = "") -> bytes:
    """A 16-byte digest of one record's raw text within a scope (e.g. its table)."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    h = hashlib.blake2b(data, digest_size=16)
    h.update(b"\x00" + scope.encode("utf-8"))
    return h.digest()


class Deduper:
    """Remembers record digests; `seen` says whether an exact copy came earlier."""

    def __init__(self) -> None:
        self._seen: dict[bytes, tuple[str, int]] = {}

    def seen(self, text: str | bytes, where: tuple[str, int], scope: str = "") -> str | None:
        """Quarantine detail naming the kept copy when this record came before; else None.

        `where` is (file, line) of this record, remembered when it is the first copy.
        """
        key = digest(text, scope)
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = (where[0], where[1])
            return None
        return f"exact copy of {first[0]} line {first[1]} (first copy kept)"

    def __len__(self) -> int:
        """Distinct records seen."""
        return len(self._seen)
