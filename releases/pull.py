"""Pulling a release to a local folder, verified before and after the copy."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from releases.refs import DatasetRef
from releases.store import ReleaseStore
from releases.verify import VerifyReport, require_verified


class PullError(RuntimeError):
    """The destination cannot take the release."""


def pull(store: ReleaseStore, ref: DatasetRef, to: Path) -> tuple[Path, VerifyReport]:
    """Copy a verified release to `to/<sector>/<name>/<version>`; refuse on any mismatch."""
    source = store.resolve(ref)
    require_verified(source)
    target = Path(to) / ref.dataset / source.name
    if target.exists():
        report = require_verified(target)
        return target, report
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".pull-{uuid.uuid4().hex}"
    try:
        shutil.copytree(source, staging)
        require_verified(staging)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target, require_verified(target)
