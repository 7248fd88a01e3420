"""`bohai releases`: one row per published version, laid out for the terminal's width."""

from __future__ import annotations

from typing import Any

from rich.table import Table

# Below this many columns the full table drops release id, files and signer (kept in --json and
# `bohai show`), shortens the time and wraps the change summary instead of cutting it.
WIDE = 150
_WIDE_COLUMNS = ("version", "release id", "rows", "files", "created", "change", "grade", "signer")
_NARROW_COLUMNS = ("version", "created", "rows", "grade", "change")


def version_row(version: str, manifest: dict[str, Any]) -> dict[str, Any]:
    """What the listing says about one version (every field, for --json too)."""
    change = manifest.get("change")
    change = change if isinstance(change, dict) else {"kind": "", "summary": change or ""}
    return {
        "version": version,
        "release_id": manifest["release_id"],
        "rows": manifest["rows"],
        "files": len(manifest["files"]),
        "created_at": manifest["created_at"],
        "change": {"kind": change.get("kind", ""), "summary": change.get("summary", "")},
        "grade": str(manifest.get("data_grade", {}).get("grade", "")),
        "signer": str(manifest.get("signing_key_id", "-")),
    }


def _change(row: dict[str, Any]) -> str:
    """'MINOR: 6 rows added ...' for a table cell."""
    return f"{row['change']['kind']}: {row['change']['summary']}"


def versions_table(title: str, rows: list[dict[str, Any]], width: int) -> Table:
    """The wide table (one line per version, long changes cut) or, under WIDE, the narrow one."""
    if width >= WIDE:
        table = Table(title=title)
        for col in _WIDE_COLUMNS:
            # one line per version: a long change summary is cut, `bohai show` prints it whole
            table.add_column(
                col, no_wrap=True, overflow="ellipsis", max_width=48 if col == "change" else None
            )
        for r in rows:
            table.add_row(
                r["version"], r["release_id"][:16], f"{r['rows']:,}", str(r["files"]),
                r["created_at"], _change(r), r["grade"], r["signer"],
            )  # fmt: skip
        return table
    table = Table(title=title, caption="release id, files, signer: --json or bohai show")
    for col in _NARROW_COLUMNS:
        wraps = col == "change"
        table.add_column(col, no_wrap=not wraps, overflow="fold", ratio=1 if wraps else None)
    for r in rows:
        created = r["created_at"][:16].replace("T", " ")
        table.add_row(r["version"], created, f"{r['rows']:,}", r["grade"], _change(r))
    return table
