"""Fixtures for release tests: a signing key, a store in tmp_path and a way to publish frames."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from release_helpers import Frames, base_fields, schema_of

from releases.publish import PublishResult, publish
from releases.signing import SigningKey
from releases.store import ReleaseStore


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    """A throwaway Ed25519 key for the whole test session."""
    return SigningKey(Ed25519PrivateKey.generate(), "tests")


@pytest.fixture
def store(tmp_path: Path) -> ReleaseStore:
    """An empty local store in tmp_path."""
    return ReleaseStore(tmp_path / "store")


@pytest.fixture
def publish_frames(tmp_path: Path, signing_key: SigningKey) -> Callable[..., PublishResult]:
    """Write frames to Parquet and publish them as `data/<table>/<partition>.parquet`."""
    counter = iter(range(10_000))

    def run(store: ReleaseStore, dataset: str, frames: Frames, **fields: Any) -> PublishResult:
        src = tmp_path / f"src-{next(counter)}"
        files = {}
        for table, parts in frames.items():
            for part, frame in parts.items():
                path = src / table / f"{part}.parquet"
                path.parent.mkdir(parents=True, exist_ok=True)
                frame.write_parquet(path)
                files[f"data/{table}/{part}.parquet"] = path
        return publish(
            store, dataset, files, base_fields(**fields), schema_of(frames), signing_key=signing_key
        )

    return run
