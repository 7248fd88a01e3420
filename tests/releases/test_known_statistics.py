"""Statistics computed when a file was written are reused only for exactly those bytes."""

from __future__ import annotations

from pathlib import Path

from release_helpers import base_fields, fixes, schema_of

from releases.hashing import copy_hashed, sha256_file
from releases.publish import publish
from releases.signing import SigningKey
from releases.stats import column_statistics
from releases.store import ReleaseStore

DS = "marine/fixes"


def _file(tmp_path: Path, name: str, rows: int) -> Path:
    path = tmp_path / "src" / f"{name}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    fixes(rows).write_parquet(path)
    return path


def test_known_statistics_are_used_for_their_file_and_ignored_for_others(
    tmp_path: Path, store: ReleaseStore, signing_key: SigningKey
) -> None:
    one, two = _file(tmp_path, "one", 20), _file(tmp_path, "two", 30)
    marked = column_statistics([one]) | {"marker": {"rows": -1}}
    stale = {"not the file": {"rows": -2}}
    known = {sha256_file(one): marked, "0" * 64: stale}
    frames = {"fixes": {"d1": fixes(20)}, "ports": {"d1": fixes(30)}}
    result = publish(
        store,
        DS,
        {"data/fixes/d1.parquet": one, "data/ports/d1.parquet": two},
        base_fields(),
        schema_of(frames),
        signing_key=signing_key,
        known_statistics=known,
    )
    tables = result.manifest["tables"]
    assert tables["fixes"]["statistics"] == marked
    assert tables["ports"]["statistics"] == column_statistics([two])


def test_a_table_of_several_files_is_read_whole(
    tmp_path: Path, store: ReleaseStore, signing_key: SigningKey
) -> None:
    one, two = _file(tmp_path, "one", 20), _file(tmp_path, "two", 30)
    known = {sha256_file(one): {"x": {"rows": -1}}, sha256_file(two): {"x": {"rows": -2}}}
    frames = {"fixes": {"d1": fixes(20), "d2": fixes(30)}}
    result = publish(
        store,
        DS,
        {"data/fixes/d1.parquet": one, "data/fixes/d2.parquet": two},
        base_fields(),
        schema_of(frames),
        signing_key=signing_key,
        known_statistics=known,
    )
    assert result.manifest["tables"]["fixes"]["statistics"] == column_statistics([one, two])


def test_the_release_copy_is_hashed_as_written(tmp_path: Path) -> None:
    source = _file(tmp_path, "one", 50)
    target = tmp_path / "copy.parquet"
    assert copy_hashed(source, target) == sha256_file(source)
    assert target.read_bytes() == source.read_bytes()
