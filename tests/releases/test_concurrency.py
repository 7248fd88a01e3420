"""Publishing is atomic: racing publishers get one winner; a killed publisher leaves no trace."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from cryptography.hazmat.primitives import serialization
from release_helpers import base_fields, fixes, key_from_seed, publish_worker, schema_of

from releases.catalog import sync_catalog
from releases.commit import STAGING_PREFIX, VersionExistsError, rename_noreplace
from releases.publish import publish
from releases.refs import DatasetRef, RefError, parse_version
from releases.signing import SigningKey
from releases.store import ReleaseStore
from releases.verify import verify_release

DS = "marine/fixes"
KILL_ROUNDS = 15


@pytest.fixture(scope="module")
def ctx() -> mp.context.BaseContext:
    """A forkserver with the release code preloaded, so each child starts in milliseconds."""
    context = mp.get_context("forkserver")
    context.set_forkserver_preload(["releases.publish", "release_helpers"])
    return context


def _seed(key: SigningKey) -> bytes:
    return key.private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _write_parts(folder: Path, parts: int, rows: int = 3_000) -> dict[str, str]:
    files = {}
    for i in range(parts):
        path = folder / f"p{i:02d}.parquet"
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            fixes(rows, start=i * rows).write_parquet(path)
        files[f"data/fixes/p{i:02d}.parquet"] = str(path)
    return files


def _assert_no_partial_release(store: ReleaseStore) -> None:
    listed = store.versions(DS)
    for version in listed:
        report = verify_release(store.resolve(DatasetRef(DS, version)))
        assert report.ok, (version, report.problems)
    folder = store.dataset_location(DS).as_path()
    for child in folder.iterdir() if folder.is_dir() else []:
        try:
            parse_version(child.name)
        except RefError:
            continue
        assert child.name in listed, f"{child} is visible but not a complete release"


def test_rename_never_replaces_an_existing_folder(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "empty").mkdir()
    with pytest.raises(VersionExistsError):
        rename_noreplace(tmp_path / "src", tmp_path / "empty")  # plain os.rename would succeed
    assert (tmp_path / "src").is_dir() and (tmp_path / "empty").is_dir()


def test_empty_folder_squatting_a_version_is_not_overwritten(
    store: ReleaseStore, publish_frames: Callable
) -> None:
    squat = store.dataset_location(DS).as_path() / "1.0.0"
    squat.mkdir(parents=True)
    with pytest.raises(VersionExistsError, match="holds no published release"):
        publish_frames(store, DS, {"fixes": {"d1": fixes(10)}})
    assert list(squat.iterdir()) == [] and store.versions(DS) == []


def test_two_racing_publishers_one_wins(
    ctx: mp.context.BaseContext, tmp_path: Path, signing_key: SigningKey
) -> None:
    store = ReleaseStore(tmp_path / "store")
    gate, results = ctx.Barrier(2), ctx.Queue()
    events = [ctx.Event(), ctx.Event()]  # keep every sync object referenced until joined
    racers = []
    for name, ready in zip(("a", "b"), events, strict=True):
        files = _write_parts(tmp_path / f"src-{name}", 2 if name == "a" else 3, rows=2_000)
        racers.append(
            ctx.Process(
                target=publish_worker,
                args=(str(store.root), DS, files, _seed(signing_key), ready, gate, results),
            )
        )
    for p in racers:
        p.start()
    for p in racers:
        p.join(60)
        assert p.exitcode == 0
    outcomes = sorted([results.get(timeout=5), results.get(timeout=5)])
    assert [o[0] for o in outcomes] == ["conflict", "ok"]
    assert outcomes[1][1] == "1.0.0"
    assert "another publisher released marine/fixes@1.0.0" in outcomes[0][1]
    assert store.versions(DS) == ["1.0.0"]
    assert verify_release(store.resolve(DatasetRef(DS, "1.0.0"))).ok
    leftovers = [
        p.name
        for p in store.dataset_location(DS).as_path().iterdir()
        if p.name.startswith(STAGING_PREFIX)
    ]
    assert leftovers == []


def test_sigkill_at_random_points_never_leaves_a_partial_release(
    ctx: mp.context.BaseContext, tmp_path: Path, signing_key: SigningKey
) -> None:
    store = ReleaseStore(tmp_path / "store")
    seed = _seed(signing_key)
    calibrate = ctx.Event()
    probe = ctx.Process(
        target=publish_worker,
        args=(str(tmp_path / "probe"), DS, _write_parts(tmp_path / "src", 3), seed, calibrate),
    )
    probe.start()
    assert calibrate.wait(60)
    started = time.monotonic()
    probe.join(60)
    window = max(0.05, time.monotonic() - started)  # one whole publish, imports excluded
    rng = random.Random(20261101)
    killed = 0
    for round_ in range(KILL_ROUNDS):
        files = _write_parts(tmp_path / "src", 3 + round_)
        ready = ctx.Event()
        child = ctx.Process(target=publish_worker, args=(str(store.root), DS, files, seed, ready))
        child.start()
        assert ready.wait(30)
        time.sleep(rng.uniform(0, 1.3 * window))  # now and then past the end: kill nothing
        if child.is_alive():
            try:
                os.kill(child.pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:  # it finished between the check and the kill
                pass
        child.join(30)
        _assert_no_partial_release(store)
    assert killed >= KILL_ROUNDS // 3, "at least a third of the rounds must kill mid-publish"
    final = _write_parts(tmp_path / "src", 3 + KILL_ROUNDS)
    frames = {"fixes": {"x": pl.read_parquet(next(iter(final.values())), n_rows=1)}}
    result = publish(
        store,
        DS,
        {k: Path(v) for k, v in final.items()},
        base_fields(),
        schema_of(frames),
        signing_key=key_from_seed(seed),
    )
    assert verify_release(result.path).ok
    assert store.latest(DS) == result.version
    _assert_no_partial_release(store)
    folder = store.dataset_location(DS).as_path()
    assert not [p for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX)]
    sync_catalog(store)
