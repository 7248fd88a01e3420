"""Dataset references (`sector/name@version`) parsed strictly, so no path can escape the store."""

from __future__ import annotations

import re
from dataclasses import dataclass

DATASET_ID = re.compile(r"^[a-z][a-z0-9_]*/[a-z][a-z0-9_]*$")
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
MEMBER_PART = re.compile(r"^[A-Za-z0-9_.=+-]+$")


class RefError(ValueError):
    """A dataset id or version that is malformed or could escape the release store."""


def check_dataset_id(dataset: str) -> str:
    """Return the id unchanged if it is `sector/name` in lowercase; refuse anything path-like."""
    if not isinstance(dataset, str) or not DATASET_ID.match(dataset):
        raise RefError(f"invalid dataset id {dataset!r}: expected 'sector/name' (a-z, 0-9, _)")
    return dataset


def parse_version(version: str) -> tuple[int, int, int]:
    """Parse MAJOR.MINOR.PATCH; anything else (e.g. '../x') is refused."""
    match = SEMVER.match(version) if isinstance(version, str) else None
    if not match:
        raise RefError(f"invalid version {version!r}: expected MAJOR.MINOR.PATCH")
    return int(match[1]), int(match[2]), int(match[3])


def check_member_path(rel: str) -> str:
    """A file path inside a release: relative, '/'-separated, no '..', no hidden tricks."""
    parts = rel.split("/") if isinstance(rel, str) else []
    if (
        not parts
        or rel.startswith("/")
        or "\\" in rel
        or any(p in {"", ".", ".."} or not MEMBER_PART.match(p) for p in parts)
    ):
        raise RefError(f"invalid release file path {rel!r}: must be relative, without '..'")
    return rel


@dataclass(frozen=True, slots=True)
class DatasetRef:
    """A dataset id with a version or 'latest'."""

    dataset: str
    version: str

    @classmethod
    def parse(cls, text: str) -> DatasetRef:
        """Parse 'marine/ais_positions@1.0.0' or '...@latest' (a bare id means latest)."""
        dataset, _, version = text.partition("@")
        check_dataset_id(dataset)
        version = version or "latest"
        if version != "latest":
            parse_version(version)
        return cls(dataset, version)

    def __str__(self) -> str:
        return f"{self.dataset}@{self.version}"
