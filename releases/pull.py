"""Pulling a release to a local folder, verified before and after the copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from releases.commit import VersionExistsError, new_staging, rename_noreplace, sweep_stale_staging
from releases.layout import KEYS_DIR
from releases.refs import DatasetRef
from releases.signing import trusted_keys
from releases.store import ReleaseStore
from releases.verify import VerifyReport, require_verified
from releases.withdrawal import require_available


def _copy_key(store: ReleaseStore, signer: str | None, to: Path) -> None:
    if not signer:
        return
    source = store.keys_location().child(f"{signer}.pem")
    target = to / KEYS_DIR / f"{signer}.pem"
    if source.isfile() and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())


def pull(
    store: ReleaseStore, ref: DatasetRef, to: Path, trusted: dict[str, bytes] | None = None
) -> tuple[Path, VerifyReport]:
    """Copy a verified release to `to/<sector>/<name>/<version>`; refuse on any mismatch.

    Trust comes from `trusted`, else the store's published keys; the signer's public key is
    copied to `to/_keys/`, so the pulled tree verifies on its own later.
    """
    source = store.locate(require_available(store, ref))  # a withdrawn version is refused
    anchors = trusted if trusted is not None else trusted_keys(store.keys_location())
    report = require_verified(source, anchors or None)
    to = Path(to)
    target = to / ref.dataset / source.name
    if target.exists():
        return target, require_verified(target, anchors or None)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_staging(target.parent)
    staging = new_staging(target.parent)
    try:
        for rel in source.files():
            dest = staging / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            source.fs.get_file(source.child(rel).path, str(dest))
        _copy_key(store, report.signer, to)
        try:
            rename_noreplace(staging, target)
        except VersionExistsError:
            pass  # a concurrent pull of the same release finished first; verify theirs
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target, require_verified(target, anchors or None)
