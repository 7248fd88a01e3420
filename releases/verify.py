"""Verification of a release folder: every file's size and sha256, the release id, the signature."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from releases.fs import Location
from releases.hashing import release_id
from releases.layout import CONTROL_FILES, DATA_DIR, KEYS_DIR, MANIFEST, SIGNATURE
from releases.refs import RefError, check_member_path, parse_version
from releases.signing import SignatureError, check_signature, trusted_keys


class VerificationError(RuntimeError):
    """A release does not match its manifest; the message lists every mismatch."""


@dataclass(slots=True)
class VerifyReport:
    """Result of verifying one release folder."""

    path: Path | str
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    signer: str | None = None
    signer_trusted: bool | None = None
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing was wrong."""
        return not self.problems


def store_keys_for(folder: Location) -> dict[str, bytes]:
    """Trusted keys of the store a release folder sits in (`<root>/<sector>/<name>/<version>`)."""
    root = folder.parent.parent.parent
    return trusted_keys(root.child(KEYS_DIR))


def _check_entry(folder: Location, item: dict[str, Any], report: VerifyReport) -> str | None:
    rel = item.get("path", "")
    try:
        check_member_path(rel)
    except RefError as exc:
        report.problems.append(f"{rel!r}: {exc}")
        return None
    target = folder.child(rel)
    if not target.isfile():
        report.problems.append(f"{rel}: missing")
        return None
    size = target.size()
    if size != item.get("bytes"):
        report.problems.append(f"{rel}: {size} bytes, manifest says {item.get('bytes')}")
    digest = target.sha256()
    if digest != item.get("sha256"):
        report.problems.append(
            f"{rel}: sha256 {digest[:12]}…, manifest says {str(item.get('sha256'))[:12]}…"
        )
    report.files_checked += 1
    return digest


def _check_signature(
    folder: Location, raw: bytes, report: VerifyReport, trusted: dict[str, bytes] | None
) -> None:
    sig = folder.child(SIGNATURE)
    if not sig.isfile():
        report.problems.append(f"{SIGNATURE}: missing (the release is unsigned)")
        return
    try:
        report.signer = check_signature(sig.read_bytes(), raw)
    except SignatureError as exc:
        report.problems.append(f"{SIGNATURE}: {exc}")
        return
    anchors = trusted if trusted is not None else store_keys_for(folder)
    if anchors:
        report.signer_trusted = report.signer in anchors
        if not report.signer_trusted:
            report.problems.append(
                f"{SIGNATURE}: signed by key {report.signer}, which is not among the trusted keys "
                f"({', '.join(sorted(anchors))})"
            )


def verify_release(
    path: Path | str | Location, trusted: dict[str, bytes] | None = None
) -> VerifyReport:
    """Check files, release id and signature; `trusted` pins keys (default: the store's _keys)."""
    folder = Location.of(path)
    report = VerifyReport(folder.target())
    manifest_loc = folder.child(MANIFEST)
    if not manifest_loc.isfile():
        report.problems.append(f"{manifest_loc}: missing manifest")
        return report
    raw = manifest_loc.read_bytes()
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        report.problems.append(f"{MANIFEST}: not valid JSON ({exc})")
        return report
    report.manifest = manifest
    try:
        parse_version(folder.name)
        if manifest.get("version") != folder.name:
            report.problems.append(
                f"folder is {folder.name} but the manifest says version {manifest.get('version')}"
            )
    except RefError:
        pass
    entries: dict[str, str] = {}
    for item in manifest.get("files", []):
        if not str(item.get("path", "")).startswith(f"{DATA_DIR}/"):
            report.problems.append(f"{item.get('path')!r}: data files must be under {DATA_DIR}/")
            continue
        digest = _check_entry(folder, item, report)
        if digest is not None:
            entries[item["path"]] = digest
    for item in manifest.get("artifacts", []):
        _check_entry(folder, item, report)
    listed = {i.get("path") for i in manifest.get("files", []) + manifest.get("artifacts", [])}
    for rel in folder.files():
        if rel not in listed and rel not in CONTROL_FILES:
            report.problems.append(f"{rel}: not listed in the manifest")
    if not report.problems and release_id(entries) != manifest.get("release_id"):
        report.problems.append("release_id does not match the files")
    _check_signature(folder, raw, report, trusted)
    return report


def require_verified(
    path: Path | str | Location, trusted: dict[str, bytes] | None = None
) -> VerifyReport:
    """Verify and raise VerificationError naming every problem."""
    report = verify_release(path, trusted)
    if not report.ok:
        raise VerificationError(
            f"{report.path} failed verification:\n  " + "\n  ".join(report.problems)
        )
    return report
