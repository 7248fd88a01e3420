"""Shared fixtures: ../shared/data samples (skipped cleanly when absent) and an isolated home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Root of ../shared/data; skips the test when the samples are not beside the checkout."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared sample data not found at {SHARED_DATA}")
    return SHARED_DATA


def _shared_file(relative: str) -> Path:
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"shared sample {relative} not found at {path}")
    return path


@pytest.fixture(scope="session")
def shared_file() -> Callable[[str], Path]:
    """A function giving the path of one shared sample file, skipping when it is absent.

    A fixture rather than an import: with several conftest.py files and no packages under
    tests/, `from conftest import ...` resolves to whichever conftest loaded last.
    """
    return _shared_file


@pytest.fixture
def bohai_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every Bohai state folder at tmp_path and set a test pseudonym key."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BOHAI_HOME", str(home))
    monkeypatch.setenv("BOHAI_WORK_DIR", str(tmp_path / "work"))
    monkeypatch.setenv("BOHAI_RELEASE_STORE", str(tmp_path / "releases"))
    monkeypatch.setenv("BOHAI_SAMPLES_DIR", str(tmp_path / "samples"))
    monkeypatch.setenv("BOHAI_DATASETS", str(REPO / "datasets"))
    monkeypatch.setenv("BOHAI_PSEUDONYM_KEY", "test-key-0123456789abcdef")
    # Set (not just delete) so monkeypatch restores them after code under test changes them.
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    for var, sub in (
        ("BOHAI_DAGSTER_STORAGE", "storage"),
        ("BOHAI_DAGSTER_ARTIFACTS", "artifacts"),
        ("BOHAI_DAGSTER_COMPUTE_LOGS", "compute_logs"),
    ):
        monkeypatch.setenv(var, str(home / ".bohai" / "dagster" / sub))
    return tmp_path
