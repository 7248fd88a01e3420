"""Withdrawn releases: a signed notice beside the immutable version, which stays for the record.

A release found to leak (a column the spec forgot) cannot be unpublished by deleting it: model
teams may hold copies and the exchange may list it. Withdrawing writes
`<store>/<sector>/<name>/_withdrawn/<version>.json` (who, when, why) and its signature; from
then on `pull` refuses that version, `latest` skips it, `listing` refuses it, and `releases` /
`show` say so. The version number is never reused. A later version that still carries one of
its data files byte for byte (a release adding labels or a day keeps the other files as they
are) would hand the same rows out again as `latest`: `carried_forward` names those versions, so
the withdrawal can say so and `pull` can warn.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from releases.refs import DatasetRef
from releases.signing import SignatureError, SigningKey, check_signature
from releases.store import ReleaseStore

WITHDRAWN_DIR = "_withdrawn"  # not a version name, so `versions()` never lists it


class ReleaseWithdrawn(LookupError):
    """The requested version was withdrawn; the message says when, by whom and why."""


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """One withdrawal notice; `signed_by` is the key id whose signature checked (None: unsigned)."""

    dataset: str
    version: str
    reason: str
    by: str
    at: str
    signed_by: str | None = None
    tables: tuple[str, ...] = ()  # the tables that leak; empty: every data file of the version

    def holds(self, path: str) -> bool:
        """True for a data file (`data/<table>/...`) of a table this notice withdraws."""
        parts = path.split("/")
        return not self.tables or (len(parts) > 2 and parts[1] in self.tables)

    def sentence(self) -> str:
        """One line for refusals and listings."""
        which = f" (tables {', '.join(self.tables)})" if self.tables else ""
        return (
            f"{self.dataset}@{self.version}{which} was withdrawn {self.at} by {self.by}: "
            f"{self.reason}"
        )


def _notice(store: ReleaseStore, dataset: str, version: str) -> tuple[Any, Any]:
    folder = store.dataset_location(dataset).child(WITHDRAWN_DIR)
    return folder.child(f"{version}.json"), folder.child(f"{version}.json.sig")


def withdrawal(store: ReleaseStore, dataset: str, version: str) -> Withdrawal | None:
    """The notice withdrawing a version, or None. An unreadable or badly signed notice still
    withdraws (refusing a pull costs less than releasing what someone flagged), marked unsigned."""
    notice, signature = _notice(store, dataset, version)
    if not notice.isfile():
        return None
    raw = notice.read_bytes()
    try:
        doc = json.loads(raw)
    except ValueError:
        doc = {}
    signer = None
    if signature.isfile():
        try:
            signer = check_signature(signature.read_bytes(), raw)
        except SignatureError:
            signer = None
    return Withdrawal(
        dataset,
        version,
        str(doc.get("reason") or "(unreadable notice)"),
        str(doc.get("by") or "?"),
        str(doc.get("at") or "?"),
        signer,
        tuple(str(t) for t in doc.get("tables") or ()),
    )


def withdraw(
    store: ReleaseStore,
    ref: DatasetRef,
    reason: str,
    key: SigningKey,
    by: str = "",
    tables: tuple[str, ...] = (),
) -> Withdrawal:
    """Withdraw one published version (exact version only); a second call keeps the first notice.
    `tables` names the tables that leak, so that later releases may carry the others unchanged."""
    if ref.version == "latest":
        raise ValueError("withdraw names an exact version (DATASET@1.2.0), not latest")
    if not reason.strip():
        raise ValueError("withdraw needs a reason (it is shown to everyone who asks for it)")
    store.locate(ref)  # ReleaseNotFound for a version that was never published
    known = sorted(store.manifest(ref).get("tables") or {})
    unknown = sorted(set(tables) - set(known))
    if unknown:
        raise ValueError(f"{ref}: no table {', '.join(unknown)} (tables: {', '.join(known)})")
    existing = withdrawal(store, ref.dataset, ref.version)
    if existing is not None:
        return existing
    notice, signature = _notice(store, ref.dataset, ref.version)
    doc = Withdrawal(
        ref.dataset,
        ref.version,
        reason.strip(),
        by or getpass.getuser(),
        datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        tables=tuple(sorted(set(tables))),
    )
    body = {k: v for k, v in asdict(doc).items() if k != "signed_by"}
    body["tables"] = list(doc.tables)
    raw = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    signature.write_bytes(key.sign_file(raw, notice.name))
    notice.write_bytes(raw)  # written last: a notice without its signature never exists alone
    return Withdrawal(**{**body, "tables": doc.tables}, signed_by=key.key_id)


def _data_files(manifest: dict[str, Any]) -> dict[str, str]:
    """sha256 -> path of each data file a manifest lists (metadata files change every version)."""
    return {
        str(f["sha256"]): str(f["path"])
        for f in manifest.get("files", [])
        if str(f.get("path", "")).startswith("data/") and f.get("sha256")
    }


def _leaked(store: ReleaseStore, dataset: str, version: str) -> dict[str, str]:
    """sha256 -> path of the data files a version's notice withdraws (none: not withdrawn)."""
    notice = withdrawal(store, dataset, version)
    if notice is None:
        return {}
    files = _data_files(store.manifest(DatasetRef(dataset, version)))
    return {sha: path for sha, path in files.items() if notice.holds(path)}


