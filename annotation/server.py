"""A local Label Studio server on 127.0.0.1: start, stop and status, with a pidfile and a log."""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from annotation.install import executable, install

HOST = "127.0.0.1"
RUNTIME = Path(__file__).resolve().parent / "ls_runtime"
ADMIN_EMAIL = "admin@bohai.local"
DROPPED_ENV = (
    "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "LABEL_STUDIO_API_KEY", "LABEL_STUDIO_URL",
)  # fmt: skip
log = logging.getLogger(__name__)


class ServerError(RuntimeError):
    """Label Studio did not start, or is not the server we started; the message says why."""


@dataclass(frozen=True, slots=True)
class ServerLayout:
    """Where the server's virtualenv, data, pidfile, log and admin credentials live."""

    root: Path
    venv: Path
    data: Path

    @classmethod
    def under(cls, root: Path, venv: Path | None = None, data: Path | None = None) -> ServerLayout:
        """The default layout below one folder (venv/ and data/ inside it)."""
        return cls(root, venv or root / "venv", data or root / "data")

    @property
    def pidfile(self) -> Path:
        """JSON with pid, port and url of the running server."""
        return self.root / "server.json"

    @property
    def log(self) -> Path:
        """The server's stdout and stderr."""
        return self.root / "server.log"

    @property
    def credentials(self) -> Path:
        """Admin user and API token, kept beside the database they were created in."""
        return self.data / "bohai_admin.json"


@dataclass(frozen=True, slots=True)
class Credentials:
    """The admin created non-interactively on the first start; the token is a secret."""

    username: str
    password: str
    token: str
    initialized: bool = False

    def __repr__(self) -> str:
        return f"Credentials(username={self.username!r}, initialized={self.initialized})"


@dataclass(frozen=True, slots=True)
class ServerStatus:
    """Whether our server runs, where, and whether it answers its health check."""

    running: bool
    healthy: bool
    pid: int | None
    url: str | None
    data_dir: Path
    log: Path


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def healthy(url: str, timeout: float = 2.0) -> bool:
    """True when Label Studio answers /health with status UP."""
    try:
        response = httpx.get(f"{url}/health", timeout=timeout)
        return response.status_code == 200 and response.json().get("status") == "UP"
    except (httpx.HTTPError, ValueError):
        return False


