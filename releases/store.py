"""The release store: immutable version folders `<root>/<sector>/<name>/<version>/`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from releases.fs import Location
from releases.layout import KEYS_DIR, MANIFEST
from releases.refs import DatasetRef, RefError, check_dataset_id, parse_version

__all__ = ["MANIFEST", "ReleaseNotFound", "ReleaseStore"]


class ReleaseNotFound(LookupError):
    """The requested dataset or version has no published release."""


class ReleaseStore:
    """Reads and locates releases; only folders holding a manifest count as published.

    `root` is a local folder (Path or plain string) or an fsspec URI such as `file:///srv/rel`
    or `memory://rel` for shared storage.
    """

    def __init__(self, root: Path | str | Location) -> None:
        self.location = Location.of(root)
        self.root: Path | str = self.location.target()

    def __repr__(self) -> str:
        return f"ReleaseStore({str(self.location)!r})"

    @property
    def local(self) -> bool:
        """True when the store is a plain local folder (rename-based atomic publishing)."""
        return self.location.local

    def dataset_location(self, dataset: str) -> Location:
        """Location of one dataset's versions."""
        return self.location.child(check_dataset_id(dataset))

    def dataset_dir(self, dataset: str) -> Path | str:
        """Folder of one dataset's versions (a Path for local stores, else a URI)."""
        return self.dataset_location(dataset).target()

    def keys_location(self) -> Location:
        """Folder of the public keys that releases in this store are signed with."""
        return self.location.child(KEYS_DIR)

    def versions(self, dataset: str) -> list[str]:
        """Published versions, oldest first (staging folders and half-written ones are skipped)."""
        folder = self.dataset_location(dataset)
        found = []
        for name in folder.children():
            try:
                parse_version(name)
            except RefError:
                continue
            if folder.child(name, MANIFEST).isfile():
                found.append(name)
        return sorted(found, key=parse_version)

    def latest(self, dataset: str) -> str | None:
        """Newest published version or None."""
        versions = self.versions(dataset)
        return versions[-1] if versions else None

    def locate(self, ref: DatasetRef) -> Location:
        """Location of a referenced release; 'latest' picks the newest."""
        version = self.latest(ref.dataset) if ref.version == "latest" else ref.version
        if version is None:
            raise ReleaseNotFound(f"no release of {ref.dataset} in {self.location}")
        parse_version(version)
        path = self.dataset_location(ref.dataset).child(version)
        if not path.child(MANIFEST).isfile():
            known = ", ".join(self.versions(ref.dataset)) or "none"
            raise ReleaseNotFound(
                f"{ref.dataset}@{version} not found in {self.location} (known: {known})"
            )
        return path

    def resolve(self, ref: DatasetRef) -> Path | str:
        """Folder of a referenced release (a Path for local stores, else a URI)."""
        return self.locate(ref).target()

    def manifest(self, ref: DatasetRef) -> dict[str, Any]:
        """The manifest of a referenced release."""
        return json.loads(self.locate(ref).child(MANIFEST).read_text())

    def datasets(self) -> list[str]:
        """Every dataset with at least one published version."""
        out = []
        for sector in self.location.children():
            for name in self.location.child(sector).children():
                dataset = f"{sector}/{name}"
                try:
                    if self.versions(dataset):
                        out.append(dataset)
                except RefError:
                    continue
        return out
