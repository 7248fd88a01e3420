"""Shared storage through fsspec URIs: publish, list, verify, pull and read without a local path."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import fsspec
import pytest
from release_helpers import fixes

from releases.commit import CLAIMS_DIR, ConcurrentPublishError
from releases.consume import open_release
from releases.pull import pull
from releases.refs import DatasetRef
from releases.store import ReleaseStore
from releases.verify import verify_release

DS = "marine/fixes"


@pytest.fixture
def memory_root() -> Iterator[str]:
    """A fresh memory:// store root, removed afterwards."""
    root = f"memory://bohai-test-{uuid.uuid4().hex}"
    yield root
    fs = fsspec.filesystem("memory")
    if fs.exists(root):
        fs.rm(root, recursive=True)


@pytest.mark.parametrize("kind", ["memory", "file"])
def test_publish_verify_pull_and_read_over_fsspec(
    kind: str, memory_root: str, tmp_path: Path, publish_frames: Callable
) -> None:
    root = memory_root if kind == "memory" else (tmp_path / "shared").as_uri()
    store = ReleaseStore(root)
    assert not store.local
    first = publish_frames(store, DS, {"fixes": {"d1": fixes(40)}})
    second = publish_frames(store, DS, {"fixes": {"d1": fixes(40), "d2": fixes(10, start=40)}})
    assert (first.version, second.version, second.change.kind) == ("1.0.0", "1.1.0", "MINOR")
    assert isinstance(second.path, str) and second.path.startswith(root.split("://")[0])
    assert store.versions(DS) == ["1.0.0", "1.1.0"]
    assert verify_release(second.path).ok
    target, report = pull(store, DatasetRef(DS, "latest"), tmp_path / "pulled")
    assert report.ok and target.name == "1.1.0" and verify_release(target).ok
    frame = open_release(DatasetRef(DS, "1.1.0"), store).lazy().collect()
    assert frame.height == 50 and frame["lat"].max() == pytest.approx(38.049)
    claims = store.dataset_location(DS).child(CLAIMS_DIR).children()
    assert claims == ["after-1.0.0", "after-none"]


def test_corruption_on_shared_storage_is_refused(
    memory_root: str, tmp_path: Path, publish_frames: Callable
) -> None:
    store = ReleaseStore(memory_root)
    result = publish_frames(store, DS, {"fixes": {"d1": fixes(40)}})
    fs = fsspec.filesystem("memory")
    victim = f"{result.path}/data/fixes/d1.parquet".split("://", 1)[1]
    data = bytearray(fs.cat_file(victim))
    data[60] ^= 0x01
    fs.pipe_file(victim, bytes(data))
    assert not verify_release(result.path).ok
    with pytest.raises(Exception, match="sha256"):
        pull(store, DatasetRef(DS, "1.0.0"), tmp_path / "pulled")


def test_claims_give_one_winner_and_dead_claims_are_taken_over(
    memory_root: str, publish_frames: Callable
) -> None:
    store = ReleaseStore(memory_root)
    claim = store.dataset_location(DS).child(CLAIMS_DIR, "after-none")
    host = socket.gethostname()
    live = {"owner": f"{host}-{os.getpid()}", "version": "1.0.0", "at": time.time()}
    claim.write_bytes(json.dumps(live).encode())
    with pytest.raises(ConcurrentPublishError, match="being published by"):
        publish_frames(store, DS, {"fixes": {"d1": fixes(5)}})
    assert store.versions(DS) == []
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    claim.write_bytes(json.dumps(live | {"owner": f"{host}-{dead.stdout.strip()}"}).encode())
    store.dataset_location(DS).child("1.0.0", "data", "fixes", "junk.parquet").write_bytes(b"x")
    result = publish_frames(store, DS, {"fixes": {"d1": fixes(5)}})
    assert result.version == "1.0.0" and verify_release(result.path).ok
