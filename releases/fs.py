"""Where release files live: a local folder or any fsspec filesystem, behind one small interface."""

from __future__ import annotations

import os
import posixpath
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import fsspec
from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem

from releases.hashing import sha256_stream


def is_uri(target: Path | str) -> bool:
    """True for 'scheme://...' strings, which go through fsspec rather than the local backend."""
    return isinstance(target, str) and "://" in target


@dataclass(frozen=True, slots=True)
class Location:
    """A path on a filesystem; `local` means a plain path handled with os calls (atomic renames)."""

    fs: AbstractFileSystem
    path: str
    local: bool

    @classmethod
    def of(cls, target: Path | str | Location) -> Location:
        """A plain path is local; 'file://', 'memory://', 's3://'… go through fsspec."""
        if isinstance(target, Location):
            return target
        if is_uri(target):
            fs, path = fsspec.core.url_to_fs(str(target))
            return cls(fs, path.rstrip("/") or "/", False)
        return cls(LocalFileSystem(), Path(target).absolute().as_posix(), True)

    def child(self, *parts: str) -> Location:
        """A location below this one (parts are '/'-separated relative paths)."""
        return Location(self.fs, posixpath.join(self.path, *parts), self.local)

    @property
    def name(self) -> str:
        """Last path component."""
        return posixpath.basename(self.path)

    @property
    def parent(self) -> Location:
        """The enclosing folder."""
        return Location(self.fs, posixpath.dirname(self.path), self.local)

    def as_path(self) -> Path:
        """The local path; only for local locations."""
        if not self.local:
            raise ValueError(f"{self} is not on the local filesystem")
        return Path(self.path)

    def target(self) -> Path | str:
        """What callers hand back to Location.of: a Path when local, else the URI."""
        return Path(self.path) if self.local else str(self)

    def __str__(self) -> str:
        return self.path if self.local else self.fs.unstrip_protocol(self.path)

    def exists(self) -> bool:
        """True when a file or folder is there."""
        return bool(self.fs.exists(self.path))

    def isfile(self) -> bool:
        """True when a file is there."""
        return bool(self.fs.isfile(self.path))

    def isdir(self) -> bool:
        """True when a folder is there."""
        return bool(self.fs.isdir(self.path))

    def children(self) -> list[str]:
        """Names directly below this folder (empty when it does not exist)."""
        if not self.isdir():
            return []
        return sorted(
            posixpath.basename(p.rstrip("/")) for p in self.fs.ls(self.path, detail=False)
        )

    def files(self) -> Iterator[str]:
        """Every file below this folder, as relative '/'-separated paths."""
        if not self.isdir():
            return
        prefix = self.path.rstrip("/") + "/"
        for found in sorted(self.fs.find(self.path, withdirs=False)):
            yield found[len(prefix) :] if found.startswith(prefix) else found

    def open(self, mode: str = "rb") -> IO[Any]:
        """Open the file (binary modes)."""
        return self.fs.open(self.path, mode)

    def read_bytes(self) -> bytes:
        """The whole file."""
        with self.open("rb") as fh:
            return fh.read()

    def read_text(self) -> str:
        """The whole file as UTF-8 text."""
        return self.read_bytes().decode("utf-8")

    def write_bytes(self, data: bytes) -> None:
        """Write a file, creating parent folders; local writes are atomic (temp file + rename)."""
        self.fs.makedirs(posixpath.dirname(self.path), exist_ok=True)
        if self.local:
            tmp = Path(f"{self.path}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
            tmp.write_bytes(data)
            os.replace(tmp, self.path)
            return
        with self.open("wb") as fh:
            fh.write(data)

    def size(self) -> int:
        """File size in bytes."""
        return int(self.fs.size(self.path))

    def sha256(self) -> str:
        """Hex sha256 of the file, streamed."""
        with self.open("rb") as fh:
            return sha256_stream(fh)
