"""Content hashes: per-file sha256 and the release id derived from them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

CHUNK = 1 << 20


def sha256_stream(stream: IO[bytes]) -> str:
    """Hex sha256 of an open binary stream, read in chunks."""
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks so large files stay out of memory."""
    with Path(path).open("rb") as fh:
        return sha256_stream(fh)


def copy_hashed(source: Path, target: Path) -> str:
    """Copy a file in the kernel while a second thread hashes the source; the hex sha256 of
    the copy, at about the wall time of the slower of the two (reading once and writing each
    chunk from Python costs more than it saves). The raw stage and the release both copy so.

    The source's hash stands for the copy only when the source stayed the same file (inode)
    with the same size, mtime and change time throughout and the copy has that size; otherwise
    (a feed still being written, or replaced or rewritten by a tool that keeps the mtime, as
    rsync -t does) the copy itself is hashed.
    """
    before = Path(source).stat()
    with ThreadPoolExecutor(1, thread_name_prefix="sha256") as pool:
        hashed = pool.submit(sha256_file, source)
        try:
            shutil.copyfile(source, target)
        finally:
            digest = hashed.result()
    after, copied = Path(source).stat(), Path(target).stat()
    same = _identity(before) == _identity(after)
    return digest if same and copied.st_size == after.st_size else sha256_file(target)


def _identity(stat: os.stat_result) -> tuple[int, ...]:
    """What changes when a file's bytes may have: its inode, size, mtime and change time (the
    ctime, which no tool can set back)."""
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of bytes in memory."""
    return hashlib.sha256(data).hexdigest()


def release_id(entries: dict[str, str]) -> str:
    """Hash over the sorted `path sha256` lines: the same data files give the same id."""
    lines = "".join(f"{path}\t{entries[path]}\n" for path in sorted(entries))
    return hashlib.sha256(lines.encode()).hexdigest()


def canonical_json(value: Any) -> bytes:
    """Stable JSON bytes (sorted keys, no spacing) for fingerprints."""
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")
