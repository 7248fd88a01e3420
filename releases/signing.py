"""Ed25519 signatures over release manifests, and the public keys published beside the store."""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from releases.fs import Location
from releases.hashing import sha256_bytes
from releases.layout import MANIFEST

log = logging.getLogger(__name__)
ENV_KEY = "BOHAI_SIGNING_KEY"
ENV_KEY_FILE = "BOHAI_SIGNING_KEY_FILE"
DEV_KEY_NAME = "signing.key"
ALGORITHM = "ed25519"


class SigningKeyError(RuntimeError):
    """No usable signing key, or a key that cannot be parsed."""


class SignatureError(ValueError):
    """A signature document is malformed or does not match the manifest."""


def key_id(public_raw: bytes) -> str:
    """Short, stable id of a public key: the first 16 hex digits of its sha256."""
    return sha256_bytes(public_raw)[:16]


def _raw_public(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _parse_private(text: str, origin: str) -> Ed25519PrivateKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise SigningKeyError(f"{origin}: not an Ed25519 private key")
            return key
        try:
            seed = bytes.fromhex(text)
        except ValueError:
            seed = base64.b64decode(text, validate=True)
        return Ed25519PrivateKey.from_private_bytes(seed)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise SigningKeyError(
            f"{origin}: expected a PEM Ed25519 key or a 32-byte seed in hex/base64 ({exc})"
        ) from exc


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key and where it came from (never the key material itself in messages)."""

    private: Ed25519PrivateKey
    source: str

    @property
    def public_raw(self) -> bytes:
        """Raw 32-byte public key."""
        return _raw_public(self.private.public_key())

    @property
    def key_id(self) -> str:
        """Id of the public half."""
        return key_id(self.public_raw)

    def public_pem(self) -> bytes:
        """The public key as PEM, for publishing beside the store."""
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign_file(self, data: bytes, signed_file: str) -> bytes:
        """The signature document (JSON) for exactly these bytes of `signed_file`."""
        doc = {
            "algorithm": ALGORITHM,
            "key_id": self.key_id,
            "public_key": base64.b64encode(self.public_raw).decode(),
            "signed_file": signed_file,
            "signed_sha256": sha256_bytes(data),
            "signature": base64.b64encode(self.private.sign(data)).decode(),
        }
        return json.dumps(doc, indent=2).encode("utf-8")

    def sign_manifest(self, manifest_bytes: bytes) -> bytes:
        """The signature document for a release's manifest.json."""
        return self.sign_file(manifest_bytes, MANIFEST)


def _dev_key(dev_dir: Path) -> SigningKey:
    path = dev_dir / DEV_KEY_NAME
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(pem)
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # first writer wins; a concurrent one reuses its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
    log.warning("%s not set: signing with the development key in %s", ENV_KEY, path)
    return SigningKey(_parse_private(path.read_text(), str(path)), f"dev:{path}")


def load_signing_key(key_file: Path | None = None, dev_dir: Path | None = None) -> SigningKey:
    """Key from key_file, else BOHAI_SIGNING_KEY, else BOHAI_SIGNING_KEY_FILE, else a dev key."""
    if key_file is not None:
        return SigningKey(_parse_private(Path(key_file).read_text(), str(key_file)), str(key_file))
    if os.environ.get(ENV_KEY):
        return SigningKey(_parse_private(os.environ[ENV_KEY], ENV_KEY), f"env:{ENV_KEY}")
    if os.environ.get(ENV_KEY_FILE):
        path = Path(os.environ[ENV_KEY_FILE])
        if not path.is_file():
            raise SigningKeyError(f"{ENV_KEY_FILE}={path}: no such file")
        return SigningKey(_parse_private(path.read_text(), str(path)), str(path))
    if dev_dir is not None:
        return _dev_key(dev_dir)
    raise SigningKeyError(f"no signing key: set {ENV_KEY} or {ENV_KEY_FILE}")


def publish_public_key(keys: Location, key: SigningKey) -> Location:
    """Write `<store>/_keys/<key_id>.pem` once, so consumers can pin the publisher's key."""
    target = keys.child(f"{key.key_id}.pem")
    if not target.exists():
        target.write_bytes(key.public_pem())
    return target


def trusted_keys(keys: Location) -> dict[str, bytes]:
    """Public keys found in a `_keys` folder, by key id (ids are recomputed, not trusted)."""
    found: dict[str, bytes] = {}
    for name in keys.children():
        if not name.endswith(".pem"):
            continue
        try:
            public = serialization.load_pem_public_key(keys.child(name).read_bytes())
        except ValueError:
            log.warning("ignoring unreadable public key %s", keys.child(name))
            continue
        if isinstance(public, Ed25519PublicKey):
            raw = _raw_public(public)
            found[key_id(raw)] = raw
    return found


def load_public_key_file(path: Path) -> bytes:
    """Raw public key from a PEM file given on the command line."""
    public = serialization.load_pem_public_key(Path(path).read_bytes())
    if not isinstance(public, Ed25519PublicKey):
        raise SigningKeyError(f"{path}: not an Ed25519 public key")
    return _raw_public(public)


def check_signature(signature_doc: bytes, manifest_bytes: bytes) -> str:
    """Verify a signature document against the signed bytes; returns the signer's key id."""
    try:
        doc = json.loads(signature_doc)
        public_raw = base64.b64decode(doc["public_key"], validate=True)
        signature = base64.b64decode(doc["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise SignatureError(f"malformed signature document: {exc}") from exc
    if doc.get("algorithm") != ALGORITHM:
        raise SignatureError(f"unsupported signature algorithm {doc.get('algorithm')!r}")
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, manifest_bytes)
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError(f"signature does not match {doc.get('signed_file')}") from exc
    return key_id(public_raw)
