"""A work file's sha256 is computed once for the same bytes and again once the file changes."""

from __future__ import annotations

import os
from pathlib import Path

from pipelines.file_versions import work_file_sha256
from releases.hashing import sha256_file


def test_hash_is_reused_until_the_file_is_rewritten(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "t.parquet"
    path.write_bytes(b"first")
    calls: list[Path] = []
    import pipelines.file_versions as fv

    monkeypatch.setattr(fv, "sha256_file", lambda p: calls.append(p) or sha256_file(p))
    fv._hashed.cache_clear()
    first = work_file_sha256(path)
    assert work_file_sha256(path) == first == sha256_file(path)
    assert len(calls) == 1
    path.write_bytes(b"second, longer")
    assert work_file_sha256(path) == sha256_file(path) != first
    same_size = b"SECOND, LONGER"
    stat = path.stat()
    path.write_bytes(same_size)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000))
    assert work_file_sha256(path) == sha256_file(path)
    assert len(calls) == 3
