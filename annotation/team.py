"""Annotator accounts for blind overlap: each annotator in an organization of their own.

Label Studio Community shows every annotation of a task to everyone who can open the task
(as tabs), and every member of an organization sees all of its projects. So the only thing in
Community that really hides one annotator's work from another is the organization boundary:
each annotator gets their own organization, and their own copy of each project in it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

TEAM_FILE = "bohai_annotators.json"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
# Run inside Label Studio's own virtualenv: create the user, their organization and token.
_CREATE = r"""
import json, os, pathlib, sys
import label_studio
sys.path.insert(0, str(pathlib.Path(label_studio.__file__).parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "label_studio.core.settings.label_studio")
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
from django.db import transaction
from organizations.models import Organization
from rest_framework.authtoken.models import Token
from users.models import User
req = json.loads(sys.stdin.read())
with transaction.atomic():
    user = User.objects.filter(email=req["email"]).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=req["email"], password=req["password"], username=req["name"]
        )
        org = Organization.create_organization(
            created_by=user, title=req["organization"], legacy_api_tokens_enabled=True
        )
        user.active_organization = org
        user.save(update_fields=["active_organization"])
    org = user.active_organization
    jwt = getattr(org, "jwt", None)
    if jwt is not None and not jwt.legacy_api_tokens_enabled:
        jwt.legacy_api_tokens_enabled = True
        jwt.save()
    shared = org.users.exclude(pk=user.pk).count()
    token, _ = Token.objects.get_or_create(user=user)
print("BOHAI_RESULT " + json.dumps({"user_id": user.id, "token": token.key,
      "organization_id": org.id, "created": created, "shared_with": shared}))
"""


class TeamError(RuntimeError):
    """An annotator could not be created or is not isolated; the message says why."""


@dataclass(frozen=True, slots=True)
class Member:
    """One annotator: login email, Label Studio user and organization, and API token (secret)."""

    name: str
    email: str
    user_id: int
    organization_id: int
    token: str

    def __repr__(self) -> str:
        return f"Member(name={self.name!r}, user_id={self.user_id})"


def team_path(data_dir: Path) -> Path:
    """The team file sits beside the database its accounts live in (mode 0600)."""
    return data_dir / TEAM_FILE


def load_team(data_dir: Path) -> list[Member]:
    """The annotators created for this server, sorted by name; empty when there are none."""
    path = team_path(data_dir)
    if not path.is_file():
        return []
    rows = json.loads(path.read_text(encoding="utf-8"))
    return sorted((Member(**r) for r in rows), key=lambda m: m.name)


def _save_team(data_dir: Path, team: list[Member]) -> None:
    path = team_path(data_dir)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump([asdict(m) for m in team], fh, indent=1)
    os.replace(tmp, path)


def add_member(
    venv: Path, data_dir: Path, name: str, password: str, email: str | None = None
) -> tuple[Member, bool]:
    """Create (or find) an annotator in an organization of their own; (member, created now)."""
    if not _NAME.match(name):
        raise TeamError(f"annotator name {name!r}: use 1-40 of a-z 0-9 . _ - (e.g. li.wei)")
    email = email or f"{name}@annotators.bohai.local"
    request = {"name": name, "email": email, "password": password}
    request["organization"] = f"Bohai annotator {name}"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env |= {"LABEL_STUDIO_BASE_DATA_DIR": str(data_dir), "LOG_LEVEL": "ERROR"}
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", _CREATE],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("BOHAI_RESULT ")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise TeamError(f"creating annotator {name!r} failed: {' | '.join(tail)}")
    result = json.loads(lines[-1].removeprefix("BOHAI_RESULT "))
    if result["shared_with"]:
        raise TeamError(
            f"{email} belongs to an organization shared with {result['shared_with']} other "
            "user(s) (signed up through an invite link?); they would see each other's work"
        )
    member = Member(name, email, result["user_id"], result["organization_id"], result["token"])
    team = [m for m in load_team(data_dir) if m.name != name and m.email != email]
    _save_team(data_dir, [*team, member])
    return member, bool(result["created"])


def assignment(keys: list[str], team: list[Member], overlap: int) -> dict[str, list[str]]:
    """Record key -> the `overlap` annotators who label it; a key keeps its annotators."""
    if len(team) < overlap:
        raise TeamError(
            f"overlap {overlap} needs {overlap} annotators, the team has {len(team)}; "
            "add them with `bohai labelstudio user add NAME`"
        )
    names = [m.name for m in team]
    out = {}
    for key in keys:
        first = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % len(names)
        out[key] = [names[(first + j) % len(names)] for j in range(overlap)]
    return out
