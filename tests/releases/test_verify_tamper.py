"""Tampering with a published release is caught by verify and refused by pull."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from release_helpers import fixes

from releases.consume import open_release
from releases.pull import pull
from releases.refs import DatasetRef
from releases.signing import SigningKey
from releases.store import ReleaseStore
from releases.verify import VerificationError, verify_release

DS = "marine/fixes"
REF = DatasetRef(DS, "1.0.0")


@pytest.fixture
def release(store: ReleaseStore, publish_frames: Callable) -> Path:
    """One published release with two data files."""
    publish_frames(store, DS, {"fixes": {"d1": fixes(200), "d2": fixes(100, start=200)}})
    return Path(store.resolve(REF))


def _flip_byte(path: Path, offset: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_clean_release_verifies_with_trusted_signature(release: Path) -> None:
    report = verify_release(release)
    assert report.ok, report.problems
    assert report.files_checked == 2 + 3  # data files + croissant, datacard, quality report
    assert report.signer_trusted is True


def test_one_flipped_byte_in_parquet_is_refused(
    store: ReleaseStore, release: Path, tmp_path: Path
) -> None:
    victim = release / "data" / "fixes" / "d1.parquet"
    _flip_byte(victim)
    report = verify_release(release)
    assert not report.ok
    assert any("data/fixes/d1.parquet: sha256" in p for p in report.problems)
    with pytest.raises(VerificationError, match="d1.parquet"):
        pull(store, REF, tmp_path / "pulled")
    assert not (tmp_path / "pulled" / DS / "1.0.0").exists()
    with pytest.raises(VerificationError):
        open_release(REF, store)


def test_tampered_artifact_and_extra_file_are_refused(release: Path) -> None:
    card = release / "DATACARD.md"
    card.write_text(card.read_text() + "\nextra claim\n")
    (release / "data" / "fixes" / "smuggled.parquet").write_bytes(b"PAR1")
    problems = verify_release(release).problems
    assert any(p.startswith("DATACARD.md:") for p in problems)
    assert any("smuggled.parquet: not listed" in p for p in problems)


def test_rewritten_manifest_breaks_the_signature(release: Path) -> None:
    manifest = json.loads((release / "manifest.json").read_text())
    manifest["license"] = "proprietary"
    (release / "manifest.json").write_text(json.dumps(manifest))
    problems = verify_release(release).problems
    assert any("manifest.sig: signature does not match" in p for p in problems)


def test_resigning_with_another_key_is_untrusted(release: Path) -> None:
    raw = (release / "manifest.json").read_bytes()
    intruder = SigningKey(Ed25519PrivateKey.generate(), "intruder")
    (release / "manifest.sig").write_bytes(intruder.sign_manifest(raw))
    report = verify_release(release)
    assert report.signer == intruder.key_id and report.signer_trusted is False
    assert any("not among the trusted keys" in p for p in report.problems)


def test_missing_signature_is_refused(release: Path) -> None:
    (release / "manifest.sig").unlink()
    assert any("unsigned" in p for p in verify_release(release).problems)


def test_pulled_copy_verifies_on_its_own(
    store: ReleaseStore, release: Path, tmp_path: Path
) -> None:
    target, report = pull(store, REF, tmp_path / "pulled")
    assert report.ok and target == tmp_path / "pulled" / DS / "1.0.0"
    again = verify_release(target)
    assert again.ok and again.signer_trusted is True  # the signer's key came along in _keys/
    _flip_byte(target / "data" / "fixes" / "d2.parquet", 50)
    assert not verify_release(target).ok
