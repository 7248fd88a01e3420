"""Content hashes: per-file sha256 and the release id derived from them."""

from __future__ import annotations

import hashlib
from pathlib import Path

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks so large files stay out of memory."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def release_id(entries: dict[str, str]) -> str:
    """Hash over the sorted `path sha256` lines: the same data files give the same id."""
    lines = "".join(f"{path}\t{entries[path]}\n" for path in sorted(entries))
    return hashlib.sha256(lines.encode()).hexdigest()
