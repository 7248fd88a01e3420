"""Where Bohai keeps its state: the project home, the work area, samples and the release store."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
INSTANCE_FILE = "dagster.yaml"
log = logging.getLogger(__name__)


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


def ensure_instance_file(dagster_home: Path) -> Path | None:
    """Copy the committed dagster.yaml into a DAGSTER_HOME that has none (a BOHAI_HOME made for
    one's own data), so Dagster does not fall back to its defaults: state spread over the
    home, telemetry on, no dead-run monitoring. Returns the file written, if any."""
    target, committed = dagster_home / INSTANCE_FILE, PACKAGE_ROOT / INSTANCE_FILE
    if target.exists() or not committed.is_file():
        return None
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(committed, target)
    log.warning("%s had no %s: wrote Bohai's (state under .bohai/dagster, telemetry off)",
                dagster_home, INSTANCE_FILE)  # fmt: skip
    return target


def configure_environment() -> Path:
    """Point Dagster at the project home so it reads the committed dagster.yaml."""
    home = project_home()
    os.environ.setdefault("BOHAI_HOME", str(home))
    os.environ.setdefault("DAGSTER_HOME", str(home))
    ensure_instance_file(Path(os.environ["DAGSTER_HOME"]))
    dagster_state = state_dir() / "dagster"
    for var, sub in (
        ("BOHAI_DAGSTER_STORAGE", "storage"),
        ("BOHAI_DAGSTER_ARTIFACTS", "artifacts"),
        ("BOHAI_DAGSTER_COMPUTE_LOGS", "compute_logs"),
    ):
        os.environ.setdefault(var, str(dagster_state / sub))
        Path(os.environ[var]).mkdir(parents=True, exist_ok=True)
    return home
