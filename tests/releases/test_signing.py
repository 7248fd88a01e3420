"""Signing keys come from a file, the environment or a development key in the state folder."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from releases.fs import Location
from releases.signing import (
    ENV_KEY,
    ENV_KEY_FILE,
    SignatureError,
    SigningKeyError,
    check_signature,
    load_signing_key,
    publish_public_key,
    trusted_keys,
)


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_env_key_as_hex_seed_or_pem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    monkeypatch.setenv(ENV_KEY, "11" * 32)
    hex_key = load_signing_key()
    assert hex_key.source == f"env:{ENV_KEY}"
    private = Ed25519PrivateKey.generate()
    monkeypatch.setenv(ENV_KEY, _pem(private))
    assert load_signing_key().public_raw == private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    monkeypatch.setenv(ENV_KEY, "not a key")
    with pytest.raises(SigningKeyError, match=ENV_KEY):
        load_signing_key()


def test_key_file_and_missing_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    with pytest.raises(SigningKeyError, match="no signing key"):
        load_signing_key()
    path = tmp_path / "k.pem"
    path.write_text(_pem(Ed25519PrivateKey.generate()))
    monkeypatch.setenv(ENV_KEY_FILE, str(path))
    assert load_signing_key().source == str(path)


def test_dev_key_is_created_once_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)
    first = load_signing_key(dev_dir=tmp_path / "secrets")
    second = load_signing_key(dev_dir=tmp_path / "secrets")
    assert first.key_id == second.key_id
    mode = stat.S_IMODE((tmp_path / "secrets" / "signing.key").stat().st_mode)
    assert mode == 0o600


def test_signature_round_trip_and_published_key(tmp_path: Path) -> None:
    key = load_signing_key(dev_dir=tmp_path / "secrets")
    doc = key.sign_manifest(b'{"a": 1}')
    assert check_signature(doc, b'{"a": 1}') == key.key_id
    with pytest.raises(SignatureError):
        check_signature(doc, b'{"a": 2}')
    keys = Location.of(tmp_path / "store" / "_keys")
    publish_public_key(keys, key)
    assert trusted_keys(keys) == {key.key_id: key.public_raw}
