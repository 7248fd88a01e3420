"""A real Label Studio for the `labelstudio` tests: installed once, started per session."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from label_studio_sdk import LabelStudio
from labelstudio_accounts import ANNOTATOR_PASSWORD, signup

from annotation.install import install
from annotation.server import LabelStudioServer, ServerLayout, migrated_template
from annotation.team import Member, add_member

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("BOHAI_LABELSTUDIO_CACHE", REPO / ".bohai" / "labelstudio"))


@dataclass
class LiveServer:
    """The running test server: its manager, address and admin token."""

    server: LabelStudioServer
    url: str
    port: int
    token: str

    def restart(self) -> None:
        """Stop and start again on the same port, keeping the data."""
        self.server.stop()
        status = self.server.start(port=self.port)
        assert status.url == self.url


@pytest.fixture(scope="session")
def label_studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Label Studio on a free 127.0.0.1 port with a fresh copy of the migrated data."""
    venv = Path(os.environ.get("BOHAI_LABELSTUDIO_VENV", CACHE / "venv"))
    started = time.monotonic()
    result = install(venv)
    if result.installed_now:
        print(f"\nlabel-studio {result.version} installed in {result.seconds:.0f}s")
    root = tmp_path_factory.mktemp("labelstudio")
    shutil.copytree(migrated_template(CACHE / "test-template", venv), root / "data")
    server = LabelStudioServer(ServerLayout.under(root, venv=venv))
    status = server.start(timeout=300)
    print(f"\nLabel Studio at {status.url} ready after {time.monotonic() - started:.0f}s")
    assert status.url is not None
    try:
        yield LiveServer(
            server, status.url, int(status.url.rsplit(":", 1)[1]), server.credentials().token
        )
    finally:
        server.stop()


@dataclass
class Annotator:
    """A signed-up user with an SDK client authenticated as that user."""

    email: str
    sdk: LabelStudio


def invite_token(label_studio: LiveServer) -> str:
    """The admin organization's invite token (open signup is disabled by the server starter)."""
    headers = {"Authorization": f"Token {label_studio.token}"}
    answer = httpx.get(f"{label_studio.url}/api/invite", headers=headers, timeout=30)
    answer.raise_for_status()
    return str(answer.json()["token"])


@pytest.fixture(scope="session")
def annotators(label_studio: LiveServer) -> list[Annotator]:
    """Two annotators invited into the admin's organization (a shared, not blind, project)."""
    out = []
    invite = invite_token(label_studio)
    for name in ("li.wei", "wang.fang"):
        email = f"{name}@annotators.bohai.local"
        token = signup(label_studio.url, email, ANNOTATOR_PASSWORD, invite)
        out.append(Annotator(email, LabelStudio(base_url=label_studio.url, api_key=token)))
    return out


@pytest.fixture(scope="session")
def team(label_studio: LiveServer) -> list[Member]:
    """Two annotators made by `bohai labelstudio user add`: each in an organization of their own."""
    layout = label_studio.server.layout
    return [
        add_member(layout.venv, layout.data, name, ANNOTATOR_PASSWORD)[0]
        for name in ("zhao.min", "sun.li")
    ]
