"""Resolving a spec's source URI for one partition and keeping the raw bytes with their sha256."""

from __future__ import annotations

import glob
import shutil
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from pipelines.home import project_home, samples_dir
from releases.hashing import copy_hashed, sha256_file
from samples.registry import generate_sample
from schemas.spec import SourceSpec


class SourceNotFound(FileNotFoundError):
    """No raw file matches the source URI for this partition."""


@dataclass(frozen=True, slots=True)
class RawFile:
    """One raw input kept byte-for-byte, with where it came from."""

    name: str
    uri: str
    sha256: str
    bytes: int

    def as_dict(self) -> dict[str, object]:
        """Plain dict for JSON."""
        return asdict(self)


def expand_uri(uri: str, day: date | None) -> str:
    """Fill `{date}` (or `{date:%Y_%m_%d}`) placeholders with the partition's day."""
    if "{date" in uri:
        if day is None:
            raise ValueError(
                f"source URI {uri!r} has a date placeholder but the dataset is not daily"
            )
        return uri.format(date=day)
    return uri


def _local_matches(pattern: str) -> list[Path]:
    path = Path(pattern)
    if not path.is_absolute():
        path = project_home() / path
    return [Path(p) for p in sorted(glob.glob(str(path)))]


def _download(url: str, into: Path, timeout: float = 60.0) -> Path:
    name = Path(urllib.parse.urlparse(url).path).name or "download"
    target = into / name
    with urllib.request.urlopen(url, timeout=timeout) as response, target.open("wb") as out:  # noqa: S310
        shutil.copyfileobj(response, out)
    return target


def fetch_raw(source: SourceSpec, day: date | None, raw_dir: Path) -> list[RawFile]:
    """Copy every raw file of a partition into raw_dir, unchanged, and hash it."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    uri = expand_uri(source.uri, day)
    scheme = uri.split("://", 1)[0] if "://" in uri else "file"
    if scheme == "sample":
        located = [generate_sample(uri.split("://", 1)[1], samples_dir(), day)]
    elif scheme in {"http", "https"}:
        located = [_download(uri, raw_dir)]
    else:
        located = _local_matches(uri.removeprefix("file://"))
    if not located:
        raise SourceNotFound(f"no raw file matches {uri!r} (partition {day or 'all'})")
    kept: list[RawFile] = []
    for path in located:
        target = raw_dir / path.name
        if path.resolve() == target.resolve():
            digest = sha256_file(target)
        else:
            try:
                digest = copy_hashed(path, target)
            except OSError:
                target.unlink(missing_ok=True)  # a truncated copy (disk full) must not linger
                raise
        kept.append(RawFile(path.name, str(path), digest, target.stat().st_size))
    return kept
