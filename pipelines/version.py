"""The code version recorded in every release: package version plus git commit when known."""

from __future__ import annotations

import subprocess
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from pipelines.home import PACKAGE_ROOT


@cache
def code_version() -> str:
    """e.g. '0.1.0+g1a2b3c4' (with '.dirty' when the tree has uncommitted changes)."""
    try:
        base = version("bohai")
    except PackageNotFoundError:
        base = "0.0.0"
    try:
        sha = subprocess.run(
            ["git", "-C", str(PACKAGE_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(PACKAGE_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return base
    return f"{base}+g{sha}" + (".dirty" if dirty else "")
