"""The server manager: credentials made once and kept private, honest status, safe stop."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from annotation.server import LabelStudioServer, ServerError, ServerLayout, free_port
from pipelines.commands.labelstudio import app


def test_free_port_is_on_loopback_and_unused() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_credentials_are_generated_once_with_private_mode(tmp_path: Path) -> None:
    server = LabelStudioServer(ServerLayout.under(tmp_path))
    creds = server.credentials()
    assert len(creds.token) == 40 and not creds.initialized
    assert server.credentials() == creds
    assert server.layout.credentials.stat().st_mode & 0o777 == 0o600
    assert creds.token not in repr(creds) and creds.password not in repr(creds)


def test_database_without_credentials_is_refused(tmp_path: Path) -> None:
    layout = ServerLayout.under(tmp_path)
    layout.data.mkdir(parents=True)
    (layout.data / "label_studio.sqlite3").write_bytes(b"")
    with pytest.raises(ServerError, match="no bohai_admin.json"):
        LabelStudioServer(layout).credentials()


def test_stale_pidfile_is_not_reported_as_running(tmp_path: Path) -> None:
    server = LabelStudioServer(ServerLayout.under(tmp_path))
    tmp_path.mkdir(exist_ok=True)
    # our own pid is alive but is not Label Studio: a reused pid must not be stopped
    server.layout.pidfile.write_text(json.dumps({"pid": os.getpid(), "url": "http://x"}))
    assert not server.status().running
    assert not server.layout.pidfile.exists()
    assert server.stop() is False


def test_cli_status_and_existing_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    runner = CliRunner()
    stopped = runner.invoke(app, ["status", "--home", str(tmp_path)])
    assert stopped.exit_code == 3 and "not running" in stopped.output
    assert "no Label Studio" in runner.invoke(app, ["stop", "--home", str(tmp_path)]).output
    port = free_port()
    monkeypatch.setenv("LABEL_STUDIO_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "secret-key-never-printed")
    started = runner.invoke(app, ["start", "--home", str(tmp_path)])
    assert started.exit_code == 1
    assert "does not answer /health" in " ".join(started.output.split())
    assert "secret-key-never-printed" not in started.output
    assert not (tmp_path / "venv").exists()


def test_a_label_studio_venv_with_sentry_sdk_3_is_repaired(tmp_path: Path) -> None:
    """sentry-sdk 3 breaks Label Studio 1.23.2's management commands: such a venv is redone."""
    from annotation.install import _constraints_hold

    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    assert _constraints_hold(tmp_path / "venv"), "no sentry-sdk at all is fine"
    (site / "sentry_sdk-2.76.0.dist-info").mkdir()
    assert _constraints_hold(tmp_path / "venv")
    (site / "sentry_sdk-2.76.0.dist-info").rmdir()
    (site / "sentry_sdk-3.0.0.dist-info").mkdir()
    assert not _constraints_hold(tmp_path / "venv")