def carried_forward(store: ReleaseStore, ref: DatasetRef) -> dict[str, list[str]]:
    """Versions after `ref`, not withdrawn, that hold one of its (withdrawn) files unchanged."""
    versions = store.versions(ref.dataset)
    withdrawn = _leaked(store, ref.dataset, ref.version) or _data_files(store.manifest(ref))
    later = versions[versions.index(ref.version) + 1 :] if ref.version in versions else []
    found: dict[str, list[str]] = {}
    for version in later:
        if withdrawal(store, ref.dataset, version) is not None:
            continue
        files = _data_files(store.manifest(DatasetRef(ref.dataset, version)))
        shared = sorted(path for sha, path in files.items() if sha in withdrawn)
        if shared:
            found[version] = shared
    return found


def withdrawn_copies(store: ReleaseStore, ref: DatasetRef) -> dict[str, list[str]]:
    """Withdrawn versions of the dataset whose withdrawn files `ref` (exact) still holds."""
    files = _data_files(store.manifest(ref))
    found: dict[str, list[str]] = {}
    for version in store.versions(ref.dataset):
        gone = _leaked(store, ref.dataset, version) if version != ref.version else {}
        shared = sorted(path for sha, path in files.items() if sha in gone)
        if shared:
            found[version] = shared
    return found


def withdrawn_data(store: ReleaseStore, dataset: str) -> dict[str, tuple[str, str]]:
    """sha256 -> (version, path) of every file the dataset's withdrawal notices withdraw."""
    found: dict[str, tuple[str, str]] = {}
    for version in store.versions(dataset):
        found |= {sha: (version, path) for sha, path in _leaked(store, dataset, version).items()}
    return found


def available(store: ReleaseStore, dataset: str) -> list[str]:
    """Published versions that are not withdrawn, oldest first."""
    return [v for v in store.versions(dataset) if withdrawal(store, dataset, v) is None]


def require_available(store: ReleaseStore, ref: DatasetRef) -> DatasetRef:
    """The exact version a ref means for a consumer: `latest` skips withdrawn versions, and a
    withdrawn exact version raises ReleaseWithdrawn."""
    if ref.version == "latest":
        versions = available(store, ref.dataset)
        if not versions:
            gone = store.versions(ref.dataset)
            if gone:
                notice = withdrawal(store, ref.dataset, gone[-1])
                last = notice.sentence() if notice else ""
                raise ReleaseWithdrawn(f"every release of {ref.dataset} is withdrawn; {last}")
            return ref  # nothing published: the store's own error follows
        return DatasetRef(ref.dataset, versions[-1])
    notice = withdrawal(store, ref.dataset, ref.version)
    if notice is not None:
        others = available(store, ref.dataset)
        hint = f"; available: {', '.join(others)}" if others else ""
        raise ReleaseWithdrawn(notice.sentence() + hint)
    return ref
