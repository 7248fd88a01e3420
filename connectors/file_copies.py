"""Files of one read that hold the very same bytes: one delivery sent twice under two names."""

from __future__ import annotations

import hashlib
from pathlib import Path


def _digest(path: Path) -> bytes:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").digest()


def file_copies(paths: list[Path]) -> dict[Path, Path]:
    """{later file: first file with the same bytes}; only files of equal size are hashed, so a
    read of files of different sizes (the usual case) costs one stat per file."""
    by_size: dict[int, list[Path]] = {}
    for path in paths:
        by_size.setdefault(path.stat().st_size, []).append(path)
    copies: dict[Path, Path] = {}
    for group in by_size.values():
        if len(group) < 2:
            continue
        first: dict[bytes, Path] = {}
        for path in group:
            key = _digest(path)
            if key in first:
                copies[path] = first[key]
            else:
                first[key] = path
    return copies
