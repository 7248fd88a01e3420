"""Source files named in a release by content only, when a spec says their names are personal."""

from __future__ import annotations

from typing import Any

WITHHELD = "withheld: the spec treats source file names as personal"


def withhold_name(raw: dict[str, Any]) -> dict[str, Any]:
    """A raw-file entry whose name is its sha256 and whose uri says why (size and hash stay)."""
    return raw | {"name": f"sha256:{raw['sha256']}", "uri": WITHHELD}
