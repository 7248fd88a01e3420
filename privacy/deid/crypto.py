"""Reversible encryption (AES-SIV deterministic, AES-GCM randomized) for re-identification.

Keys are derived with HKDF-SHA256 from one secret (BOHAI_ENCRYPTION_KEY), so the same secret
serves both modes without reusing key material. The column's domain is bound as associated
data: a token copied into another column does not decrypt there.
"""

from __future__ import annotations

import base64
import os
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from privacy.deid.pseudonym import MissingKeyError

Mode = Literal["siv", "gcm"]
MIN_SECRET_BYTES = 32
TOKEN_PREFIX = "enc1"
_NONCE_BYTES = 12
_KEY_BYTES: dict[str, int] = {"siv": 64, "gcm": 32}


class DecryptionError(ValueError):
    """A token is malformed, was made with another key or domain, or was altered."""


def encryption_key_from_env(var: str) -> bytes:
    """Read the encryption secret; refuse short ones rather than encrypt weakly."""
    value = os.environ.get(var, "")
    if len(value.encode()) < MIN_SECRET_BYTES:
        raise MissingKeyError(
            f"environment variable {var} must hold a secret of at least {MIN_SECRET_BYTES} bytes "
            "(reversible encryption needs it; keep it apart from the pseudonym key)"
        )
    return value.encode()


def _derive(secret: bytes, mode: str) -> bytes:
    """Mode-specific key from the secret (HKDF-SHA256)."""
    if len(secret) < MIN_SECRET_BYTES:
        raise MissingKeyError(f"encryption secret must be at least {MIN_SECRET_BYTES} bytes")
    return HKDF(
        algorithm=hashes.SHA256(),
        length=_KEY_BYTES[mode],
        salt=b"bohai-encrypt-v1",
        info=f"bohai/{mode}".encode(),
    ).derive(secret)


def _b64(data: bytes) -> str:
    """URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    """Inverse of _b64."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt_values(values: list[str], secret: bytes, domain: str, mode: Mode) -> list[str]:
    """Tokens `enc1:<mode>:<base64>` for the values; SIV gives equal tokens for equal values."""
    key = _derive(secret, mode)
    aad = domain.encode()
    if mode == "siv":
        siv = AESSIV(key)
        return [f"{TOKEN_PREFIX}:siv:{_b64(siv.encrypt(v.encode(), [aad]))}" for v in values]
    gcm = AESGCM(key)
    out = []
    for v in values:
        nonce = os.urandom(_NONCE_BYTES)
        out.append(f"{TOKEN_PREFIX}:gcm:{_b64(nonce + gcm.encrypt(nonce, v.encode(), aad))}")
    return out


def decrypt(token: str, secret: bytes, domain: str) -> str:
    """The original value of one token (authorized re-identification)."""
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or parts[1] not in _KEY_BYTES:
        raise DecryptionError(f"not a Bohai encryption token ('{TOKEN_PREFIX}:<mode>:...')")
    mode, body = parts[1], parts[2]
    try:
        data = _unb64(body)
        key = _derive(secret, mode)
        if mode == "siv":
            plain = AESSIV(key).decrypt(data, [domain.encode()])
        else:
            plain = AESGCM(key).decrypt(data[:_NONCE_BYTES], data[_NONCE_BYTES:], domain.encode())
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(
            "token does not decrypt with this key and domain (wrong key, wrong column, or altered)"
        ) from exc
    return plain.decode()


def decrypt_values(tokens: list[str | None], secret: bytes, domain: str) -> list[str | None]:
    """decrypt() over a list, keeping nulls (each distinct token is decrypted once)."""
    cache: dict[str, str] = {}
    out: list[str | None] = []
    for t in tokens:
        if t is None:
            out.append(None)
            continue
        if t not in cache:
            cache[t] = decrypt(t, secret, domain)
        out.append(cache[t])
    return out
