"""Where Bohai keeps its state: the project home, the work area, samples and the release store."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def project_home() -> Path:
    """BOHAI_HOME, else the checkout this package runs from (it holds dagster.yaml), else cwd."""
    env = os.environ.get("BOHAI_HOME")
    if env:
        return Path(env).resolve()
    if (PACKAGE_ROOT / "dagster.yaml").is_file():
        return PACKAGE_ROOT
    return Path.cwd().resolve()


def state_dir() -> Path:
    """The ignored folder for all local state (`.bohai/`)."""
    return project_home() / ".bohai"


def work_dir() -> Path:
    """Intermediate stage outputs, per dataset and partition."""
    return Path(os.environ.get("BOHAI_WORK_DIR", state_dir() / "work"))


def samples_dir() -> Path:
    """Generated sample inputs for the embedded default."""
    return Path(os.environ.get("BOHAI_SAMPLES_DIR", state_dir() / "samples"))


def release_store_dir() -> Path | str:
    """Release store root: a local folder, or an fsspec URI kept as a string."""
    env = os.environ.get("BOHAI_RELEASE_STORE")
    if env and "://" in env:
        return env
    return Path(env) if env else state_dir() / "releases"


def datasets_dir() -> Path:
    """Folder of dataset specs (BOHAI_DATASETS overrides)."""
    return Path(os.environ.get("BOHAI_DATASETS", project_home() / "datasets"))


def configure_environment() -> Path:
    """Point Dagster at the project home so it reads the committed dagster.yaml."""
    home = project_home()
    os.environ.setdefault("BOHAI_HOME", str(home))
    os.environ.setdefault("DAGSTER_HOME", str(home))
    dagster_state = state_dir() / "dagster"
    for var, sub in (
        ("BOHAI_DAGSTER_STORAGE", "storage"),
        ("BOHAI_DAGSTER_ARTIFACTS", "artifacts"),
        ("BOHAI_DAGSTER_COMPUTE_LOGS", "compute_logs"),
    ):
        os.environ.setdefault(var, str(dagster_state / sub))
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)
    return home
