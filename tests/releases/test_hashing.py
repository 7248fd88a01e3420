"""copy_hashed: the sha256 it returns is always that of the bytes the copy holds."""

from __future__ import annotations

import hashlib
import shutil
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
