"""Shared fixtures: the ../shared/data samples (skipped cleanly when absent) and an isolated home."""

from __future__ import annotations

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


def shared_file(relative: str) -> Path:
    """Path of one shared sample file, skipping the test when it is absent."""
    path = SHARED_DATA / relative
    if not path.is_file():
        pytest.skip(f"shared sample {relative} not found at {path}")
    return path
