"""Tests for file_copies: which files of one read hold the very same bytes."""

from __future__ import annotations

from pathlib import Path

from connectors.file_copies import file_copies


def test_file_copies_hashes_only_files_of_equal_size(tmp_path: Path) -> None:
    names = {"a": b"x\n", "b": b"y\n", "c": b"x\n", "d": b"xx\n"}
    for name, data in names.items():
        (tmp_path / name).write_bytes(data)
    paths = [tmp_path / n for n in names]
    assert file_copies(paths) == {tmp_path / "c": tmp_path / "a"}
