"""The release store: immutable version folders `<root>/<sector>/<name>/<version>/`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from releases.refs import DatasetRef, RefError, check_dataset_id, parse_version

MANIFEST = "manifest.json"


class ReleaseNotFound(LookupError):
    """The requested dataset or version has no published release."""


class ReleaseStore:
    """Reads and locates releases; only folders holding a manifest count as published."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def dataset_dir(self, dataset: str) -> Path:
        """Folder of one dataset's versions."""
        return self.root / check_dataset_id(dataset)

    def versions(self, dataset: str) -> list[str]:
        """Published versions, oldest first (staging folders and half-written ones are skipped)."""
        folder = self.dataset_dir(dataset)
        if not folder.is_dir():
            return []
        found = []
        for child in folder.iterdir():
            try:
                parse_version(child.name)
            except RefError:
                continue
            if (child / MANIFEST).is_file():
                found.append(child.name)
        return sorted(found, key=parse_version)

    def latest(self, dataset: str) -> str | None:
        """Newest published version or None."""
        versions = self.versions(dataset)
        return versions[-1] if versions else None

    def resolve(self, ref: DatasetRef) -> Path:
        """Folder of a referenced release; 'latest' picks the newest."""
        version = self.latest(ref.dataset) if ref.version == "latest" else ref.version
        if version is None:
            raise ReleaseNotFound(f"no release of {ref.dataset} in {self.root}")
        path = self.dataset_dir(ref.dataset) / version
        if not (path / MANIFEST).is_file():
            known = ", ".join(self.versions(ref.dataset)) or "none"
            raise ReleaseNotFound(
                f"{ref.dataset}@{version} not found in {self.root} (known: {known})"
            )
        return path

    def manifest(self, ref: DatasetRef) -> dict[str, Any]:
        """The manifest of a referenced release."""
        return json.loads((self.resolve(ref) / MANIFEST).read_text(encoding="utf-8"))

    def datasets(self) -> list[str]:
        """Every dataset with at least one published version."""
        out = []
        if not self.root.is_dir():
            return out
        for sector in sorted(p for p in self.root.iterdir() if p.is_dir()):
            for name in sorted(p for p in sector.iterdir() if p.is_dir()):
                dataset = f"{sector.name}/{name.name}"
                try:
                    if self.versions(dataset):
                        out.append(dataset)
                except RefError:
                    continue
        return out