def _alive(pid: int) -> bool:
    """True while pid runs and is a Label Studio process (not a zombie, not a reused pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path(f"/proc/{pid}")
    if not proc.is_dir():
        return True
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = (proc / "cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return False
    if state == "Z":
        return False
    return not cmdline or b"label-studio" in cmdline


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


class LabelStudioServer:
    """Manages one Label Studio process whose data lives in an ignored folder."""

    def __init__(self, layout: ServerLayout) -> None:
        self.layout = layout

    def credentials(self) -> Credentials:
        """The admin credentials, generated once per data dir and stored with mode 0600."""
        path = self.layout.credentials
        if path.is_file():
            return Credentials(**json.loads(path.read_text(encoding="utf-8")))
        if (self.layout.data / "label_studio.sqlite3").exists():
            raise ServerError(
                f"{self.layout.data} holds a Label Studio database but no {path.name}; "
                "set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY or remove the data folder"
            )
        creds = Credentials(ADMIN_EMAIL, secrets.token_urlsafe(18), secrets.token_hex(20))
        self._save(creds)
        return creds

    def _save(self, creds: Credentials) -> None:
        path = self.layout.credentials
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(creds), fh)
        os.replace(tmp, path)

    def _read_pidfile(self) -> dict[str, object] | None:
        path = self.layout.pidfile
        if not path.is_file():
            return None
        info = json.loads(path.read_text(encoding="utf-8"))
        if not _alive(int(info["pid"])):
            path.unlink(missing_ok=True)
            return None
        return info

    def status(self) -> ServerStatus:
        """What the pidfile says, checked against the process table and /health."""
        info = self._read_pidfile()
        if info is None:
            return ServerStatus(False, False, None, None, self.layout.data, self.layout.log)
        url = str(info["url"])
        return ServerStatus(
            True, healthy(url), int(info["pid"]), url, self.layout.data, self.layout.log
        )

    def _env(self, creds: Credentials) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
        env |= {
            "LABEL_STUDIO_BASE_DATA_DIR": str(self.layout.data),
            "LABEL_STUDIO_HOST": "",
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            # Accounts come from `bohai labelstudio user add` (or the invite link), not open signup.
            "DISABLE_SIGNUP_WITHOUT_LINK": "true",
            # ls_runtime/sitecustomize.py: annotations are served only inside their organization.
            "BOHAI_LS_SCOPE_OBJECTS": "1",
            "PYTHONPATH": str(RUNTIME),
            "COLLECT_ANALYTICS": "false",
            "LATEST_VERSION_CHECK": "false",
            "SENTRY_DSN": "",
            "FRONTEND_SENTRY_DSN": "",
        }
        if not creds.initialized:
            env |= {
                "LABEL_STUDIO_USERNAME": creds.username,
                "LABEL_STUDIO_PASSWORD": creds.password,
                "LABEL_STUDIO_USER_TOKEN": creds.token,
            }
        return env

    def start(self, port: int | None = None, timeout: float = 300.0) -> ServerStatus:
        """Install if needed, start on 127.0.0.1 and wait until healthy and the token works."""
        current = self.status()
        if current.running:
            if not current.healthy:
                self._wait(str(current.url), current.pid or 0, timeout)
            return self.status()
        install(self.layout.venv)
        creds = self.credentials()
        port = port or free_port()
        url = f"http://{HOST}:{port}"
        self.layout.root.mkdir(parents=True, exist_ok=True)
        cmd = [str(executable(self.layout.venv)), "start", "--no-browser"]
        cmd += ["--internal-host", HOST, "--port", str(port), "--data-dir", str(self.layout.data)]
        with self.layout.log.open("a", encoding="utf-8") as out:
            out.write(f"\n=== {datetime.now(UTC).isoformat()} start on {url}\n")
            out.flush()
            proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self._env(creds),
                cwd=self.layout.root,
                start_new_session=True,
            )
        info = {"pid": proc.pid, "port": port, "url": url, "started_at": time.time()}
        self.layout.pidfile.write_text(json.dumps(info), encoding="utf-8")
        try:
            self._wait(url, proc.pid, timeout)
            self._check_token(url, creds)
        except ServerError:
            self.stop()
            raise
        if not creds.initialized:
            self._save(Credentials(creds.username, creds.password, creds.token, True))
        log.info("Label Studio %s running at %s (pid %s)", self.layout.data, url, proc.pid)
        return self.status()

    def _wait(self, url: str, pid: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                raise ServerError(f"Label Studio exited during start; see {self.layout.log}")
            if healthy(url):
                return
            time.sleep(1.0)
        raise ServerError(f"Label Studio not healthy at {url} after {timeout:.0f}s")

    def _check_token(self, url: str, creds: Credentials) -> None:
        headers = {"Authorization": f"Token {creds.token}"}
        response = httpx.get(f"{url}/api/current-user/whoami", headers=headers, timeout=10)
        if response.status_code != 200:
            raise ServerError(
                f"the admin token of {self.layout.credentials} is refused ({response.status_code});"
                " legacy tokens must be enabled on the very first start of a data folder"
            )

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the server we started (SIGTERM, then SIGKILL); False when none was running."""
        info = self._read_pidfile()
        if info is None:
            return False
        pid = int(info["pid"])
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _alive(pid):
                _reap(pid)
                time.sleep(0.2)
            if not _alive(pid):
                break
        self.layout.pidfile.unlink(missing_ok=True)
        return True


def migrated_template(root: Path, venv: Path, timeout: float = 900.0) -> Path:
    """A data folder already migrated and with its admin, made once; copies start in seconds."""
    data = root / "data"
    if (data / "bohai_admin.json").is_file() and (data / "label_studio.sqlite3").is_file():
        creds = json.loads((data / "bohai_admin.json").read_text(encoding="utf-8"))
        if creds.get("initialized"):
            return data
    shutil.rmtree(root, ignore_errors=True)
    server = LabelStudioServer(ServerLayout.under(root, venv=venv))
    try:
        server.start(timeout=timeout)
    finally:
        server.stop()
    return data
