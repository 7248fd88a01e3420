"""Where the project's Label Studio is and who annotates: read from `.bohai/labelstudio`.

`bohai labelstudio start` writes the server's address (server.json), the admin token
(data/bohai_admin.json) and `bohai labelstudio user add` the team (data/bohai_annotators.json),
so commands and Dagster assets find them without shell exports. LABEL_STUDIO_URL and
LABEL_STUDIO_API_KEY still point at an external server when set.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annotation.client import LabelStudioUnavailable
from annotation.server import LabelStudioServer, ServerLayout
from annotation.team import Member, load_team
from pipelines.home import state_dir


def managed_server(root: Path | None = None) -> LabelStudioServer:
    """The managed server; BOHAI_LABELSTUDIO_HOME/VENV/DATA move its parts."""
    base = root or Path(os.environ.get("BOHAI_LABELSTUDIO_HOME", state_dir() / "labelstudio"))
    venv = os.environ.get("BOHAI_LABELSTUDIO_VENV")
    data = os.environ.get("BOHAI_LABELSTUDIO_DATA")
    return LabelStudioServer(
        ServerLayout.under(base, Path(venv) if venv else None, Path(data) if data else None)
    )


@dataclass(frozen=True, slots=True)
class Connection:
    """URL, admin token (secret) and annotator team of the Label Studio to use."""

    url: str
    token: str
    team: list[Member]
    source: str  # "project state" or "environment"

    def __repr__(self) -> str:
        return f"Connection(url={self.url!r}, team={len(self.team)}, source={self.source!r})"


def external() -> tuple[str, str] | None:
    """LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY when both are set."""
    url, key = os.environ.get("LABEL_STUDIO_URL"), os.environ.get("LABEL_STUDIO_API_KEY")
    return (url.rstrip("/"), key) if url and key else None


def connection(root: Path | None = None) -> Connection:
    """The environment's server when set, else the one `bohai labelstudio start` runs."""
    server = managed_server(root)
    team = load_team(server.layout.data)
    outside = external()
    if outside:
        return Connection(outside[0], outside[1], team, "environment")
    status = server.status()
    if not status.running or not status.url:
        raise LabelStudioUnavailable(
            "Label Studio is not running: `bohai labelstudio start` (or set LABEL_STUDIO_URL "
            "and LABEL_STUDIO_API_KEY for an existing server)"
        )
    return Connection(status.url, server.credentials().token, team, "project state")
