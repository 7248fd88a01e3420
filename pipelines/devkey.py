"""A development pseudonym key for the embedded default, kept in the ignored state folder."""

from __future__ import annotations

import logging
import os
import secrets

from pipelines.home import state_dir

log = logging.getLogger(__name__)
ENV = "BOHAI_PSEUDONYM_KEY"


def ensure_dev_key() -> bool:
    """Use BOHAI_PSEUDONYM_KEY if set; else create or reuse .bohai/secrets/pseudonym.key.

    Returns True when the development key is in use, so the CLI can say so.
    """
    if os.environ.get(ENV):
        return False
    path = state_dir() / "secrets" / "pseudonym.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    os.environ[ENV] = path.read_text(encoding="utf-8").strip()
    log.warning("%s not set: using the development key in %s (not for production)", ENV, path)
    return True
