"""Verification of a release folder: every file's bytes and sha256, and the release id."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from releases.hashing import release_id, sha256_file
from releases.store import MANIFEST


class VerificationError(RuntimeError):
    """A release does not match its manifest; the message lists every mismatch."""


@dataclass(slots=True)
class VerifyReport:
    """Result of verifying one release folder."""

    path: Path
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was wrong."""
        return not self.problems


def verify_release(path: Path) -> VerifyReport:
    """Check the manifest's files exist with the recorded size and sha256, and nothing is extra."""
    path = Path(path)
    report = VerifyReport(path)
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        report.problems.append(f"{manifest_path}: missing manifest")
        return report
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    entries: dict[str, str] = {}
    for item in manifest.get("files", []):
        rel = item["path"]
        target = (path / rel).resolve()
        if path.resolve() not in target.parents:
            report.problems.append(f"{rel}: path escapes the release folder")
            continue
        if not target.is_file():
            report.problems.append(f"{rel}: missing")
            continue
        size = target.stat().st_size
        if size != item["bytes"]:
            report.problems.append(f"{rel}: {size} bytes, manifest says {item['bytes']}")
        digest = sha256_file(target)
        if digest != item["sha256"]:
            report.problems.append(
                f"{rel}: sha256 {digest[:12]}…, manifest says {item['sha256'][:12]}…"
            )
        entries[rel] = digest
        report.files_checked += 1
    listed = {item["path"] for item in manifest.get("files", [])}
    data_dir = path / "data"
    if data_dir.is_dir():
        for extra in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            rel = extra.relative_to(path).as_posix()
            if rel not in listed:
                report.problems.append(f"{rel}: not listed in the manifest")
    if not report.problems and release_id(entries) != manifest.get("release_id"):
        report.problems.append("release_id does not match the files")
    return report


def require_verified(path: Path) -> VerifyReport:
    """Verify and raise VerificationError naming every problem."""
    report = verify_release(path)
    if not report.ok:
        raise VerificationError(f"{path} failed verification:\n  " + "\n  ".join(report.problems))
    return report
