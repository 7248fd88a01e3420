"""The Dalian data exchange listing package for one release, refused when it must not be listed.

Refused: core data (核心数据); important data (重要数据) without an approval record; any release
whose privacy checks or leak audit did not pass (or were not recorded); any release that fails
verification.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from releases.commit import new_staging, rename_noreplace, sweep_stale_staging
from releases.compliance import assess
from releases.consume import OpenRelease, open_release
from releases.hashing import sha256_bytes
from releases.layout import MANIFEST, SIGNATURE
from releases.listing_docs import (
    DICTIONARY_COLUMNS,
    authorization_md,
    compliance_md,
    field_dictionary,
    product_sheet,
    product_sheet_md,
    to_csv,
)
from releases.refs import DatasetRef
from releases.signing import SigningKey
from releases.store import ReleaseStore

SAMPLE_ROWS = 20
SUMS = "SHA256SUMS"


class ListingRefused(RuntimeError):
    """The release may not be listed on the exchange; the message says why."""


@dataclass(frozen=True, slots=True)
class ListingResult:
    """Where the package is and what it holds."""

    path: Path
    files: list[str]


def refusal_reasons(manifest: dict[str, Any]) -> list[str]:
    """Every reason this release may not be listed (empty when it may)."""
    reasons = []
    grade = manifest.get("data_grade", {})
    if grade.get("grade") == "core":
        reasons.append("core data (核心数据) may not be listed on a data exchange")
    if grade.get("grade") == "important" and not grade.get("approval"):
        reasons.append(
            "important data (重要数据) needs an approval record (release.approval in the spec)"
        )
    privacy = manifest.get("privacy", {})
    if privacy.get("passed") is not True:
        failed = [
            f"{part}:{name}"
            for part, checks in (privacy.get("checks") or {}).items()
            for name, c in checks.items()
            if not c.get("passed")
        ]
        reasons.append(
            "privacy checks did not pass: " + ", ".join(failed)
            if failed
            else "privacy checks did not pass or were not recorded"
        )
    audits = privacy.get("leak_audit") or {}
    bad = [
        f"{part}:{table}"
        for part, per_table in audits.items()
        for table, audit in per_table.items()
        if not audit.get("passed")
    ]
    if bad:
        reasons.append(f"leak audit did not pass for {', '.join(bad)}")
    return reasons


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    plain = value.to_list() if isinstance(value, pl.Series) else value
    return json.dumps(plain, ensure_ascii=False, default=str)


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns (labels, spans) as JSON text: CSV holds no lists or structs."""
    nested = [c for c, t in frame.schema.items() if t.is_nested()]
    return frame.with_columns(
        pl.col(c).map_elements(_as_text, return_dtype=pl.String, skip_nulls=False) for c in nested
    )


def _samples(release: OpenRelease, n: int) -> dict[str, bytes]:
    out = {}
    for table in release.tables:
        frame = release.lazy(table).head(max(n * 50, n)).collect()
        frame = frame.sample(min(n, frame.height), seed=0) if frame.height else frame
        out[f"sample_{table}.csv"] = ("\ufeff" + _flat(frame).write_csv()).encode("utf-8")
    return out


def _documents(release: OpenRelease, store: ReleaseStore) -> dict[str, bytes]:
    manifest = release.manifest
    sheet = product_sheet(manifest)
    assessment = assess(release)
    dictionary = field_dictionary(manifest)
    signer = manifest.get("signing_key_id", "")
    key = store.keys_location().child(f"{signer}.pem")
    docs = {
        "product_sheet.json": json.dumps(sheet, ensure_ascii=False, indent=2).encode(),
        "product_sheet.md": product_sheet_md(sheet).encode(),
        "field_dictionary.csv": to_csv(dictionary, DICTIONARY_COLUMNS),
        "authorization.md": authorization_md(manifest).encode(),
        "compliance.json": json.dumps(assessment, ensure_ascii=False, indent=2).encode(),
        "compliance.md": compliance_md(assessment).encode(),
        f"release/{MANIFEST}": release.location.child(MANIFEST).read_bytes(),
        f"release/{SIGNATURE}": release.location.child(SIGNATURE).read_bytes(),
        **_samples(release, SAMPLE_ROWS),
    }
    if key.isfile():
        docs[f"release/{signer}.pem"] = key.read_bytes()
    return docs


def build_listing(
    store: ReleaseStore, ref: DatasetRef, to: Path, signing_key: SigningKey
) -> ListingResult:
    """Verify the release, refuse what must not be listed, and write the package atomically."""
    release = open_release(ref, store, verify=True)
    reasons = refusal_reasons(release.manifest)
    if reasons:
        raise ListingRefused(
            f"{ref.dataset}@{release.manifest['version']} cannot be listed:\n  "
            + "\n  ".join(reasons)
        )
    docs = _documents(release, store)
    sums = "".join(f"{sha256_bytes(data)}  {name}\n" for name, data in sorted(docs.items()))
    docs[SUMS] = sums.encode()
    docs[f"{SUMS}.sig"] = signing_key.sign_file(docs[SUMS], SUMS)
    name = f"{ref.dataset.replace('/', '__')}-{release.manifest['version']}-listing"
    to = Path(to)
    to.mkdir(parents=True, exist_ok=True)
    target = to / name
    if target.exists():
        raise FileExistsError(f"{target} already exists; remove it to rebuild the package")
    sweep_stale_staging(to)
    staging = new_staging(to)
    try:
        for rel, data in docs.items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_bytes(data)
        rename_noreplace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return ListingResult(target, sorted(docs))
