"""copy_hashed: the sha256 it returns is always that of the bytes the copy holds."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from pathlib import Path

import pytest

from releases import hashing


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("size", [0, 1, hashing.CHUNK - 1, 3 * hashing.CHUNK + 17])
def test_copy_hashed_gives_the_copy_and_its_sha256(tmp_path: Path, size: int) -> None:
    source, target = tmp_path / "feed.csv", tmp_path / "raw" / "feed.csv"
    target.parent.mkdir()
    source.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    assert hashing.copy_hashed(source, target) == _sha(source) == _sha(target)
    assert target.read_bytes() == source.read_bytes()


def test_a_feed_growing_during_the_copy_is_hashed_as_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A logger appending while the raw stage copies: the digest is the copy's, not the
    source's as the hashing thread happened to read it."""
    source, target = tmp_path / "feed.csv", tmp_path / "copy.csv"
    source.write_bytes(b"MMSI,BaseDateTime\n" * 1000)
    real_copy = shutil.copyfile

    def appending_copy(src: Path, dst: Path) -> None:
        with Path(src).open("ab") as fh:
            fh.write(b"412000001,2026-11-01T00:00:00\n")
        real_copy(src, dst)

    monkeypatch.setattr(hashing.shutil, "copyfile", appending_copy)
    digest = hashing.copy_hashed(source, target)
    assert digest == _sha(target)
    assert target.read_bytes().endswith(b"412000001,2026-11-01T00:00:00\n")


def test_a_feed_replaced_with_its_size_and_mtime_kept_is_hashed_as_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync that writes a new file and renames it over the feed, keeping the old mtime (as
    rsync -t can), after the source was hashed and before it was copied: same size and mtime,
    other bytes. The digest must be the copy's (diff13: it was the replaced file's)."""
    source, target = tmp_path / "feed.csv", tmp_path / "copy.csv"
    source.write_bytes(b"412000001,2026-11-01T00:00:00\n" * 1000)
    hashed = threading.Event()
    real_sha, real_copy = hashing.sha256_file, shutil.copyfile

    def sha_then_signal(path: Path) -> str:
        digest = real_sha(path)
        hashed.set()
        return digest

    def replacing_copy(src: Path, dst: Path) -> None:
        assert hashed.wait(30)
        kept = Path(src).stat()
        fresh = Path(src).with_suffix(".tmp")
        fresh.write_bytes(b"412000002,2026-11-01T00:00:00\n" * 1000)  # same size
        os.utime(fresh, ns=(kept.st_atime_ns, kept.st_mtime_ns))
        fresh.replace(src)
        real_copy(src, dst)

    monkeypatch.setattr(hashing, "sha256_file", sha_then_signal)
    monkeypatch.setattr(hashing.shutil, "copyfile", replacing_copy)
    digest = hashing.copy_hashed(source, target)
    assert target.read_bytes().startswith(b"412000002")
    assert digest == _sha(target)
