"""Label Studio in its own virtualenv: it pins pyarrow<25 and would downgrade the main one."""

from __future__ import annotations

import fcntl
import logging
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

LABEL_STUDIO_VERSION = "1.23.2"
# Label Studio 1.23.2 leaves its dependencies' newest majors open: sentry-sdk 3.0 (December 2026)
# refuses an option it passes, and every management command (creating an annotator) fails.
CONSTRAINTS = ("sentry-sdk<3",)
log = logging.getLogger(__name__)


class InstallError(RuntimeError):
    """Installing Label Studio into its virtualenv failed; the message points at the log."""


@dataclass(frozen=True, slots=True)
class InstallResult:
    """Where Label Studio is installed and whether this call had to install it."""

    venv: Path
    version: str
    installed_now: bool
    seconds: float


def executable(venv: Path) -> Path:
    """The `label-studio` console script inside the virtualenv."""
    return venv / "bin" / "label-studio"


def installed_version(venv: Path) -> str | None:
    """The label-studio version in the virtualenv, None when it is absent or broken."""
    python = venv / "bin" / "python"
    if not python.is_file() or not executable(venv).is_file():
        return None
    probe = "import importlib.metadata as m; print(m.version('label-studio'))"
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def _constraints_hold(venv: Path) -> bool:
    """False when an installed sentry-sdk is 3.x (a venv made before the constraint)."""
    found = venv.glob("lib/python*/site-packages/sentry_sdk-*.dist-info")
    majors = [d.name.split("-")[1].split(".")[0] for d in found]
    return all(m.isdigit() and int(m) < 3 for m in majors)


def _run(cmd: list[str], log_path: Path) -> None:
    with log_path.open("a", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}\n")
        fh.flush()
        done = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        raise InstallError(f"{' '.join(cmd[:4])} … failed ({done.returncode}); see {log_path}")


def install(
    venv: Path, version: str = LABEL_STUDIO_VERSION, python: str | None = None
) -> InstallResult:
    """Create the virtualenv and pip-install label-studio once; later calls reuse it."""
    started = time.monotonic()
    venv.parent.mkdir(parents=True, exist_ok=True)
    lock_path = venv.parent / f".{venv.name}.install.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = installed_version(venv)
        if found == version and _constraints_hold(venv):
            return InstallResult(venv, found, False, time.monotonic() - started)
        log_path = venv.parent / "install.log"
        log.info("installing label-studio==%s into %s (log: %s)", version, venv, log_path)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        if not (venv / "bin" / "python").is_file():
            _run([python or sys.executable, "-m", "venv", str(venv)], log_path)
        _run([*pip, "install", "--quiet", "--upgrade", "pip", "wheel"], log_path)
        _run([*pip, "install", "--quiet", f"label-studio=={version}", *CONSTRAINTS], log_path)
        found = installed_version(venv)
        if found != version:
            raise InstallError(f"{venv}: expected label-studio {version}, found {found}")
        return InstallResult(venv, found, True, time.monotonic() - started)
