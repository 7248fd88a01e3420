"""Making a staged release visible atomically, with exactly one winner when publishers race.

Local stores: the complete folder (manifest and signature included) is staged beside the versions
and renamed into place under a per-dataset lock, with RENAME_NOREPLACE so not even an empty folder
of the same name is silently replaced. A crash before the rename leaves only a hidden staging
folder, swept by the next publisher; after it, the release is whole.

fsspec stores (no atomic rename): the publisher first claims "the version after <previous>" by
exclusively creating a claim object, then uploads data, artifacts and signature, and writes the
manifest last: a version is listed only once its manifest exists. A claim whose publisher died
(same host, pid gone) or that outlived its lease is taken over.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import logging
import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from releases.fs import Location
from releases.layout import CLAIMS_DIR, MANIFEST, SIGNATURE
from releases.store import ReleaseStore

log = logging.getLogger(__name__)
STAGING_PREFIX = ".staging-"
LOCK_NAME = ".publish.lock"
CLAIM_LEASE_ENV = "BOHAI_CLAIM_LEASE_SECONDS"
AT_FDCWD = -100
RENAME_NOREPLACE = 1


class VersionExistsError(FileExistsError):
    """Another publisher already created this version; versions are immutable."""


class ConcurrentPublishError(VersionExistsError):
    """Another publisher released on top of the same previous version first."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_tag() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def _dead_owner(tag: str) -> bool:
    host, _, rest = tag.rpartition("-") if tag.count("-") else ("", "", tag)
    try:
        pid = int(rest)
    except ValueError:
        return False
    return host == socket.gethostname() and not _pid_alive(pid)


def rename_noreplace(src: Path, dst: Path) -> None:
    """Rename src to dst, failing with VersionExistsError if dst exists (even as an empty dir)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        rc = renameat2(AT_FDCWD, os.fsencode(src), AT_FDCWD, os.fsencode(dst), RENAME_NOREPLACE)
        if rc == 0:
            return
        err = ctypes.get_errno()
        if err in (errno.EEXIST, errno.ENOTEMPTY):
            raise VersionExistsError(f"{dst} already exists")
        if err not in (errno.ENOSYS, errno.EINVAL):
            raise OSError(err, os.strerror(err), str(dst))
    # No RENAME_NOREPLACE here: the caller holds the dataset lock, so check-then-rename is safe
    # among Bohai publishers.
    if os.path.lexists(dst):
        raise VersionExistsError(f"{dst} already exists")
    os.rename(src, dst)


def fsync_tree(root: Path) -> None:
    """Flush every file and folder below root so a crash after the rename loses nothing."""
    for path in sorted(root.rglob("*"), reverse=True):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fsync_dir(root)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (the rename itself)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def dataset_lock(folder: Path) -> Iterator[None]:
    """Exclusive per-dataset lock; the kernel releases it if the holder is killed."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_NAME).open("a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def new_staging(parent: Path) -> Path:
    """A fresh hidden staging folder named after this host and process."""
    path = parent / f"{STAGING_PREFIX}{_owner_tag()}-{uuid.uuid4().hex[:12]}"
    path.mkdir(parents=True)
    return path


def sweep_stale_staging(parent: Path) -> list[str]:
    """Remove staging folders left by dead publishers on this host; returns their names."""
    removed = []
    if not parent.is_dir():
        return removed
    for child in parent.iterdir():
        if not child.name.startswith(STAGING_PREFIX):
            continue
        tag = child.name[len(STAGING_PREFIX) :].rsplit("-", 1)[0]
        if _dead_owner(tag):
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child.name)
    if removed:
        log.warning("removed staging folders of crashed publishers in %s: %s", parent, removed)
    return removed


def _conflict(dataset: str, version: str, expected: str | None, current: str | None) -> str:
    return (
        f"{dataset}@{version} was not published: another publisher released "
        f"{dataset}@{current} while this one was preparing a release on top of "
        f"{expected or 'nothing'}; nothing was written — re-run to publish on top of {current}"
    )


def commit_local(
    store: ReleaseStore, dataset: str, staging: Path, version: str, expected: str | None
) -> Path:
    """Rename a complete staged folder into `<dataset>/<version>`; exactly one racer wins."""
    folder = store.dataset_location(dataset).as_path()
    final = folder / version
    fsync_tree(staging)
    with dataset_lock(folder):
        current = store.latest(dataset)
        if current != expected:
            raise ConcurrentPublishError(_conflict(dataset, version, expected, current))
        try:
            rename_noreplace(staging, final)
        except VersionExistsError as exc:
            raise VersionExistsError(
                f"{dataset}@{version} already exists at {final} but holds no published release "
                "(no manifest.json); it is not Bohai's: inspect and remove it, then re-run"
            ) from exc
        fsync_dir(folder)
    return final


def _lease_seconds() -> float:
    return float(os.environ.get(CLAIM_LEASE_ENV, "600"))


def _claim(claim: Location, final: Location) -> None:
    claim.fs.makedirs(claim.parent.path, exist_ok=True)
    body = json.dumps({"owner": _owner_tag(), "version": final.name, "at": time.time()})
    for _ in range(2):
        try:
            with claim.fs.open(claim.path, "xb") as fh:
                fh.write(body.encode())
            return
        except FileExistsError:
            try:
                info = json.loads(claim.read_bytes())
            except (FileNotFoundError, ValueError):
                info = {"owner": "?", "at": 0.0}
            theirs = final.parent.child(str(info.get("version", final.name)))
            done = theirs.child(MANIFEST).exists()
            stale = _dead_owner(info["owner"]) or time.time() - info["at"] > _lease_seconds()
            if done or not stale:
                state = "published" if done else f"being published by {info['owner']}"
                raise ConcurrentPublishError(
                    f"{theirs} is already {state}; another publisher won the race — re-run to "
                    "publish on top of the latest version"
                ) from None
            log.warning("taking over the abandoned claim %s of %s", claim, info["owner"])
            if theirs.exists():
                theirs.fs.rm(theirs.path, recursive=True)
            claim.fs.rm(claim.path)
    raise ConcurrentPublishError(f"could not claim {final}")


def commit_remote(
    store: ReleaseStore, dataset: str, staging: Path, version: str, expected: str | None
) -> Location:
    """Claim the slot after `expected`, upload the staged folder, and write the manifest last."""
    folder = store.dataset_location(dataset)
    final = folder.child(version)
    current = store.latest(dataset)
    if current != expected:
        raise ConcurrentPublishError(_conflict(dataset, version, expected, current))
    _claim(folder.child(CLAIMS_DIR, f"after-{expected or 'none'}"), final)
    rels = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    last = [r for r in (SIGNATURE, MANIFEST) if r in rels]
    for rel in [r for r in rels if r not in last] + last:
        final.fs.makedirs(final.child(rel).parent.path, exist_ok=True)
        final.fs.put_file(str(staging / rel), final.child(rel).path)
    return final
